import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Connection, func, insert, select, text
from sqlalchemy.orm import Session

from knowledge.errors import NotFoundError, StoreError
from knowledge.models import Article, IngestResult
from knowledge.search.columns import search_columns
from knowledge.storage import articles as store_module
from knowledge.storage.articles import ArticleStore
from knowledge.storage.engine import open_engine
from knowledge.storage.schema import ARTICLES, SentenceRow, create_schema
from tests.builders import FERRY_STORY, make_article


def make_store(tmp_path: Path) -> ArticleStore:
    engine = open_engine(f"sqlite:///{tmp_path / 'nested' / 'store.db'}")
    create_schema(engine)
    return ArticleStore(engine)


def save(store: ArticleStore, article: Article) -> IngestResult:
    return store.save(article, search_columns(article))


def test_saved_article_loads_back_equal(tmp_path: Path) -> None:
    store = make_store(tmp_path)
    article = make_article(*FERRY_STORY, url="https://example.org/ferry")
    result = save(store, article)
    loaded = store.get(result.article.id)
    assert result.created
    assert (loaded.title, loaded.sentences, loaded.url) == (article.title, article.sentences, article.url)
    assert loaded.quotes == article.quotes
    assert {s.name: s.role for s in loaded.speakers} == {s.name: s.role for s in article.speakers}
    assert result.article.quotes == len(article.quotes)


def test_same_article_twice_is_stored_once(tmp_path: Path) -> None:
    store = make_store(tmp_path)
    first = save(store, make_article(*FERRY_STORY))
    second = save(store, make_article(*FERRY_STORY))
    assert second.status == "unchanged"
    assert second.article.id == first.article.id
    assert len(store.newest()) == 1


def test_changed_page_at_same_url_is_updated_in_place(tmp_path: Path) -> None:
    store = make_store(tmp_path)
    url = "https://example.org/ferry"
    first = save(store, make_article(*FERRY_STORY, url=url))
    second = save(store, make_article(*FERRY_STORY[:3], url=url))
    assert second.article.id == first.article.id
    assert second.status == "updated"
    assert len(store.get(first.article.id).sentences) < len(make_article(*FERRY_STORY).sentences)
    assert len(store.newest()) == 1


def test_missing_article_is_a_typed_error(tmp_path: Path) -> None:
    with pytest.raises(NotFoundError):
        make_store(tmp_path).get(42)


def test_failed_save_writes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = make_store(tmp_path)
    insert_children = store_module._insert_children

    def insert_then_break_a_sentence(
        session: Session, article_id: int, article: Article, *columns: Any
    ) -> None:
        insert_children(session, article_id, article, *columns)
        broken = {"article_id": article_id, "position": 999, "text": None, "terms": ""}  # NOT NULL: refused
        session.execute(insert(SentenceRow.__table__), [broken])

    monkeypatch.setattr(store_module, "_insert_children", insert_then_break_a_sentence)
    with pytest.raises(StoreError):
        save(store, make_article(*FERRY_STORY))
    assert store.newest() == []


def test_remove_deletes_the_article_and_its_quotes(tmp_path: Path) -> None:
    store = make_store(tmp_path)
    article_id = save(store, make_article(*FERRY_STORY)).article.id
    assert store.remove(article_id)
    assert store.newest() == []
    assert not store.remove(article_id)


def test_an_article_stored_meanwhile_by_another_writer_is_stored_once() -> None:
    """Two replicas add the same URL at once on PostgreSQL: the second waits on the first's row, then
    stores its version over it instead of failing."""
    from tests.postgres import fresh_database

    with fresh_database() as name:
        url = f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
        engine, other = open_engine(url), open_engine(url)
        create_schema(engine)
        store = ArticleStore(engine)
        article = make_article(*FERRY_STORY, url="https://example.org/ferry")
        with other.connect() as conn, ThreadPoolExecutor(1) as pool:
            conn.execute(  # the other replica's version, not committed yet
                insert(ARTICLES).values(
                    title="Ferry", url="https://example.org/ferry", text="An early version.", content_hash="x"
                )
            )
            saving = pool.submit(save, store, article)
            _wait_for_a_lock(conn, name)
            conn.commit()
            result = saving.result(timeout=30)
        assert result.status == "updated"
        with engine.connect() as conn:
            assert conn.execute(select(func.count()).select_from(ARTICLES)).scalar() == 1
        assert store.get(result.article.id).quotes == article.quotes
        engine.dispose()
        other.dispose()


def _wait_for_a_lock(conn: Connection, database: str) -> None:
    """Until a session of ``database`` waits on a lock (the save, on the uncommitted row)."""
    waiting = text(
        "SELECT count(*) FROM pg_stat_activity WHERE datname = :name AND wait_event_type = 'Lock'"
    )
    for _ in range(300):
        if conn.execute(waiting, {"name": database}).scalar():
            return
        time.sleep(0.02)
    raise AssertionError("the save never waited for the other writer")
