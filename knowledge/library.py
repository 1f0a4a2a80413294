"""The knowledge base as one object: ingest sources, list articles, answer questions, summarize."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from knowledge.answer import answer_question
from knowledge.errors import IngestError, KnowledgeError
from knowledge.feeds import read_feed
from knowledge.fetch import FEED_TYPES, FetchOptions, fetch
from knowledge.ingest import kind_of, parse_document, parse_file, parse_text, parse_url
from knowledge.models import Answer, Article, ArticleInfo, IngestResult
from knowledge.store import DEFAULT_DATABASE_URL, Store

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class FeedReport:
    """What reading one feed did: new and changed articles, entries already stored, failures."""

    url: str
    results: tuple[IngestResult, ...]
    skipped: int
    failed: tuple[tuple[str, str], ...]  # (entry url, reason)


class Library:
    """Stored articles plus the answering path the console chat and the Telegram bot share."""

    def __init__(
        self, database_url: str = DEFAULT_DATABASE_URL, *, fetch_options: FetchOptions | None = None
    ) -> None:
        self.store = Store(database_url)
        self.fetch_options = fetch_options or FetchOptions()
        self._articles: list[Article] | None = None

    def close(self) -> None:
        """Close the database."""
        self.store.close()

    def ingest_file(
        self, path: Path, *, url: str | None = None, publisher: str | None = None
    ) -> IngestResult:
        """Parse and store one .txt, .html or .pdf file (one transaction)."""
        return self._save(parse_file(path, url=url, publisher=publisher))

    def ingest_text(
        self, raw: str, *, url: str | None = None, publisher: str | None = None, source: str | None = None
    ) -> IngestResult:
        """Parse and store a text dump (one transaction)."""
        return self._save(parse_text(raw, url=url, publisher=publisher, source=source))

    def ingest_document(self, data: bytes, name: str, *, content_type: str | None = None) -> IngestResult:
        """Parse and store a document received as bytes (a file sent in chat).

        Raises:
            IngestError: when its kind is not supported or it holds no article.
        """
        kind = kind_of(name, content_type)
        if kind is None:
            raise IngestError(f"{name}: I can read .txt, .html and .pdf files.", source=name)
        return self._save(parse_document(data, kind, source=name))

    def ingest_url(self, url: str) -> IngestResult:
        """Fetch a page safely, parse and store it; see ``knowledge.fetch`` for the safety rules."""
        return self._save(parse_url(url, options=self.fetch_options))

    def ingest_feed(self, url: str) -> FeedReport:
        """Read an RSS/Atom feed and ingest the entries not stored yet, each in its own transaction."""
        fetched = fetch(url, options=self.fetch_options, accept=FEED_TYPES)
        entries = read_feed(fetched.body, source=url)
        results: list[IngestResult] = []
        failed: list[tuple[str, str]] = []
        skipped = 0
        for entry in entries:
            if self.store.has_url(entry.url):
                skipped += 1
                continue
            try:
                results.append(self.ingest_url(entry.url))
            except KnowledgeError as error:
                failed.append((entry.url, str(error)))
        logger.info("feed %s: %d new, %d known, %d failed", url, len(results), skipped, len(failed))
        return FeedReport(url, tuple(results), skipped, tuple(failed))

    def articles(self) -> list[ArticleInfo]:
        """Every stored article, newest first."""
        return self.store.list()

    def article(self, article_id: int) -> Article:
        """One stored article; raises ``NotFoundError`` when there is none."""
        return next((a for a in self._loaded() if a.id == article_id), None) or self.store.get(article_id)

    def ask(self, question: str, *, article_id: int | None = None, summary_sentences: int = 3) -> Answer:
        """Answer a question about one article, or about every stored article."""
        scope = [self.article(article_id)] if article_id is not None else self._loaded()
        return answer_question(question, scope, summary_sentences=summary_sentences)

    def remove(self, article_id: int) -> bool:
        """Delete an article; False when there was none."""
        removed = self.store.remove(article_id)
        self._articles = None
        return removed

    def _save(self, article: Article) -> IngestResult:
        result = self.store.save(article)
        self._articles = None
        return result

    def _loaded(self) -> list[Article]:
        if self._articles is None:
            self._articles = self.store.all()
        return self._articles
