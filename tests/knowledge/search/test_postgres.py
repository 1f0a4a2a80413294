"""The PostgreSQL search index: the same answers as SQLite's, kept in step, built for older databases.

Needs the local server (127.0.0.1:5432, trust auth, user postgres) and psycopg (the ``postgres``
extra); each test makes its own database and drops it. Skipped when either is missing.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from knowledge.library import Library
from knowledge.search.postgres import PostgresBackend
from knowledge.text.terms import index_terms
from tests.builders import CLINIC_STORY, CLINIC_TITLE, FERRY_STORY, make_dump, make_library
from tests.postgres import SERVER, admin, fresh_database, psycopg

SAFETY = "who said we support more crossings but not at the expense of safety"
QUESTIONS = (
    SAFETY,
    "who said 'people been stuck on the pier for an hour'",  # loosely quoted
    "what did Whitfeild say",  # misspelt
    "what did Lee say about safety",
    "How much will the clinic cost a year?",
    "who said the lighthouse will be painted purple",  # nothing says it: a refusal
    "who is quoted",
)


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A new, empty database on the local server, dropped after the test."""
    with fresh_database() as name:
        yield f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"


def _ingest_both(library: Library) -> None:
    library.ingest_text(make_dump(*FERRY_STORY))
    library.ingest_text(make_dump(*CLINIC_STORY, title=CLINIC_TITLE))


def check_counts(library: Library) -> None:
    """The term counts the triggers keep (folded and pending together) equal those counted afresh from the
    stored rows."""
    with library.store.engine.connect() as conn:
        for table in ("sentences", "quotes"):
            kept = dict(
                conn.execute(
                    text(
                        "SELECT term, sum(docs) FROM (SELECT term, docs FROM search_vocab WHERE source = :t "
                        "UNION ALL SELECT term, docs FROM search_vocab_pending WHERE source = :t) AS kept "
                        "GROUP BY term HAVING sum(docs) > 0"
                    ),
                    {"t": table},
                ).all()
            )
            rows = conn.execute(text(f"SELECT terms FROM {table}")).scalars()
            fresh: dict[str, int] = {}
            for terms in rows:
                for term in set(terms.split()):
                    fresh[term] = fresh.get(term, 0) + 1
            assert kept == fresh, table


def test_the_same_questions_get_the_same_answers_as_on_sqlite(pg_url: str, tmp_path: Path) -> None:
    sqlite, postgres = make_library(tmp_path), Library(pg_url)
    assert postgres.index is not None and isinstance(postgres.index.backend, PostgresBackend)
    _ingest_both(sqlite)
    _ingest_both(postgres)
    for question in QUESTIONS:
        assert postgres.ask(question) == sqlite.ask(question), question
    assert postgres.ask(SAFETY).excerpts[0].speaker == "Marcus Lee"
    assert postgres.ask("what did Whitfeild say").excerpts[0].speaker == "Dana Whitfield"
    assert not postgres.ask(QUESTIONS[5]).found
    check_counts(postgres)
    sqlite.close()
    postgres.close()


def test_candidates_survive_typos_on_postgres(pg_url: str) -> None:
    library = Library(pg_url)
    _ingest_both(library)
    assert library.index is not None and isinstance(library.index.backend, PostgresBackend)
    quotes = library.index.find_quotes(index_terms("peple stuck pier hour aftre"), 10)
    assert quotes[0].speaker == "Dana Whitfield"
    assert {"Marcus Lee", "Sandra Lee"} <= {v.speaker.name for v in library.index.find_speakers("Lee", 50)}
    library.close()


def test_index_follows_update_in_place_and_remove(pg_url: str) -> None:
    library = Library(pg_url)
    url = "https://example.org/ferry"
    first = library.ingest_text(make_dump(*FERRY_STORY[:4]), url=url)
    assert not library.ask(SAFETY).found
    second = library.ingest_text(make_dump(*FERRY_STORY), url=url)
    assert (second.status, second.article.id) == ("updated", first.article.id)
    assert library.ask(SAFETY).excerpts[0].speaker == "Marcus Lee"
    check_counts(library)
    assert library.remove(first.article.id)
    assert not library.ask(SAFETY).found
    check_counts(library)
    assert library.compact() >= 0
    library.close()


