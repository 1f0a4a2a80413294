"""Read RSS and Atom feeds into the list of article links they announce."""

from __future__ import annotations

import datetime as dt
import logging
import re
from dataclasses import dataclass

import feedparser

from knowledge.errors import IngestError
from knowledge.ingest.decode import decode

logger = logging.getLogger(__name__)

# The XML declaration, dropped once the document is decoded: its encoding no longer applies.
XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")


@dataclass(frozen=True, slots=True)
class FeedEntry:
    """One item of a feed: where the article lives and what the feed says about it."""

    url: str
    title: str
    published: dt.date | None = None


def read_feed(data: bytes | str, *, source: str | None = None, charset: str | None = None) -> list[FeedEntry]:
    """Parse a feed document, in feed order; entries without a link are skipped.

    Bytes are decoded by ``knowledge.ingest.decode`` (``charset``: the HTTP header's), so no declared
    encoding, however odd, reaches feedparser.

    Raises:
        IngestError: when the document is not a feed at all.
    """
    if isinstance(data, bytes):
        data = XML_DECLARATION.sub("", decode(data, charset=charset, markup=True), count=1)
    try:
        parsed = feedparser.parse(data)
    except Exception as error:  # feedparser reads anything; failing on a document is a defect there
        logger.exception("feedparser failed on %s", source or "a feed")
        raise IngestError("The feed could not be read.", source=source) from error
    if not parsed.get("version"):  # feedparser names the format it recognised: rss20, atom10, …
        raise IngestError("Not an RSS or Atom feed.", source=source)
    entries: list[FeedEntry] = []
    for entry in parsed.entries:
        link = entry.get("link") or next(
            (x.get("href") for x in entry.get("links", []) if x.get("href")), None
        )
        if not link or not link.startswith(("http://", "https://")):
            continue  # no link, or an id such as "urn:…" standing in for one
        stamp = entry.get("published_parsed") or entry.get("updated_parsed")
        published = dt.date(stamp.tm_year, stamp.tm_mon, stamp.tm_mday) if stamp else None
        entries.append(FeedEntry(url=link, title=entry.get("title", "").strip(), published=published))
    return entries


def newest_first(entries: list[FeedEntry], limit: int) -> list[FeedEntry]:
    """The ``limit`` newest entries: by publication date, newest first; entries of the same day, and
    undated ones (after the dated), keep the feed's order, which feeds keep newest first."""
    dated = sorted(
        (e for e in entries if e.published), key=lambda e: e.published or dt.date.min, reverse=True
    )
    return (dated + [e for e in entries if not e.published])[:limit]
