"""Open a database by URL: the one place that knows the SQL dialects, their drivers, SQLite's settings and
PostgreSQL's advisory locks."""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Literal

from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError

from knowledge.errors import StoreError

DEFAULT_DATABASE_URL = "sqlite:///articlebot.db"

Dialect = Literal["sqlite", "postgresql", "other"]


def open_engine(url: str = DEFAULT_DATABASE_URL) -> Engine:
    """An engine for ``url``: psycopg 3 for a bare ``postgresql://``; for an SQLite file, its folder made and
    the pragmas below set on every connection. On a database server, each pooled connection is checked
    before use (``pool_pre_ping``), so a connection the server dropped (a restart, an idle timeout, a
    failover) is replaced instead of failing the next request; SQLite files have no connection to lose.

    Raises:
        StoreError: when the URL is malformed or its database driver is not installed.
    """
    try:
        parsed = make_url(url)
    except ArgumentError as error:
        raise StoreError(f"Cannot open the database: {url!r} is not a database URL") from error
    if parsed.drivername in ("postgres", "postgresql"):  # no driver named: psycopg 3, the ``postgres`` extra
        parsed = parsed.set(drivername="postgresql+psycopg")
    on_disk = parsed.database not in (None, "", ":memory:")
    sqlite = parsed.get_backend_name() == "sqlite"
    if sqlite and on_disk and parsed.database:
        Path(parsed.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
    try:
        engine = create_engine(parsed, pool_pre_ping=not sqlite)
    except ModuleNotFoundError as error:  # e.g. a PostgreSQL URL without psycopg installed
        raise StoreError(
            f"Cannot open the database: its driver is not installed ({error.name}); "
            "for PostgreSQL: pip install -e '.[postgres]'"
        ) from error
    except SQLAlchemyError as error:
        raise StoreError(f"Cannot open the database: {error.__class__.__name__}") from error
    if sqlite:
        event.listen(engine, "connect", _sqlite_pragmas if on_disk else _sqlite_foreign_keys)
    return engine


def dialect_of(bind: Engine | Connection) -> Dialect:
    """Which kind of database ``bind`` talks to."""
    name = bind.dialect.name
    return "sqlite" if name == "sqlite" else "postgresql" if name == "postgresql" else "other"


def driver_marks(bind: Engine | Connection, count: int) -> str:
    """``count`` positional parameter marks in the driver's own style ("?, ?" for sqlite3, "%s, %s" for
    psycopg), for plain SQL sent straight to the driver on the ingestion path."""
    mark = "?" if bind.dialect.paramstyle == "qmark" else "%s"
    return ", ".join([mark] * count)


def _sqlite_foreign_keys(connection: Any, _record: Any) -> None:
    cursor = connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _sqlite_pragmas(connection: Any, record: Any) -> None:
    """Foreign keys on; a write-ahead log (readers never wait for a writer, a commit is cheap); a warm cache."""
    _sqlite_foreign_keys(connection, record)
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA wal_autocheckpoint=10000")
    cursor.execute("PRAGMA cache_size=-32000")  # 32 MB of pages per connection, so the index stays warm
    cursor.execute("PRAGMA mmap_size=268435456")  # reads through a memory map (no copying)
    cursor.close()


@contextmanager
def exclusive(engine: Engine, name: str) -> Iterator[bool]:
    """Whether this process has the turn at ``name`` among the processes sharing the database, held until
    the block ends: a PostgreSQL advisory lock, not waited for (True when taken, False when another process
    holds it). A SQLite file is one process's: always True."""
    if dialect_of(engine) != "postgresql":
        yield True
        return
    key = _lock_key(name)
    with engine.connect() as conn:
        taken = bool(conn.execute(text("SELECT pg_try_advisory_lock(:key)"), {"key": key}).scalar())
        try:
            yield taken
        finally:
            if taken:
                conn.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": key})
            conn.commit()


def wait_turn(conn: Connection, name: str, number: int) -> None:
    """Wait for the turn at (``name``, ``number``) among the processes sharing the database, held until
    ``conn``'s transaction ends: a PostgreSQL transaction-level advisory lock (nothing on SQLite, whose
    writers already take turns)."""
    if dialect_of(conn) == "postgresql":
        conn.execute(
            text("SELECT pg_advisory_xact_lock(:key, :number)"),
            {"key": _lock_key(name), "number": number % 2**31},
        )


def _lock_key(name: str) -> int:
    """An advisory lock's number: a signed 32-bit int named after the turn."""
    return zlib.crc32(name.encode()) - 2**31
