"""The search index on SQLite: FTS5 tables over the stored search columns, kept in step by triggers.

The store writes each sentence's and quote's search terms (``knowledge.search.columns``) and each
speaker's names into ordinary columns; the FTS5 tables below index those columns as *external content*,
and triggers update them inside the same transaction as every insert, update and delete. So the index is
on disk with the articles, costs nothing to load at start-up, and can never drift from the store.
"""

from __future__ import annotations

import logging
import sqlite3
import time
from collections.abc import Collection, Mapping, Sequence
from itertools import combinations

from sqlalchemy import Connection, Engine

from knowledge.search.columns import has_articles, read_meta, terms_outdated, write_meta
from knowledge.search.ranking import Row, Searched
from knowledge.text.terms import TERMS_VERSION

logger = logging.getLogger(__name__)

# (searched table, indexed column, fts table, tokenizer)
_INDEXES: tuple[tuple[Searched, str, str, str], ...] = (
    ("sentences", "terms", "sentence_search", "unicode61"),
    ("quotes", "terms", "quote_search", "unicode61"),
    ("speakers", "names", "name_search", "trigram"),
)
_FTS: dict[Searched, str] = {table: fts for table, _, fts, _ in _INDEXES}
# How the search tables are made. Searches need neither term positions (a query is single terms, or
# single trigrams, joined by AND and OR) nor row sizes (candidates are ranked in Python), so neither is
# kept: ``detail=none`` and ``columnsize=0`` halve what every ingested row costs the index. Each table
# merges its segments once 16 of a size pile up (FTS5's default is 4: less merging while ingesting,
# a few more segments to visit per search until the next ``compact``). Bump ``_LAYOUT`` when
# changing any of this: a database made with other options gets its search tables made again.
_AUTOMERGE = 16
_LAYOUT = "2"


class SqliteBackend:
    """FTS5 tables answer which rows hold which terms; their fts5vocab tables count and list terms."""

    @staticmethod
    def install(engine: Engine) -> bool:
        """Create the search tables and triggers, filling them once for a database made before them.

        Stored search columns of another ``knowledge.text.terms.TERMS_VERSION`` are left as they are: they
        are computed again by ``knowledge.search.columns.reindex_search_columns``, an explicit step.
        False when this SQLite has no FTS5.
        """
        with engine.begin() as conn:
            if not _has_fts5(conn):
                logger.warning("SQLite here has no FTS5: answering will scan every article")
                return False
            if terms_outdated(conn) and not has_articles(conn):
                write_meta(conn, "terms", TERMS_VERSION)  # (stored terms are computed again explicitly)
            if read_meta(conn, "layout") != _LAYOUT:
                _drop_index(conn)  # made with other options: made again below, from the stored columns
                write_meta(conn, "layout", _LAYOUT)
            created = [_create_index(conn, *spec) for spec in _INDEXES]
            conn.exec_driver_sql("CREATE INDEX IF NOT EXISTS ix_quotes_speaker_id ON quotes (speaker_id)")
            for (_, _, fts, _), new in zip(_INDEXES, created, strict=True):
                if new:
                    conn.exec_driver_sql(f"INSERT INTO {fts}({fts}) VALUES ('rebuild')")
        return True

    def rebuild(self, engine: Engine) -> float:
        """Rebuild every search table from the stored rows; return the seconds it took."""
        start = time.perf_counter()
        with engine.begin() as conn:
            for fts in _FTS.values():
                conn.exec_driver_sql(f"INSERT INTO {fts}({fts}) VALUES ('rebuild')")
                conn.exec_driver_sql(f"INSERT INTO {fts}({fts}) VALUES ('optimize')")
        return time.perf_counter() - start

    def compact(self, engine: Engine) -> float:
        """Merge each search table into one segment; return the seconds it took.

        Articles ingested one by one leave the index in many small segments that every search must
        visit; merging them takes well under a second for ten thousand articles.
        """
        start = time.perf_counter()
        with engine.begin() as conn:
            for fts in _FTS.values():
                if conn.exec_driver_sql("SELECT 1 FROM sqlite_master WHERE name = ?", (fts,)).first():
                    conn.exec_driver_sql(f"INSERT INTO {fts}({fts}) VALUES ('optimize')")
        return time.perf_counter() - start

    def settle(self, engine: Engine) -> None:
        """Nothing: the FTS5 tables are whole after every transaction."""

    def count(self, conn: Connection, table: Searched, terms: Collection[str]) -> dict[str, int]:
        """How many rows hold each term (read from the fts5vocab table; absent: none)."""
        wanted = tuple(terms)
        marks = ",".join("?" * len(wanted))
        rows = _raw(conn, f"SELECT term, doc FROM {_FTS[table]}_vocab WHERE term IN ({marks})", wanted)
        return {str(term): int(doc) for term, doc in rows}  # type: ignore[call-overload]

    def holding(
        self, conn: Connection, table: Searched, groups: Sequence[Sequence[str]], level: int, limit: int
    ) -> list[int]:
        """Ids of up to ``limit`` rows holding (a term of) at least ``level`` of the groups."""
        fts = _FTS[table]
        rows = _raw(
            conn,
            f"SELECT rowid FROM {fts} WHERE {fts} MATCH ? LIMIT {int(limit)}",
            (_at_least(groups, level),),
        )
        return [int(r[0]) for r in rows]  # type: ignore[call-overload]

    def vocabulary(self, conn: Connection, table: Searched, prefix: str) -> list[str]:
        """Every term starting with ``prefix``, in order."""
        rows = _raw(
            conn,
            f"SELECT term FROM {_FTS[table]}_vocab WHERE term >= ? AND term < ?",
            (prefix, prefix + "\uffff"),
        )
        return [str(r[0]) for r in rows]

    def rows(self, conn: Connection, sql: str, params: Mapping[str, object]) -> list[Row]:
        """Run a query with named parameters: sqlite3 reads ``:name`` marks itself."""
        return _raw(conn, sql, params)


