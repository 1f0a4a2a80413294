"""Turn a source (a text dump today) into an ``Article``: clean, split, find quotes, attribute."""

from __future__ import annotations

import logging
from pathlib import Path

from knowledge.clean import clean_text_dump
from knowledge.errors import EmptyArticleError, IngestError
from knowledge.models import Article
from knowledge.quotes import extract_quotes

logger = logging.getLogger(__name__)

TEXT_SUFFIXES = (".txt", ".text", ".md")


def parse_text(
    raw: str, *, url: str | None = None, publisher: str | None = None, source: str | None = None
) -> Article:
    """Parse a raw text dump of a news page into an article.

    Raises:
        EmptyArticleError: when nothing in the text reads like an article body.
    """
    # 1. clean: drop the page furniture, keep headline, metadata and body paragraphs
    cleaned = clean_text_dump(raw)
    if not cleaned.paragraphs:
        raise EmptyArticleError("No article text found: the input has no paragraphs of prose.", source=source)
    # 2. sentences, quotes and speakers, in one reading of the paragraphs
    quotes, speakers, sentences = extract_quotes(list(cleaned.paragraphs))
    logger.info(
        "parsed %s: %d sentences, %d quotes, %d dropped lines",
        source or "text",
        len(sentences),
        len(quotes),
        len(cleaned.dropped),
    )
    # 3. assemble
    return Article(
        title=cleaned.title,
        text="\n\n".join(cleaned.paragraphs),
        paragraphs=cleaned.paragraphs,
        sentences=tuple(sentences),
        publisher=publisher or cleaned.publisher,
        published=cleaned.published,
        url=url,
        author=cleaned.author,
        dateline=cleaned.dateline,
        quotes=tuple(quotes),
        speakers=speakers,
    )


def parse_file(path: Path, *, url: str | None = None, publisher: str | None = None) -> Article:
    """Read and parse one file.

    Raises:
        IngestError: when the file cannot be read or is not a supported kind.
    """
    if path.suffix.lower() not in TEXT_SUFFIXES:
        raise IngestError(
            f"{path.name}: unsupported file type {path.suffix or '(none)'}; use a .txt text dump.",
            source=str(path),
        )
    try:
        raw = path.read_text(encoding="utf-8", errors="replace")
    except OSError as error:
        raise IngestError(f"{path}: cannot read the file ({error.strerror}).", source=str(path)) from error
    return parse_text(raw, url=url, publisher=publisher, source=str(path))


def collect_sources(paths: list[Path]) -> list[Path]:
    """Expand folders into the supported files they hold, in name order; keep files as given."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*") if p.suffix.lower() in TEXT_SUFFIXES))
        else:
            found.append(path)
    return found
