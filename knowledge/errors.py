"""Typed failures of the knowledge layer, all under one root.

    KnowledgeError
    ├── IngestError          the source could not be turned into an article
    │   ├── EmptyArticleError    nothing that looks like an article body was found
    │   ├── ParseError           the parser failed on this source (a defect: logged with its traceback)
    │   └── FetchError           a link could not be downloaded
    │       ├── BlockedURLError          not http(s), or it leads to a private or loopback address
    │       ├── TooLargeError            the body is bigger than the size limit
    │       ├── FetchTimeout             the server was too slow
    │       └── UnsupportedContentError  the content type is not one the caller accepts
    ├── NotFoundError        an article id that is not in the store
    └── StoreError           the database refused a read or a write

"Not in the articles" is never an error: answering returns an ``Answer`` with ``found=False``.
"""

from __future__ import annotations

from functools import partial
from typing import Any


class KnowledgeError(Exception):
    """Root of every error raised by ``knowledge``."""


class IngestError(KnowledgeError):
    """A source could not be ingested."""

    def __init__(self, message: str, *, source: str | None = None) -> None:
        super().__init__(message)
        self.source = source


class EmptyArticleError(IngestError):
    """The source holds no article body."""


class ParseError(IngestError):
    """Parsing this source failed unexpectedly; the cause is logged with its traceback, and other sources
    are still ingested."""


class ParseTimeout(IngestError):
    """Parsing this source took longer than its time limit; it was stopped and nothing was stored."""


class FetchError(IngestError):
    """A link could not be downloaded; the message reads "<url>: <reason>"."""

    def __init__(self, reason: str, *, url: str, status: int | None = None) -> None:
        super().__init__(f"{url}: {reason}", source=url)
        self.url = url
        self.reason = reason
        self.status = status

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickle by the constructor's own arguments (the error crosses from a parsing process)."""
        return (partial(type(self), url=self.url, status=self.status), (self.reason,))


class BlockedURLError(FetchError):
    """The link is not http(s), or it (or a redirect) leads to a non-public address."""


class TooLargeError(FetchError):
    """The body is bigger than the size limit (counted after decompression)."""


class FetchTimeout(FetchError):
    """The server did not answer, or did not finish the body, in time."""


class UnsupportedContentError(FetchError):
    """The server sent a content type (or encoding) the caller does not accept."""


class NotFoundError(KnowledgeError):
    """An article id that the store does not hold."""

    def __init__(self, article_id: int) -> None:
        super().__init__(f"There is no article with id {article_id}.")
        self.article_id = article_id


class StoreError(KnowledgeError):
    """The database failed; nothing was half-written."""


class SchemaOutdatedError(StoreError):
    """The database was made by an earlier release: its schema must be upgraded before use."""

    def __init__(self, revision: str, head: str) -> None:
        super().__init__(f"The database is at schema revision {revision}, older than this release's {head}.")
        self.revision = revision
        self.head = head


class TermsOutdatedError(SchemaOutdatedError):
    """The database's search terms were computed by an earlier release: they must be computed again."""

    def __init__(self, version: str | None, current: str) -> None:
        StoreError.__init__(
            self,
            f"The database's search terms are of version {version or '-'}, older than this release's {current}.",
        )
        self.revision = version or "-"
        self.head = current
