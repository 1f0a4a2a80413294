"""Open the search index of a database: the one place that picks a backend by the database's dialect."""

from __future__ import annotations

from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from knowledge.errors import StoreError
from knowledge.search.postgres import PostgresBackend
from knowledge.search.ranking import ArticleSource, SearchIndex
from knowledge.search.sqlite import SqliteBackend
from knowledge.storage.engine import dialect_of


def open_index(engine: Engine, source: ArticleSource) -> SearchIndex | None:
    """The search index of ``engine``'s database, installed (or brought up to date) first; None when the
    database cannot hold one (neither SQLite with FTS5 nor PostgreSQL): answering then scans the articles.

    Raises:
        StoreError: when the index cannot be made.
    """
    dialect = dialect_of(engine)
    try:
        if dialect == "postgresql" and PostgresBackend.install(engine):
            return SearchIndex(engine, PostgresBackend(), source)
        if dialect == "sqlite" and SqliteBackend.install(engine):
            return SearchIndex(engine, SqliteBackend(), source)
    except SQLAlchemyError as error:
        raise StoreError(f"Cannot open the search index: {error.__class__.__name__}") from error
    return None