def test_pending_term_counts_fold_into_the_counts(pg_url: str) -> None:
    library = Library(pg_url)
    _ingest_both(library)
    assert library.index is not None
    with library.store.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM search_vocab_pending")).scalar()
    library.index.settle()
    with library.store.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM search_vocab_pending")).scalar() == 0
        assert conn.execute(text("SELECT count(*) FROM search_vocab WHERE docs > 0")).scalar()
    check_counts(library)
    assert library.ask(SAFETY).excerpts[0].speaker == "Marcus Lee"
    assert library.ask("what did Whitfeild say").excerpts[0].speaker == "Dana Whitfield"
    library.close()


def test_a_question_never_loads_every_article(pg_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    library = Library(pg_url)
    _ingest_both(library)
    monkeypatch.setattr(type(library.store), "all", lambda self: pytest.fail("loaded every article"))
    assert library.ask("How much will the clinic cost a year?").found
    assert library.ask("what did Whitfield say").found
    library.close()


def test_an_older_database_gets_its_index_once(pg_url: str) -> None:
    library = Library(pg_url)
    _ingest_both(library)
    with library.store.engine.begin() as conn:  # back to a database made before the index
        for table in ("sentences", "quotes"):
            for change in ("insert", "delete", "update"):
                conn.execute(text(f"DROP TRIGGER {table}_vocab_{change} ON {table}"))
            conn.execute(text(f"DROP INDEX {table}_terms_search"))
            conn.execute(text(f"ALTER TABLE {table} DROP COLUMN terms"))
        conn.execute(text("ALTER TABLE speakers DROP COLUMN names"))
        conn.execute(text("DROP TABLE search_vocab"))
        conn.execute(text("DROP TABLE search_meta"))
        conn.execute(text("DROP TABLE alembic_version"))  # made before migrations, too
        conn.execute(text("DROP TABLE processed_updates"))
        conn.execute(text("DROP TABLE questions_asked"))
    library.close()

    reopened = Library(pg_url)
    assert reopened.ask(SAFETY).excerpts[0].speaker == "Marcus Lee"
    assert reopened.ask("what did Whitfeild say").excerpts[0].speaker == "Dana Whitfield"
    check_counts(reopened)
    with reopened.store.engine.connect() as conn:
        indexes = set(conn.execute(text("SELECT indexname FROM pg_indexes")).scalars())
    assert {"sentences_terms_search", "quotes_terms_search", "speaker_names_trigrams"} <= indexes
    reopened.close()
    Library(pg_url).close()  # opening again changes nothing


def test_search_terms_of_another_version_are_computed_again(pg_url: str) -> None:
    library = Library(pg_url)
    _ingest_both(library)
    with library.store.engine.begin() as conn:
        conn.execute(text("UPDATE sentences SET terms = 'stale'"))
        conn.execute(text("UPDATE search_meta SET value = 'old' WHERE key = 'terms'"))
    library.close()

    reopened = Library(pg_url)
    assert reopened.ask("How much will the clinic cost a year?").found
    check_counts(reopened)
    reopened.close()


def test_without_pg_trgm_names_are_still_found(pg_url: str, caplog: pytest.LogCaptureFixture) -> None:
    database = pg_url.rsplit("/", 1)[1]
    role = f"articlebot_plain_{uuid.uuid4().hex[:8]}"
    with admin() as server:  # a role that may make tables but not extensions
        server.execute(f"CREATE ROLE {role} LOGIN")
    try:
        with psycopg.connect(f"{SERVER} dbname={database}", autocommit=True) as owner:
            owner.execute(f"GRANT CREATE ON SCHEMA public TO {role}")
        with caplog.at_level(logging.WARNING, logger="knowledge.search.postgres"):
            library = Library(pg_url.replace("postgres@", f"{role}@"))
        assert "pg_trgm" in caplog.text
        _ingest_both(library)
        assert library.ask("what did Whitfeild say").excerpts[0].speaker == "Dana Whitfield"
        library.close()
    finally:
        with admin() as server:
            server.execute(f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")
            server.execute(f"DROP ROLE IF EXISTS {role}")


def test_a_missing_server_skips_the_database_tests_unless_ci_requires_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import tests.postgres as server_module

    monkeypatch.setattr(server_module, "SERVER", "host=127.0.0.1 port=1 user=postgres connect_timeout=2")
    monkeypatch.delenv("ARTICLEBOT_REQUIRE_POSTGRES", raising=False)
    with pytest.raises(pytest.skip.Exception):
        server_module.admin()
    monkeypatch.setenv("ARTICLEBOT_REQUIRE_POSTGRES", "1")
    with pytest.raises(pytest.fail.Exception, match="no PostgreSQL server"):
        server_module.admin()
