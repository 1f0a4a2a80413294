"""The full-text index: kept in step with the store, built for older databases, tolerant of typos."""

from pathlib import Path

import pytest
from sqlalchemy import text

from knowledge.library import Library
from knowledge.storage.articles import ArticleStore
from knowledge.text.terms import index_terms
from tests.builders import CLINIC_STORY, CLINIC_TITLE, FERRY_STORY, make_dump, make_library

SAFETY = "who said we support more crossings but not at the expense of safety"


def check_integrity(library: Library) -> None:
    """FTS5 verifies that each search table matches the rows it indexes (raises when not)."""
    with library.store.engine.begin() as conn:
        for table in ("sentence_search", "quote_search", "name_search"):
            conn.execute(text(f"INSERT INTO {table}({table}) VALUES ('integrity-check')"))


def test_index_follows_ingest_update_and_remove(tmp_path: Path) -> None:
    library = make_library(tmp_path)
    url = "https://example.org/ferry"
    first = library.ingest_text(make_dump(*FERRY_STORY[:4]), url=url)
    assert not library.ask(SAFETY).found  # not in the first version of the page

    second = library.ingest_text(make_dump(*FERRY_STORY), url=url)
    assert (second.status, second.article.id) == ("updated", first.article.id)
    assert library.ask(SAFETY).excerpts[0].speaker == "Marcus Lee"
    check_integrity(library)

    assert library.remove(first.article.id)
    assert not library.ask(SAFETY).found
    check_integrity(library)
    library.close()


def test_a_question_never_loads_every_article(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    library = make_library(tmp_path)
    library.ingest_text(make_dump(*FERRY_STORY))
    library.ingest_text(make_dump(*CLINIC_STORY, title=CLINIC_TITLE))

    def load_everything(self: ArticleStore) -> None:
        raise AssertionError("answering loaded every article")

    monkeypatch.setattr(ArticleStore, "all", load_everything)
    assert library.ask("who said nobody should have to choose between sleep and a doctor").found
    assert library.ask("How much will the clinic cost a year?").found
    assert library.ask("what did Whitfield say").found
    library.close()


def test_a_second_library_on_the_same_database_sees_new_articles(tmp_path: Path) -> None:
    bot, cli = make_library(tmp_path), make_library(tmp_path)  # e.g. the bot running, `articlebot ingest`
    assert not bot.ask(SAFETY).found
    cli.ingest_text(make_dump(*FERRY_STORY))
    assert bot.ask(SAFETY).found
    bot.close()
    cli.close()


def test_an_older_database_gets_its_index_once(tmp_path: Path) -> None:
    library = make_library(tmp_path)
    library.ingest_text(make_dump(*FERRY_STORY))
    with library.store.engine.begin() as conn:  # back to a database made before the index
        for table in ("sentence_search", "quote_search", "name_search"):
            for change in ("insert", "delete", "update"):
                conn.execute(text(f"DROP TRIGGER {table}_{change}"))
            conn.execute(text(f"DROP TABLE {table}_vocab"))
            conn.execute(text(f"DROP TABLE {table}"))
        conn.execute(text("DROP TABLE search_meta"))
        conn.execute(text("DROP TABLE alembic_version"))  # made before migrations, too
        conn.execute(text("DROP TABLE processed_updates"))
        conn.execute(text("DROP TABLE questions_asked"))
        conn.execute(text("ALTER TABLE sentences DROP COLUMN terms"))
        conn.execute(text("ALTER TABLE quotes DROP COLUMN terms"))
        conn.execute(text("ALTER TABLE speakers DROP COLUMN names"))
    library.close()

    reopened = make_library(tmp_path)
    assert reopened.ask(SAFETY).excerpts[0].speaker == "Marcus Lee"
    check_integrity(reopened)
    reopened.close()


def test_candidates_survive_typos_and_missing_words(tmp_path: Path) -> None:
    library = make_library(tmp_path)
    library.ingest_text(make_dump(*FERRY_STORY))
    library.ingest_text(make_dump(*CLINIC_STORY, title=CLINIC_TITLE))
    index = library.index
    assert index is not None
    quotes = index.find_quotes(index_terms("peple stuck pier hour aftre"), 10)
    assert any(q.text.startswith("People have been stuck on the pier") for q in quotes)
    assert quotes[0].speaker == "Dana Whitfield"
    names = {v.speaker.name for v in index.find_speakers("Whitfeild", 50)}
    assert "Dana Whitfield" in names
    lees = {v.speaker.name for v in index.find_speakers("Lee", 50)}
    assert {"Marcus Lee", "Sandra Lee"} <= lees
    library.close()


def test_compacting_keeps_every_answer(tmp_path: Path) -> None:
    library = make_library(tmp_path)
    library.ingest_text(make_dump(*FERRY_STORY))
    before = library.ask(SAFETY)
    assert library.compact() >= 0
    assert library.ask(SAFETY) == before
    check_integrity(library)
    library.close()


def test_search_tables_made_with_other_options_are_made_again(tmp_path: Path) -> None:
    library = make_library(tmp_path)
    library.ingest_text(make_dump(*FERRY_STORY))
    with library.store.engine.begin() as conn:  # as an older layout left them: positions kept
        conn.execute(text("DROP TABLE sentence_search_vocab"))
        conn.execute(text("DROP TABLE sentence_search"))
        conn.execute(
            text(
                "CREATE VIRTUAL TABLE sentence_search USING fts5(terms, content='sentences', "
                "content_rowid='id', detail=full)"
            )
        )
        conn.execute(text("DELETE FROM search_meta WHERE key = 'layout'"))
    library.close()

    reopened = make_library(tmp_path)
    with reopened.store.engine.connect() as conn:
        made = conn.execute(text("SELECT sql FROM sqlite_master WHERE name = 'sentence_search'")).scalar()
    assert "detail=none" in made
    assert reopened.ask(SAFETY).excerpts[0].speaker == "Marcus Lee"
    check_integrity(reopened)
    reopened.close()
