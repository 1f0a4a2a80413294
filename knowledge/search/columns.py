"""Compute the search terms stored with each article, and compute them again when their definition changes."""

from __future__ import annotations

import logging
from collections.abc import Iterator

from sqlalchemy import Connection, Engine, bindparam, delete, func, insert, select, update

from knowledge.models import Article, SearchColumns, Speaker
from knowledge.storage.schema import ALIASES, ARTICLES, META, QUOTES, SENTENCES, SPEAKERS
from knowledge.text.terms import TERMS_VERSION, index_terms, normalize

logger = logging.getLogger(__name__)

REINDEX_BATCH = 200  # articles whose search terms are computed again in one transaction
_THROUGH = "terms_through"  # "<version>:<article id>": how far a reindex to that version has come


def search_columns(article: Article) -> SearchColumns:
    """The search terms of an article's sentences and quotes and its speakers' names, as stored; bulk
    ingestion computes them in its parsing workers, off the storing process."""
    return SearchColumns(
        tuple(" ".join(index_terms(s)) for s in article.sentences),
        tuple(" ".join(index_terms(q.text)) for q in article.quotes),
        tuple(speaker_names(s) for s in article.speakers),
    )


def speaker_names(speaker: Speaker) -> str:
    """The text the name index holds for a speaker: its name and aliases, normalized."""
    forms = dict.fromkeys(normalize(n) for n in (speaker.name, *speaker.aliases))
    return " | ".join(f for f in forms if f)


def read_meta(conn: Connection, key: str) -> str | None:
    """A value the index keeps about itself (``search_meta``): the terms version, the layout."""
    return conn.scalar(select(META.c.value).where(META.c.key == key))


def write_meta(conn: Connection, key: str, value: str) -> None:
    """Record a value the index keeps about itself."""
    conn.execute(delete(META).where(META.c.key == key))
    conn.execute(insert(META).values(key=key, value=value))


def terms_outdated(conn: Connection) -> bool:
    """Whether the stored search columns were computed by another version of ``index_terms``."""
    return read_meta(conn, "terms") != TERMS_VERSION


def has_articles(conn: Connection) -> bool:
    """Whether any article is stored (a database without one needs no terms computed again)."""
    return conn.scalar(select(ARTICLES.c.id).limit(1)) is not None


def reindex_search_columns(engine: Engine, batch: int = REINDEX_BATCH) -> Iterator[tuple[int, int]]:
    """Compute the stored search terms and speakers' names again with this ``TERMS_VERSION``, ``batch``
    articles per transaction, oldest first; yield (articles done, articles in all) after each batch.

    The index follows each change through its triggers, so it is whole after every batch, and questions
    are answered meanwhile. Resumable: the last article done is recorded with each batch, and a reindex
    stopped halfway (killed, or the generator closed) goes on from there next time. The new version is
    recorded once every article has been done. Nothing to do when the terms are current.
    """
    with engine.begin() as conn:
        if not terms_outdated(conn):
            return
        started = read_meta(conn, _THROUGH) or ""
        version, _, last = started.partition(":")
        through = int(last) if version == TERMS_VERSION and last.isdigit() else 0
        total = conn.scalar(select(func.count()).select_from(ARTICLES)) or 0
        done = conn.scalar(select(func.count()).select_from(ARTICLES).where(ARTICLES.c.id <= through)) or 0
    if through:
        logger.info("search terms: going on from article %d (%d of %d done)", through, done, total)
    while True:
        with engine.begin() as conn:
            ids = list(
                conn.scalars(
                    select(ARTICLES.c.id).where(ARTICLES.c.id > through).order_by(ARTICLES.c.id).limit(batch)
                )
            )
            if not ids:
                write_meta(conn, "terms", TERMS_VERSION)
                conn.execute(delete(META).where(META.c.key == _THROUGH))
                return
            _compute_again(conn, ids)
            through = ids[-1]
            write_meta(conn, _THROUGH, f"{TERMS_VERSION}:{through}")
        done += len(ids)
        yield min(done, total), max(total, done)


def _compute_again(conn: Connection, article_ids: list[int]) -> None:
    """Compute the search terms and names of some articles' rows from their stored text."""
    for table in (SENTENCES, QUOTES):
        rows = conn.execute(select(table.c.id, table.c.text).where(table.c.article_id.in_(article_ids))).all()
        if rows:
            change = update(table).where(table.c.id == bindparam("row")).values(terms=bindparam("new"))
            conn.execute(change, [{"row": i, "new": " ".join(index_terms(t))} for i, t in rows])
    speakers = conn.execute(
        select(SPEAKERS.c.id, SPEAKERS.c.name).where(SPEAKERS.c.article_id.in_(article_ids))
    ).all()
    if not speakers:
        return
    aliases: dict[int, list[str]] = {}
    of_these = ALIASES.c.speaker_id.in_([i for i, _ in speakers])
    for speaker_id, alias in conn.execute(select(ALIASES.c.speaker_id, ALIASES.c.alias).where(of_these)):
        aliases.setdefault(speaker_id, []).append(alias)
    change = update(SPEAKERS).where(SPEAKERS.c.id == bindparam("row")).values(names=bindparam("new"))
    conn.execute(
        change,
        [
            {"row": i, "new": speaker_names(Speaker(n, aliases=tuple(aliases.get(i, ()))))}
            for i, n in speakers
        ],
    )
