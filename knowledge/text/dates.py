"""Find calendar dates written the ways news pages write them."""

from __future__ import annotations

import datetime as dt
import re

_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"

DATE_PATTERNS: tuple[re.Pattern[str], ...] = (
    re.compile(r"\b(?P<year>\d{4})-(?P<mnum>\d{1,2})-(?P<day>\d{1,2})(?!\d)"),
    re.compile(r"\b(?P<day>\d{1,2})\.(?P<mnum>\d{1,2})\.(?P<year>\d{4})\b"),
    re.compile(r"\b(?P<day>\d{1,2})/(?P<mnum>\d{1,2})/(?P<year>\d{4})\b"),
    re.compile(_MONTH + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year>\d{4})\b", re.I),
    re.compile(r"\b(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+" + _MONTH + r",?\s+(?P<year>\d{4})\b", re.I),
)


def find_dates(text: str) -> list[tuple[int, dt.date]]:
    """Return every valid date in ``text`` with its offset, in reading order.

    Dotted and slashed numeric dates are read day first (10.10.2022, 4/5/2022),
    as European and Russian sites write them.
    """
    found: dict[int, dt.date] = {}
    for pattern in DATE_PATTERNS:
        for match in pattern.finditer(text):
            date = _to_date(match)
            if date is not None and match.start() not in found:
                found[match.start()] = date
    return sorted(found.items())


def parse_date(text: str) -> dt.date | None:
    """Return the first date in ``text``, or None when it holds none."""
    dates = find_dates(text)
    return dates[0][1] if dates else None


def _to_date(match: re.Match[str]) -> dt.date | None:
    groups = match.groupdict()
    month = _MONTHS[groups["month"].lower()] if groups.get("month") else int(groups["mnum"])
    try:
        date = dt.date(int(groups["year"]), month, int(groups["day"]))
    except ValueError:
        return None
    return date if 1900 < date.year < 2100 else None
