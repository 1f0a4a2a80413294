"""Turn any source (text dump, HTML page, PDF, URL) into an ``Article``: extract, clean, attribute."""

from __future__ import annotations

import logging
import multiprocessing
import os
import pickle
import re
import select
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass, replace
from itertools import islice
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Literal, TypeVar, cast

from knowledge.errors import EmptyArticleError, IngestError, KnowledgeError, ParseError, ParseTimeout
from knowledge.ingest.decode import decode
from knowledge.ingest.fetch import ARTICLE_TYPES, FetchOptions, fetch
from knowledge.ingest.html import extract_html
from knowledge.ingest.pdf import pdf_to_text
from knowledge.ingest.textdump import CleanText, clean_text_dump
from knowledge.models import Article, SearchColumns
from knowledge.understand.reading import read_article

logger = logging.getLogger(__name__)

_Result = TypeVar("_Result")
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
# The most text one article keeps, in characters (about 33,000 words: several times the longest news
# feature). Reading an article takes time and memory that grow with its length, so a page beyond any
# article (a 5 MB dump, a log, a book) is cut here, at a sentence end, with a warning naming the source.
MAX_ARTICLE_CHARS = 200_000
_SENTENCE_END = re.compile(r"[.!?][\"'”’)]*(?=\s)")
PARENT_POLL_SECONDS = 0.5  # how often a parsing worker checks that its parent lives, without a pidfd


@contextmanager
def _parsing(source: str | None) -> Iterator[None]:
    """Let ``KnowledgeError`` through; turn any other failure into a ``ParseError``, logged with its
    traceback, so one source the parser trips on never stops the others (a folder, a feed)."""
    try:
        yield
    except KnowledgeError:
        raise
    except Exception as error:  # a defect in a parser: reported for this source only
        logger.exception("parsing %s failed", source or "a text")
        name = source or "the text"
        raise ParseError(
            f"{name}: could not be parsed ({error.__class__.__name__}).", source=source
        ) from error


def parse_text(
    raw: str, *, url: str | None = None, publisher: str | None = None, source: str | None = None
) -> Article:
    """Parse a raw text dump of a news page into an article.

    Raises:
        EmptyArticleError: when nothing in the text reads like an article body.
        ParseError: when the parser fails on the text.
    """
    with _parsing(source):
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
        IngestError: when the document cannot be read or holds no article (``ParseError`` when the
            parser fails on it).
    """
    with _parsing(source):
        if kind == "html":
            cleaned = extract_html(data, url=url, charset=charset)
            return build_article(cleaned, url=url, publisher=publisher, source=source)
        text = pdf_to_text(data, source=source) if kind == "pdf" else decode(data, charset=charset)
    return parse_text(text, url=url, publisher=publisher, source=source)


def build_article(
    cleaned: CleanText, *, url: str | None = None, publisher: str | None = None, source: str | None = None
) -> Article:
    """Find sentences, quotes and speakers in cleaned text (cut to ``MAX_ARTICLE_CHARS``) and assemble
    the article."""
    # 1. an article needs a body, and a bounded one
    if not cleaned.paragraphs:
        raise EmptyArticleError("No article text found: the input has no paragraphs of prose.", source=source)
    cleaned = replace(cleaned, paragraphs=capped(cleaned.paragraphs, limit=MAX_ARTICLE_CHARS, source=source))
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


def capped(
    paragraphs: tuple[str, ...], *, limit: int = MAX_ARTICLE_CHARS, source: str | None = None
) -> tuple[str, ...]:
    """The paragraphs up to ``limit`` characters in all; the paragraph that crosses it is cut at its last
    sentence end before the limit (dropped when it has none there, unless it is the first: cut at a word
    break). A cut is logged as a warning."""
    total = sum(len(paragraph) for paragraph in paragraphs)
    if total <= limit:
        return paragraphs
    kept: list[str] = []
    room = limit
    for paragraph in paragraphs:
        if len(paragraph) > room:
            head = paragraph[:room]
            ends = [match.end() for match in _SENTENCE_END.finditer(head)]
            # no sentence ends before the limit: a word break, for a first paragraph (else nothing is left)
            cut = head[: ends[-1]] if ends else "" if kept else head.rsplit(" ", 1)[0]
            if cut.strip():
                kept.append(cut.rstrip())
            break
        kept.append(paragraph)
        room -= len(paragraph)
    logger.warning(
        "%s: text cut to %d of its %d characters: an article keeps at most %d (MAX_ARTICLE_CHARS), as "
        "reading it takes time that grows with its length",
        source or "text",
        sum(len(paragraph) for paragraph in kept),
        total,
        limit,
    )
    return tuple(kept)


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

    A source that cannot be parsed yields its ``IngestError`` instead; nothing else is raised for one
    source. A worker that dies (killed, out of memory) costs only the source it was parsing: the sources
    in flight are parsed again by a new pool one at a time, and one that breaks a pool then yields a
    ``ParseError``. At most a few batches per worker are parsed ahead of the caller, so a slow consumer
    (the store) bounds memory.
    The workers end with this process, however it ends (``kill -9`` included): each one watches it.
    With ``workers`` below 2 the sources are parsed in this process.
    """
    if workers < 2:
        yield from (_parse_one(source, columns) for source in sources)
        return
    # Workers fork from a server process that imported this module once: quick to start, and holding
    # none of this process's state (database connections above all).
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload([__name__, columns.__module__])
    items = iter(sources)
    suspects: deque[Path | str] = deque()  # in flight when a worker died: parsed again, one at a time
    while True:
        pool = ProcessPoolExecutor(
            workers, mp_context=context, initializer=_end_with_parent, initargs=(os.getpid(),)
        )
        isolating = bool(suspects)
        pending: deque[tuple[tuple[Path | str, ...], Future[list[Parsed | IngestError]]]] = deque()
        lost: tuple[Path | str, ...] = ()
        try:
            while True:
                if len(pending) < (1 if isolating else _AHEAD * workers):
                    batch = (suspects.popleft(),) if suspects else tuple(islice(items, _BATCH))
                    if batch:
                        pending.append((batch, pool.submit(_parse_batch, batch, columns)))
                        continue
                if not pending:
                    return
                batch, future = pending.popleft()
                try:
                    results = future.result()
                except BrokenProcessPool:
                    lost = batch + tuple(source for queued, _ in pending for source in queued)
                    break
                isolating = isolating and bool(suspects)
                yield from results
        finally:
            pool.shutdown(wait=not lost, cancel_futures=True)
        if isolating and len(lost) == 1:  # it broke a pool on its own: this source is the cause
            logger.warning("a parsing worker died on %s", lost[0])
            yield _worker_died(lost[0])
        else:
            logger.warning(
                "a parsing worker died; parsing the %d sources in flight again, one at a time", len(lost)
            )
            suspects.extendleft(reversed(lost))