def _raw(conn: Connection, sql: str, params: Sequence[object] | Mapping[str, object]) -> list[Row]:
    """Rows straight from the sqlite3 cursor: the hot queries skip SQLAlchemy's result layer."""
    driver = conn.connection.driver_connection
    assert isinstance(driver, sqlite3.Connection)
    cursor = driver.cursor()
    try:
        return cursor.execute(sql, params).fetchall()
    finally:
        cursor.close()


def _has_fts5(conn: Connection) -> bool:
    try:
        conn.exec_driver_sql(
            "CREATE VIRTUAL TABLE IF NOT EXISTS temp._fts5_probe USING fts5(x, tokenize='trigram')"
        )
        conn.exec_driver_sql("DROP TABLE temp._fts5_probe")
    except Exception:  # noqa: BLE001 - any failure means "no FTS5 here"
        return False
    return True


def _drop_index(conn: Connection) -> None:
    """Drop the search tables and their triggers (the stored search columns stay)."""
    for fts in _FTS.values():
        for change in ("insert", "delete", "update"):
            conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {fts}_{change}")
        conn.exec_driver_sql(f"DROP TABLE IF EXISTS {fts}_vocab")
        conn.exec_driver_sql(f"DROP TABLE IF EXISTS {fts}")


def _create_index(conn: Connection, table: str, column: str, fts: str, tokenizer: str) -> bool:
    """Create one FTS5 table over ``table.column`` with its triggers; True when it is new."""
    exists = conn.exec_driver_sql("SELECT 1 FROM sqlite_master WHERE name = ?", (fts,)).first()
    conn.exec_driver_sql(
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {fts} USING fts5({column}, content='{table}', "
        f"content_rowid='id', tokenize='{tokenizer}', detail=none, columnsize=0)"
    )
    if exists is None:
        conn.exec_driver_sql(f"INSERT INTO {fts}({fts}, rank) VALUES ('automerge', {_AUTOMERGE})")
    conn.exec_driver_sql(f"CREATE VIRTUAL TABLE IF NOT EXISTS {fts}_vocab USING fts5vocab({fts}, 'row')")
    delete = f"INSERT INTO {fts}({fts}, rowid, {column}) VALUES ('delete', old.id, old.{column});"
    insert = f"INSERT INTO {fts}(rowid, {column}) VALUES (new.id, new.{column});"
    for name, when, body in (
        ("insert", "AFTER INSERT", insert),
        ("delete", "AFTER DELETE", delete),
        ("update", f"AFTER UPDATE OF {column}", delete + " " + insert),
    ):
        conn.exec_driver_sql(f"CREATE TRIGGER IF NOT EXISTS {fts}_{name} {when} ON {table} BEGIN {body} END")
    return exists is None


def _at_least(groups: Sequence[Sequence[str]], count: int) -> str:
    """An FTS5 query for rows holding (a term of) at least ``count`` of the groups."""
    return " OR ".join(
        "(" + " AND ".join(_any_of(g) for g in chosen) + ")" for chosen in combinations(groups, count)
    )


def _any_of(group: Sequence[str]) -> str:
    return "(" + " OR ".join('"' + t.replace('"', '""') + '"' for t in group) + ")"
