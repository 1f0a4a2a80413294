"""A database connection the server drops (a restart, an idle timeout) is replaced, not a failed request.

Needs the local PostgreSQL server (127.0.0.1:5432, trust auth, user postgres) and psycopg; the test makes
its own database and drops it, and skips when either is missing.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from knowledge.library import Library
from tests.builders import FERRY_STORY, make_dump
from tests.postgres import admin, fresh_database


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
