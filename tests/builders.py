"""Tiny builders for tests: articles from a few written lines, and a library over a temp SQLite file."""

from __future__ import annotations

from pathlib import Path

from knowledge.ingest import parse_text
from knowledge.library import Library
from knowledge.models import Article

HEADLINE = "Harbour Town Debates New Ferry Schedule"


def make_dump(*paragraphs: str, title: str = HEADLINE, header: str = "- The Test Gazette, 2031") -> str:
    """A raw page dump: a site label, a headline, then the given paragraphs."""
    return "\n".join([header, "", title, "", *paragraphs])


def make_article(*paragraphs: str, title: str = HEADLINE, url: str | None = None) -> Article:
    """Parse the given paragraphs as an article body."""
    return parse_text(make_dump(*paragraphs, title=title), url=url)


def make_library(tmp_path: Path) -> Library:
    """A library over a fresh SQLite file."""
    return Library(f"sqlite:///{tmp_path / 'test.db'}")


FERRY_STORY = (
    "PORTVALE, (Gazette) - The Portvale harbour board voted on Monday to add two evening ferry "
    "crossings from next spring, after months of complaints from commuters.",
    "Dana Whitfield, the chair of the harbour board, said the change would cost about 300,000 dollars "
    "a year.",
    '"People have been stuck on the pier for an hour after work, and that is not acceptable," '
    'Whitfield said. "We heard them."',
    "Marcus Lee, a spokesman for the ferry operators' union, told reporters that crews would need "
    "at least six more weeks of training before the new timetable starts.",
    '"We support more crossings, but not at the expense of safety," he said.',
    "Some residents of the island disagree with the board's priorities.",
    'Priya Nair, who runs a bakery near the terminal, said: "Nobody asked the island what it needs."',
)
