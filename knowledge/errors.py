"""Typed failures of the knowledge layer, all under one root.

    KnowledgeError
    ├── IngestError          the source could not be turned into an article
    │   └── EmptyArticleError    nothing that looks like an article body was found
    ├── NotFoundError        an article id that is not in the store
    └── StoreError           the database refused a read or a write

"Not in the articles" is never an error: answering returns an ``Answer`` with ``found=False``.
"""

from __future__ import annotations


class KnowledgeError(Exception):
    """Root of every error raised by ``knowledge``."""


class IngestError(KnowledgeError):
    """A source could not be ingested."""

    def __init__(self, message: str, *, source: str | None = None) -> None:
        super().__init__(message)
        self.source = source


class EmptyArticleError(IngestError):
    """The source holds no article body."""


class NotFoundError(KnowledgeError):
    """An article id that the store does not hold."""

    def __init__(self, article_id: int) -> None:
        super().__init__(f"There is no article with id {article_id}.")
        self.article_id = article_id


class StoreError(KnowledgeError):
    """The database failed; nothing was half-written."""
