"""Migrations: a database of release 0.1.0 (tests/fixtures/release-0.1.0.sqlite, made by that release's own
code) is refused until upgraded, then keeps every article, quote, chat scope and last question and answers;
a new database is made at the current revision; the upgrade runs on PostgreSQL too."""

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import inspect, text

from knowledge import Library, SchemaOutdatedError, database_revision, upgrade_database
from knowledge.storage import migrate
from knowledge.storage.engine import open_engine
from tests.postgres import fresh_database

FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "release-0.1.0.sqlite"
FIXTURE_CHAT = 4242  # the chat whose scope and last question the fixture holds


@pytest.fixture
def old_database(tmp_path: Path) -> str:
    copy = tmp_path / "old.db"
    shutil.copyfile(FIXTURE, copy)
    return f"sqlite:///{copy}"


def test_a_database_of_release_0_1_0_is_refused_until_upgraded(old_database: str) -> None:
    assert database_revision(old_database) == (migrate.RELEASE_0_1_0, migrate.head())
    with pytest.raises(SchemaOutdatedError, match="older than this release"):
        Library(old_database, auto_migrate=False)


def test_the_upgrade_keeps_everything_and_answers(old_database: str) -> None:
    assert upgrade_database(old_database) == (migrate.RELEASE_0_1_0, migrate.head())
    library = Library(old_database, auto_migrate=False)
    try:
        assert library.stats().articles == 1 and library.stats().quotes == 5
        assert library.chats.scope(FIXTURE_CHAT) == 1
        last = library.chats.last_question(FIXTURE_CHAT)
        assert last is not None and last.question == "who said we heard them"
        answer = library.ask("who said we heard them")
        assert answer.found and answer.excerpts[0].speaker == "Dana Whitfield"
        assert all(q.confidence == 1.0 for q in library.article(1).quotes)  # the default for old quotes
        assert library.health()[0]
    finally:
        library.close()
    assert upgrade_database(old_database) == (migrate.head(), migrate.head())  # twice: nothing to do


def test_a_new_database_is_made_at_the_current_revision(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'new.db'}"
    assert database_revision(url) == (None, migrate.head())
    Library(url, auto_migrate=False).close()
    assert database_revision(url) == (migrate.head(), migrate.head())


@pytest.fixture
def pg_url() -> Iterator[str]:
    with fresh_database() as name:
        yield f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"


def test_the_upgrade_runs_on_postgresql(pg_url: str) -> None:
    Library(pg_url).close()
    engine = open_engine(pg_url)
    with engine.begin() as conn:  # back to release 0.1.0's tables: no confidence, feeds or vectors
        conn.execute(
            text("DROP TABLE article_vectors, feed_failures, processed_updates, questions_asked, alembic_version")
        )
        conn.execute(text("ALTER TABLE quotes DROP COLUMN confidence"))
    assert database_revision(pg_url)[0] == migrate.RELEASE_0_1_0
    with pytest.raises(SchemaOutdatedError):
        Library(pg_url, auto_migrate=False)
    upgrade_database(pg_url)
    tables = set(inspect(engine).get_table_names())
    engine.dispose()
    assert {"article_vectors", "feed_failures", "processed_updates", "questions_asked"} <= tables
    library = Library(pg_url, auto_migrate=False)
    library.ingest_text('- The Test Gazette, 2031\n\nHeadline Here\n\n"We heard them," Dana Whitfield said.')
    assert library.ask("who said we heard them").found
    library.close()
