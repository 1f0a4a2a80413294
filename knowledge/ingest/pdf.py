"""Turn a PDF (a press release, a report) into article text: pages joined, furniture dropped."""

from __future__ import annotations

import io
import logging
import re
from collections import Counter

from pypdf import PdfReader
from pypdf.errors import PdfReadError

from knowledge.errors import IngestError

logger = logging.getLogger(__name__)

_PAGE_NUMBER = re.compile(r"^(?:page\s+)?\d{1,4}(?:\s*(?:/|of)\s*\d{1,4})?$|^[-–—]\s*\d{1,4}\s*[-–—]$", re.I)
_TERMINAL = re.compile(r"[.!?:;\"”’)]$")
_EDGE_LINES = 2  # lines at the top and bottom of a page that may be running headers or footers


def pdf_to_text(data: bytes, *, source: str | None = None) -> str:
    """Extract the text of a PDF as a page dump: the title line first, then one line per paragraph.

    Running headers and footers (the same line at the top or bottom of most pages) and
    page numbers are dropped; a word hyphenated across a line break is rejoined.

    Raises:
        IngestError: when the file is not a readable PDF or holds no text (a scan).
    """
    try:
        reader = PdfReader(io.BytesIO(data))
        pages = [page.extract_text() or "" for page in reader.pages]
        title = (reader.metadata.title if reader.metadata else None) or ""
    except (PdfReadError, ValueError, KeyError, OSError) as error:
        raise IngestError(f"Not a readable PDF ({error.__class__.__name__}).", source=source) from error
    lines_per_page = [[line.strip() for line in page.splitlines() if line.strip()] for page in pages]
    running = _running_lines(lines_per_page)
    kept: list[str] = []
    for lines in lines_per_page:
        for i, line in enumerate(lines):
            at_edge = i < _EDGE_LINES or i >= len(lines) - _EDGE_LINES
            if _PAGE_NUMBER.match(line) or (at_edge and _normal(line) in running):
                continue
            kept.append(line)
    paragraphs = _join_lines(kept)
    if not paragraphs:
        raise IngestError("The PDF holds no text (is it a scan?).", source=source)
    if title.strip() and _normal(title) != _normal(paragraphs[0]):
        paragraphs.insert(0, title.strip())
    logger.debug("pdf %s: %d pages, %d paragraphs", source, len(pages), len(paragraphs))
    return "\n".join(paragraphs)


def _normal(line: str) -> str:
    return re.sub(r"\d+", "#", line.lower()).strip()


def _running_lines(pages: list[list[str]]) -> set[str]:
    """Lines that stand at the top or bottom of at least half the pages (two pages at least)."""
    if len(pages) < 2:
        return set()
    counts: Counter[str] = Counter()
    for lines in pages:
        edges = lines[:_EDGE_LINES] + lines[-_EDGE_LINES:]
        counts.update({_normal(line) for line in edges})
    return {line for line, n in counts.items() if n >= max(2, len(pages) / 2)}


def _join_lines(lines: list[str]) -> list[str]:
    """Rejoin hyphenated words and wrapped lines into paragraphs.

    A line is wrapped (continued on the next) when it has no closing punctuation and
    either runs near the full text width or the next line starts in lowercase; a short
    line without punctuation is a heading and stands alone.
    """
    width = max((len(line) for line in lines), default=0)
    paragraphs: list[str] = []
    current = ""
    for line in lines:
        wrapped = (
            current and not _TERMINAL.search(current) and (len(current) >= 0.6 * width or line[:1].islower())
        )
        if current.endswith("-") and line[:1].islower():
            current = current[:-1] + line  # "negoti-" + "ations"
        elif wrapped:
            current = f"{current} {line}"
        else:
            if current:
                paragraphs.append(current)
            current = line
    if current:
        paragraphs.append(current)
    return paragraphs
