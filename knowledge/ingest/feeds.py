"""Read RSS and Atom feeds into the list of article links they announce."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import feedparser

from knowledge.errors import IngestError


@dataclass(frozen=True, slots=True)
class FeedEntry:
    """One item of a feed: where the article lives and what the feed says about it."""

    url: str
    title: str
    published: dt.date | None = None


def read_feed(data: bytes | str, *, source: str | None = None) -> list[FeedEntry]:
    """Parse a feed document; entries without a link are skipped.

    Raises:
        IngestError: when the document is not a feed at all.
    """
    parsed = feedparser.parse(data)
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
