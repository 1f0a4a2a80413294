"""Turn any source (text dump, HTML page, PDF, URL) into an ``Article``: extract, clean, attribute."""

from __future__ import annotations

import logging
import multiprocessing
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, replace
from itertools import islice
from pathlib import Path
from typing import Literal

from knowledge.errors import EmptyArticleError, IngestError, KnowledgeError
from knowledge.ingest.decode import decode
from knowledge.ingest.fetch import ARTICLE_TYPES, FetchOptions, fetch
from knowledge.ingest.html import extract_html
from knowledge.ingest.pdf import pdf_to_text
from knowledge.ingest.textdump import CleanText, clean_text_dump
from knowledge.models import Article, SearchColumns
from knowledge.understand.reading import read_article

logger = logging.getLogger(__name__)

SourceKind = Literal["text", "html", "pdf"]
SUFFIXES: dict[str, SourceKind] = {
    ".txt": "text",
    ".text": "text",
    ".md": "text",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".pdf": "pdf",
}
_CONTENT_TYPES: dict[str, SourceKind] = {
    "text/plain": "text",
    "text/html": "html",
    "application/xhtml+xml": "html",
    "application/pdf": "pdf",
}
_BATCH = 16  # sources sent to a worker at once
_AHEAD = 4  # batches per worker parsed ahead of the caller


def parse_text(
    raw: str, *, url: str | None = None, publisher: str | None = None, source: str | None = None
) -> Article:
    """Parse a raw text dump of a news page into an article.

    Raises:
        EmptyArticleError: when nothing in the text reads like an article body.
    """
    return build_article(clean_text_dump(raw), url=url, publisher=publisher, source=source)


def parse_document(
    data: bytes,
    kind: SourceKind,
    *,
    url: str | None = None,
    publisher: str | None = None,
    source: str | None = None,
    charset: str | None = None,
) -> Article:
    """Parse the bytes of a text dump, an HTML page or a PDF.

    ``charset`` is the one a server named in its Content-Type header, if any.

    Raises:
        IngestError: when the document cannot be read or holds no article.
    """
    if kind == "html":
        cleaned = extract_html(data, url=url, charset=charset)
        return build_article(cleaned, url=url, publisher=publisher, source=source)
    text = pdf_to_text(data, source=source) if kind == "pdf" else decode(data, charset=charset)
    return parse_text(text, url=url, publisher=publisher, source=source)


def build_article(
    cleaned: CleanText, *, url: str | None = None, publisher: str | None = None, source: str | None = None
) -> Article:
    """Find sentences, quotes and speakers in cleaned text and assemble the article."""
    # 1. an article needs a body
    if not cleaned.paragraphs:
        raise EmptyArticleError("No article text found: the input has no paragraphs of prose.", source=source)
    # 2. sentences, quotes and speakers, in one reading of the paragraphs
    reading = read_article(cleaned.paragraphs)
    logger.info(
        "parsed %s: %d sentences, %d quotes, %d dropped lines",
        source or "text",
        len(reading.sentences),
        len(reading.quotes),
        len(cleaned.dropped),
    )
    # 3. assemble
    return Article(
        title=cleaned.title,
        text="\n\n".join(cleaned.paragraphs),
        paragraphs=cleaned.paragraphs,
        sentences=reading.sentences,
        publisher=publisher or cleaned.publisher,
        published=cleaned.published,
        url=url or cleaned.url,
        author=cleaned.author,
        dateline=cleaned.dateline,
        quotes=reading.quotes,
        speakers=reading.speakers,
    )


def kind_of(name: str, content_type: str | None = None) -> SourceKind | None:
    """The kind of a source from its content type, else its file name; None when unsupported."""
    if content_type and (kind := _CONTENT_TYPES.get(content_type.split(";")[0].strip().lower())):
        return kind
    return SUFFIXES.get(Path(name.split("?")[0]).suffix.lower())


def parse_file(path: Path, *, url: str | None = None, publisher: str | None = None) -> Article:
    """Read and parse one file (.txt, .html/.htm or .pdf).

    Raises:
        IngestError: when the file cannot be read or is not a supported kind.
    """
    kind = kind_of(path.name)
    if kind is None:
        raise IngestError(
            f"{path.name}: unsupported file type {path.suffix or '(none)'}; use .txt, .html or .pdf.",
            source=str(path),
        )
    try:
        data = path.read_bytes()
    except OSError as error:
        raise IngestError(f"{path}: cannot read the file ({error.strerror}).", source=str(path)) from error
    return parse_document(data, kind, url=url, publisher=publisher, source=str(path))


def parse_url(url: str, *, options: FetchOptions | None = None, publisher: str | None = None) -> Article:
    """Fetch a page (HTML, plain text or PDF) safely and parse it.

    Raises:
        FetchError: when the page cannot be fetched (blocked, too large, too slow, wrong type).
        IngestError: when it holds no article.
    """
    fetched = fetch(url, options=options or FetchOptions(), accept=ARTICLE_TYPES)
    kind = kind_of(fetched.final_url, fetched.content_type) or "html"
    article = parse_document(
        fetched.body, kind, url=fetched.final_url, publisher=publisher, source=url, charset=fetched.charset
    )
    return article if article.url else replace(article, url=fetched.final_url)


def collect_sources(paths: list[Path]) -> list[Path]:
    """Expand folders into the supported files they hold, in name order; keep files as given."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES))
        else:
            found.append(path)
    return found


@dataclass(frozen=True, slots=True)
class Parsed:
    """A parsed article with its search columns, computed in the parsing worker."""

    article: Article
    columns: SearchColumns


def parse_all(
    sources: Iterable[Path | str], *, columns: Callable[[Article], SearchColumns], workers: int = 2
) -> Iterator[Parsed | IngestError]:
    """Parse files (``Path``) and text dumps (``str``) in ``workers`` processes; yield each article with
    its search ``columns`` (a module-level function, computed there too, off the storing process), in order.

    A source that cannot be parsed yields its ``IngestError`` instead. At most a few batches per
    worker are parsed ahead of the caller, so a slow consumer (the store) bounds memory. With
    ``workers`` below 2 the sources are parsed in this process.
    """
    if workers < 2:
        yield from (_parse_one(source, columns) for source in sources)
        return
    # Workers fork from a server process that imported this module once: quick to start, and holding
    # none of this process's state (database connections above all).
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload([__name__, columns.__module__])
    with ProcessPoolExecutor(workers, mp_context=context) as pool:
        pending: deque[Future[list[Parsed | IngestError]]] = deque()
        items = iter(sources)
        while batch := tuple(islice(items, _BATCH)):
            pending.append(pool.submit(_parse_batch, batch, columns))
            if len(pending) >= _AHEAD * workers:
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()


def _parse_batch(
    sources: tuple[Path | str, ...], columns: Callable[[Article], SearchColumns]
) -> list[Parsed | IngestError]:
    return [_parse_one(source, columns) for source in sources]


def _parse_one(source: Path | str, columns: Callable[[Article], SearchColumns]) -> Parsed | IngestError:
    """Parse one file or text dump; a failure is returned (picklable, as a plain ``IngestError``)."""
    try:
        article = parse_file(source) if isinstance(source, Path) else parse_text(source)
    except KnowledgeError as error:
        return IngestError(str(error), source=str(source) if isinstance(source, Path) else None)
    return Parsed(article, columns(article))
