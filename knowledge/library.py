"""The knowledge base as one object: ingest sources, list articles, answer questions, summarize."""

from __future__ import annotations

import logging
from pathlib import Path

from knowledge.answer import answer_question
from knowledge.ingest import parse_file, parse_text
from knowledge.models import Answer, Article, ArticleInfo, IngestResult
from knowledge.store import DEFAULT_DATABASE_URL, Store

logger = logging.getLogger(__name__)


class Library:
    """Stored articles plus the answering path the console chat and the Telegram bot share."""

    def __init__(self, database_url: str = DEFAULT_DATABASE_URL) -> None:
        self.store = Store(database_url)
        self._articles: list[Article] | None = None

    def close(self) -> None:
        """Close the database."""
        self.store.close()

    def ingest_file(
        self, path: Path, *, url: str | None = None, publisher: str | None = None
    ) -> IngestResult:
        """Parse and store one file (one transaction); see ``knowledge.ingest.parse_file``."""
        return self._save(parse_file(path, url=url, publisher=publisher))

    def ingest_text(
        self, raw: str, *, url: str | None = None, publisher: str | None = None, source: str | None = None
    ) -> IngestResult:
        """Parse and store a text dump (one transaction)."""
        return self._save(parse_text(raw, url=url, publisher=publisher, source=source))

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
