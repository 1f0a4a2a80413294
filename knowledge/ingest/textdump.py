"""Turn a raw text dump of a news page into a title, metadata and clean body paragraphs."""

from __future__ import annotations

import datetime as dt
import logging
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

from knowledge.text.dates import find_dates
from knowledge.text.furniture import BOILERPLATE_LINE

logger = logging.getLogger(__name__)

# "- Sputnik International, 1920": a site label from the page header.
SITE_LABEL = re.compile(r"^[-–—•|]\s*(?P<site>[^,]{2,60}?)(?:,\s*\d{2,4})?\s*$")
# "... - Site Name, 1920, 10.10.2022": a caption or teaser stamped with the site and a date.
SITE_STAMP = re.compile(
    r"\s[-–—|]\s*(?P<site>[^-–—|,]{2,60}?),\s*(?:\d{3,4},\s*)?(?P<date>\d{1,2}\.\d{1,2}\.\d{4}|"
    r"\d{4}-\d{2}-\d{2})\s*$"
)
# "© AP Photo / Name", "Photo: Name", "(Getty Images)": picture credits and captions.
CREDIT = re.compile(
    r"^(?:©|\(c\)\s|(?:photo|image|picture|credit|source|file photo)s?\s*(?:[:/|]|by\b))"
    r"|\b(?:AP|AFP|Reuters|Getty|EPA|Shutterstock)\s+(?:Photo|Images?)\b",
    re.IGNORECASE,
)
BYLINE = re.compile(r"^[Bb][Yy]:?\s+(?P<author>[A-Z][\w.'’-]+(?:\s+(?:and\s+)?[A-Z][\w.'’-]+){0,5})\s*$")
PUBLISHED_LINE = re.compile(r"^(?:published|posted|updated|date)\b[:\s]", re.IGNORECASE)
# "MOSCOW, (Sputnik) - ", "WASHINGTON (AP) — ", "NEW YORK, Nov 19 (Reuters) - ".
DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Z.'’-]+(?:\s[A-Z][A-Z.'’-]+){0,3})"
    r"(?:,\s*[A-Z][a-z]+\.?(?:\s\d{1,2})?)?,?\s*"
    r"(?:\((?P<agency>[^)]{1,40})\))?\s*[-–—]+\s+"
)

_BLANKS = re.compile(r"[ \t]+")

_NON_WORDS = re.compile(r"\W+")
TERMINAL = re.compile(r"[.!?…:;][\"'”’»)\]]*$|[\"”’»]$")


@dataclass(frozen=True, slots=True)
class CleanText:
    """The parts of a dump that belong to the article, and what was dropped and why."""

    title: str
    paragraphs: tuple[str, ...]
    publisher: str | None = None
    published: dt.date | None = None
    dateline: str | None = None
    author: str | None = None
    url: str | None = None  # the canonical address, when the page names one
    dropped: tuple[tuple[str, str], ...] = field(default=())


def clean_text_dump(raw: str) -> CleanText:
    """Split a scraped page into the article and its furniture.

    The steps: normalise the lines, drop furniture (site labels, captions, credits,
    other-language lines, repeated lines, comment boxes), take the headline and
    byline, keep the body paragraphs, and read the dateline off the first one.
    """
    lines = _normalise_lines(raw)
    dropped: list[tuple[str, str]] = []
    publisher: str | None = None
    dates: list[dt.date] = []
    author: str | None = None
    kept: list[str] = []
    repeated = _repeated_lines(lines)
    for line in lines:
        reason, site, date = _furniture(line, repeated)
        publisher = publisher or site
        if date:
            dates.append(date)
        if reason is None and (match := BYLINE.match(line)):
            author, reason = match["author"], "byline"
        if reason is None and PUBLISHED_LINE.match(line) and find_dates(line):
            dates.append(find_dates(line)[0][1])
            reason = "date line"
        if reason:
            dropped.append((line, reason))
        else:
            kept.append(line)
    title, body = _split_title(kept, dropped)
    body = _trim_footer(body, dropped)
    paragraphs, dateline, agency = split_dateline(body)
    for line, reason in dropped:
        logger.debug("dropped %s: %.60s", reason, line)
    return CleanText(
        title=title,
        paragraphs=tuple(paragraphs),
        publisher=publisher or agency,
        published=dates[0] if dates else None,
        dateline=dateline,
        author=author,
        dropped=tuple(dropped),
    )


def _normalise_lines(raw: str) -> list[str]:
    text = unicodedata.normalize("NFC", raw).replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\u00a0", " ").replace("\u200b", "").replace("\ufeff", "")
    lines = (_BLANKS.sub(" ", line).strip() for line in text.split("\n"))
    return [line for line in lines if line]


