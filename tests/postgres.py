"""The local PostgreSQL server the database tests use (127.0.0.1:5432, trust auth, user postgres): a fresh
database per test, dropped after it. Without a server the tests skip, unless ARTICLEBOT_REQUIRE_POSTGRES=1
(CI sets it), where a missing server fails them loudly."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

psycopg = pytest.importorskip("psycopg", reason="psycopg is not installed (pip install -e '.[postgres]')")

SERVER = "host=127.0.0.1 port=5432 user=postgres connect_timeout=3"


def admin() -> psycopg.Connection:
    """A connection to the server's ``postgres`` database, in autocommit."""
    try:
        return psycopg.connect(f"{SERVER} dbname=postgres", autocommit=True)
    except psycopg.OperationalError as error:
        reason = f"no PostgreSQL server at 127.0.0.1:5432 ({error.__class__.__name__})"
        if os.environ.get("ARTICLEBOT_REQUIRE_POSTGRES") == "1":
            pytest.fail(reason)
        pytest.skip(reason)


@contextmanager
def fresh_database() -> Iterator[str]:
    """A new, empty database on the local server (its name), dropped afterwards."""
    name = f"articlebot_test_{uuid.uuid4().hex[:12]}"
    with admin() as connection:
        connection.execute(f"CREATE DATABASE {name}")
    try:
        yield name
    finally:
        with admin() as connection:
            connection.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@contextmanager
def database_url(kind: str, folder: Path) -> Iterator[str]:
    """The URL of an empty database of ``kind``: a SQLite file in ``folder``, or a fresh PostgreSQL database."""
    if kind == "sqlite":
        yield f"sqlite:///{folder / 'test.db'}"
        return
    with fresh_database() as name:
        yield f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
