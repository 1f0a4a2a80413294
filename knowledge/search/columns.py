"""Compute the search terms stored with each article, and compute them again when their definition changes."""

from __future__ import annotations

import logging

from sqlalchemy import Connection, bindparam, delete, func, insert, select, update

from knowledge.models import Article, SearchColumns, Speaker
from knowledge.storage.schema import ALIASES, META, QUOTES, SENTENCES, SPEAKERS
from knowledge.text.terms import TERMS_VERSION, index_terms, normalize

logger = logging.getLogger(__name__)


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


def refill_search_columns(conn: Connection) -> None:
    """Compute every row's search terms and names from its stored text, and record the terms version.

    The caller drops the index's triggers first, so none fires for each row changed here.
    """
    count = conn.scalar(select(func.count()).select_from(SENTENCES)) or 0
    if count:
        logger.info("computing search terms for %d sentences and their quotes (one-off)", count)
    for table in (SENTENCES, QUOTES):
        rows = conn.execute(select(table.c.id, table.c.text)).all()
        if rows:
            change = update(table).where(table.c.id == bindparam("row")).values(terms=bindparam("new"))
            conn.execute(change, [{"row": i, "new": " ".join(index_terms(t))} for i, t in rows])
    aliases: dict[int, list[str]] = {}
    for speaker_id, alias in conn.execute(select(ALIASES.c.speaker_id, ALIASES.c.alias)):
        aliases.setdefault(speaker_id, []).append(alias)
    speakers = conn.execute(select(SPEAKERS.c.id, SPEAKERS.c.name)).all()
    if speakers:
        change = update(SPEAKERS).where(SPEAKERS.c.id == bindparam("row")).values(names=bindparam("new"))
        conn.execute(
            change,
            [
                {"row": i, "new": speaker_names(Speaker(n, aliases=tuple(aliases.get(i, ()))))}
                for i, n in speakers
            ],
        )
    write_meta(conn, "terms", TERMS_VERSION)