def parse_isolated(task: Callable[..., _Result], *args: object, source: str, timeout: float) -> _Result:
    """Run ``task(*args)`` (a parse: ``parse_document``, ``parse_url``, with whatever is computed from the
    article) in a process of its own and return what it returns; after ``timeout`` seconds it is killed.

    Reading a big document takes seconds of CPU: in its own process it never holds up the caller's other
    work (the bot answering everyone else), and a time limit can really stop it.

    Raises:
        ParseTimeout: when the time limit ran out.
        IngestError: what the task raised, or ``ParseError`` when its process died.
    """
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload([__name__])
    receive, send = context.Pipe(duplex=False)
    process = context.Process(target=_run_isolated, args=(send, os.getpid(), task, args), daemon=True)
    process.start()
    send.close()
    try:
        if not receive.poll(timeout):
            raise ParseTimeout(
                f"{source}: reading it took longer than {timeout:.0f} s, so I stopped.", source=source
            )
        outcome = receive.recv()
    except EOFError:
        outcome = ParseError(f"{source}: could not be parsed (the parsing process died).", source=source)
    finally:
        if process.is_alive():
            process.kill()
        process.join(5)
        receive.close()
    if isinstance(outcome, KnowledgeError):
        raise outcome
    return cast(_Result, outcome)


def _run_isolated(
    send: Connection, parent: int, task: Callable[..., object], args: tuple[object, ...]
) -> None:
    """The isolated process: end with the parent, run the task, send back its result or its error."""
    _end_with_parent(parent)
    outcome: object
    try:
        outcome = task(*args)
    except IngestError as error:
        outcome = error if _picklable(error) else IngestError(str(error), source=error.source)
    except Exception as error:  # noqa: BLE001 - a defect: reported as this source's failure
        outcome = ParseError(f"could not be parsed ({error.__class__.__name__}).")
    send.send(outcome)
    send.close()


def _picklable(error: Exception) -> bool:
    """Whether an error survives the trip back from the isolated process as itself."""
    try:
        pickle.loads(pickle.dumps(error))
    except Exception:  # noqa: BLE001 - any failure means "send a plain IngestError instead"
        return False
    return True


def _worker_died(source: Path | str) -> IngestError:
    """The error for a source whose parsing worker died on it alone (killed, or out of memory)."""
    name = str(source) if isinstance(source, Path) else None
    return ParseError(f"{name or 'a text'}: could not be parsed (the parsing process died).", source=name)


def _end_with_parent(parent: int) -> None:
    """Worker initializer: end this worker as soon as ``parent`` (the process that made the pool) ends,
    however it ends, so no worker, forkserver or resource tracker outlives an ingest that was killed."""
    threading.Thread(target=_watch_parent, args=(parent,), name="watch-parent", daemon=True).start()


def _watch_parent(parent: int) -> None:
    try:
        handle = os.pidfd_open(parent)  # Linux 5.3+: readable once the parent has exited
    except (AttributeError, OSError):
        handle = None
    if handle is not None:
        select.select([handle], [], [])
    else:
        while _alive(parent):
            time.sleep(PARENT_POLL_SECONDS)
    os._exit(1)  # no clean-up to run: the parent that would take the results is gone


def _alive(pid: int) -> bool:
    """True while ``pid`` runs (a process that exited but was not yet reaped counts as gone)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return True


def _parse_batch(
    sources: tuple[Path | str, ...], columns: Callable[[Article], SearchColumns]
) -> list[Parsed | IngestError]:
    return [_parse_one(source, columns) for source in sources]


def _parse_one(source: Path | str, columns: Callable[[Article], SearchColumns]) -> Parsed | IngestError:
    """Parse one file or text dump; a failure is returned (picklable, as a plain ``IngestError``)."""
    name = str(source) if isinstance(source, Path) else None
    try:
        with _parsing(name):
            article = parse_file(source) if isinstance(source, Path) else parse_text(source)
            return Parsed(article, columns(article))
    except KnowledgeError as error:
        return IngestError(str(error), source=name)
