"""A database connection the server drops (a restart, an idle timeout) is replaced, not a failed request.

Needs the local PostgreSQL server (127.0.0.1:5432, trust auth, user postgres) and psycopg; the test makes
its own database and drops it, and skips when either is missing.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from knowledge.errors import StoreError
from knowledge.library import Library
from knowledge.storage.engine import exclusive, open_engine
from tests.builders import FERRY_STORY, make_dump
from tests.postgres import admin, fresh_database
from tests.tcp_proxy import TcpProxy


@pytest.fixture
def database() -> Iterator[str]:
    """A new, empty database on the local server (its name), dropped after the test."""
    with fresh_database() as name:
        yield name


def test_a_dropped_connection_is_replaced(database: str) -> None:
    library = Library(f"postgresql://postgres@127.0.0.1:5432/{database}")
    try:
        added = library.ingest_text(make_dump(*FERRY_STORY))
        assert library.stats().articles == 1  # the pool now holds an open connection
        with admin() as server:  # the server drops every connection to the database
            dropped = server.execute(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = %s",
                (database,),
            ).fetchone()
        assert dropped is not None and dropped[0] >= 1
        assert library.stats().articles == 1
        assert library.article(added.article.id).title == "Harbour Town Debates New Ferry Schedule"
        assert library.ask("who said we support more crossings").excerpts[0].speaker == "Marcus Lee"
    finally:
        library.close()


def test_one_process_at_a_time_has_a_turn_on_postgresql() -> None:
    with fresh_database() as name:
        url = f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
        first, second = open_engine(url), open_engine(url)  # as two replicas: two connection pools
        try:
            with exclusive(first, "feeds") as mine:
                assert mine
                with exclusive(second, "feeds") as theirs, exclusive(second, "something else") as other:
                    assert not theirs and other
            with exclusive(second, "feeds") as now_theirs:
                assert now_theirs  # released when the first block ended
        finally:
            first.dispose()
            second.dispose()


def test_a_sqlite_file_always_has_the_turn(tmp_path: Path) -> None:
    engine = open_engine(f"sqlite:///{tmp_path / 'one.db'}")
    with exclusive(engine, "feeds") as mine, exclusive(engine, "feeds") as again:
        assert mine and again
    engine.dispose()


def test_a_dropped_database_connection_is_recovered_without_a_restart() -> None:
    """PostgreSQL reached through a TCP proxy that is stopped (every connection cut) and started again: a
    question asked while it is away fails with a typed StoreError, and once it is back the same Library
    answers again (the pool's pre-ping replaces the dead connections)."""
    with fresh_database() as name:
        proxy = TcpProxy(("127.0.0.1", 5432))
        proxy.start()
        library = Library(f"postgresql+psycopg://postgres@127.0.0.1:{proxy.port}/{name}")
        try:
            library.ingest_text(make_dump(*FERRY_STORY))
            assert library.ask("who said we heard them").found
            proxy.stop()
            with pytest.raises(StoreError, match="cannot be reached"):
                library.ask("who said we heard them")
            assert not library.health()[0]
            proxy.start()
            assert library.ask("who said we heard them").found
            assert library.health()[0]
        finally:
            library.close()
            proxy.stop()
