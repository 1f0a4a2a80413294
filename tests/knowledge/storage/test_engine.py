"""A database connection the server drops (a restart, an idle timeout) is replaced, not a failed request.

Needs the local PostgreSQL server (127.0.0.1:5432, trust auth, user postgres) and psycopg; the test makes
its own database and drops it, and skips when either is missing.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest

from knowledge.library import Library
from tests.builders import FERRY_STORY, make_dump

psycopg = pytest.importorskip("psycopg", reason="psycopg is not installed (pip install -e '.[postgres]')")

SERVER = "host=127.0.0.1 port=5432 user=postgres connect_timeout=3"


def _admin() -> psycopg.Connection:
    try:
        return psycopg.connect(f"{SERVER} dbname=postgres", autocommit=True)
    except psycopg.OperationalError as error:
        pytest.skip(f"no PostgreSQL server at 127.0.0.1:5432 ({error.__class__.__name__})")


@pytest.fixture
def database() -> Iterator[str]:
    """A new, empty database on the local server (its name), dropped after the test."""
    name = f"articlebot_test_{uuid.uuid4().hex[:12]}"
    with _admin() as admin:
        admin.execute(f"CREATE DATABASE {name}")
    try:
        yield name
    finally:
        with _admin() as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def test_a_dropped_connection_is_replaced(database: str) -> None:
    library = Library(f"postgresql://postgres@127.0.0.1:5432/{database}")
    try:
        added = library.ingest_text(make_dump(*FERRY_STORY))
        assert library.stats().articles == 1  # the pool now holds an open connection
        with _admin() as admin:  # the server drops every connection to the database
            dropped = admin.execute(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = %s",
                (database,),
            ).fetchone()
        assert dropped is not None and dropped[0] >= 1
        assert library.stats().articles == 1
        assert library.article(added.article.id).title == "Harbour Town Debates New Ferry Schedule"
        assert library.ask("who said we support more crossings").excerpts[0].speaker == "Marcus Lee"
    finally:
        library.close()