def _furniture(line: str, repeated: set[str]) -> tuple[str | None, str | None, dt.date | None]:
    """Say why ``line`` is page furniture (or None), with any site name and date it carries."""
    if not _is_mostly_latin(line):
        return "other language", None, None
    if BOILERPLATE_LINE.match(line):
        return "boilerplate", None, None
    if match := _site_stamp(line):
        return "caption with site stamp", match["site"].strip(), find_dates(match["date"])[0][1]
    if match := SITE_LABEL.match(line):
        return "site label", match["site"].strip(), None
    if CREDIT.search(line[:80]):
        return "picture credit", None, None
    if _key(line) in repeated:
        return "repeated line", None, None
    return None, None, None


def _is_mostly_latin(line: str) -> bool:
    if line.isascii():
        return True
    letters = [c for c in line if c.isalpha()]
    if not letters:
        return True
    latin = sum(
        1 for c in letters if c < "\u0250" or "LATIN" in unicodedata.name(c, "")
    )  # fast path: Latin blocks
    return latin >= 0.6 * len(letters)


def _site_stamp(line: str) -> re.Match[str] | None:
    """The site stamp ending a (stripped) line; it ends with a date, so only a line ending in a digit may hold one."""
    return SITE_STAMP.search(line) if line[-1:].isdigit() else None


def _key(line: str) -> str:
    stamp = _site_stamp(line)
    return _NON_WORDS.sub(" ", line[: stamp.start()] if stamp else line).strip().lower()


_SCAN_LIMIT = 250_000  # characters of a dump searched for lines standing inside other lines


def _repeated_lines(lines: list[str]) -> set[str]:
    """Lines whose text stands again inside another line: captions and pull quotes.

    Keys hold no line breaks, so a key found twice in all the keys joined by line breaks stands
    in another line too (or is another line): one scan in C per key instead of one per pair.
    """
    keys = [_key(line) for line in lines]
    joined = "\n".join(keys)
    if len(joined) <= _SCAN_LIMIT:
        return {key for key in keys if len(key.split()) >= 5 and joined.count(key) >= 2}
    # A huge dump: a line repeated whole still counts anywhere; one inside another only in the first part
    # (what the article keeps: knowledge.ingest.pipeline caps it), so the work stays in proportion.
    repeats = Counter(keys)
    head = joined[:_SCAN_LIMIT]
    early = keys[: head.count("\n") + 1]
    inside = {key for key in early if len(key.split()) >= 5 and head.count(key) >= 2}
    return inside | {key for key, count in repeats.items() if count >= 2 and len(key.split()) >= 5}


def _is_body(line: str) -> bool:
    words = len(line.split())
    return words >= 20 or (words >= 6 and TERMINAL.search(line) is not None)


def _is_title_like(line: str) -> bool:
    words = len(line.split())
    return 3 <= words <= 30 and line[0].isupper() and not re.search(r"[.,;:]$", line)


def _split_title(lines: list[str], dropped: list[tuple[str, str]]) -> tuple[str, list[str]]:
    """Take the headline (the first title-like line before the body) and drop the header."""
    for i, line in enumerate(lines):
        if _is_body(line) and not _is_title_like(line) and len(line.split()) >= 12:
            break  # the body has begun: short prose lines before it are taglines
        if _is_title_like(line):
            dropped.extend((h, "page header") for h in lines[:i])
            return line, lines[i + 1 :]
    first = next((line for line in lines if _is_body(line)), lines[0] if lines else "")
    words = first.split()
    return " ".join(words[:12]) + ("…" if len(words) > 12 else ""), lines


def _trim_footer(lines: list[str], dropped: list[tuple[str, str]]) -> list[str]:
    """Drop short lines after the last body paragraph (comment boxes, tags, share links)."""
    end = len(lines)
    while end and not _is_body(lines[end - 1]):
        end -= 1
    dropped.extend((line, "page footer") for line in lines[end:])
    return lines[:end]


def split_dateline(paragraphs: list[str]) -> tuple[list[str], str | None, str | None]:
    """Cut the dateline off the first paragraph ("WASHINGTON (AP) — "): the paragraphs without it, the
    place in title case, and the news agency it names (None for each that is missing)."""
    if not paragraphs or not (match := DATELINE.match(paragraphs[0])):
        return paragraphs, None, None
    place = match["place"].strip().title()
    agency = match["agency"].strip() if match["agency"] else None
    rest = paragraphs[0][match.end() :]
    return [rest, *paragraphs[1:]], place, agency
