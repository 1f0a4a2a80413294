"""Keep articles in a SQL database (SQLite by default, PostgreSQL by URL), one transaction each."""

from __future__ import annotations

import hashlib
import logging
import re
from pathlib import Path

from sqlalchemy import create_engine, event, func, or_, select
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, selectinload, sessionmaker

from knowledge.errors import NotFoundError, StoreError
from knowledge.models import Article, ArticleInfo, IngestResult, Quote, QuoteKind, Speaker
from knowledge.orm import AliasRow, ArticleRow, Base, QuoteRow, SentenceRow, SpeakerRow

logger = logging.getLogger(__name__)

DEFAULT_DATABASE_URL = "sqlite:///articlebot.db"


def content_hash(article: Article) -> str:
    """A fingerprint of the article's words, blind to case, spacing and punctuation."""
    words = re.sub(r"\W+", " ", article.text.lower()).strip()
    return hashlib.sha256(words.encode()).hexdigest()


class Store:
    """The article database: open it by URL, save and load ``Article`` values."""

    def __init__(self, url: str = DEFAULT_DATABASE_URL) -> None:
        self.url = url
        self.engine = _make_engine(url)
        try:
            Base.metadata.create_all(self.engine)
        except SQLAlchemyError as error:
            raise StoreError(f"Cannot open the database: {error.__class__.__name__}") from error
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    def close(self) -> None:
        """Release the connection pool."""
        self.engine.dispose()

    def save(self, article: Article) -> IngestResult:
        """Store an article once: the same URL or the same text updates it in place, keeping its id."""
        digest = content_hash(article)
        try:
            with self._sessions.begin() as session:
                row = _find_existing(session, article.url, digest)
                if row is not None and row.content_hash == digest and row.url == (article.url or row.url):
                    return IngestResult(_info(session, row), "unchanged")
                created = row is None
                if row is None:
                    row = ArticleRow()
                else:  # a changed page: drop what was parsed before, keep the id
                    row.quotes.clear()
                    row.sentences.clear()
                    row.speakers.clear()
                    session.flush()
                _fill(row, article, digest)
                session.add(row)
                session.flush()
                return IngestResult(_info(session, row), "added" if created else "updated")
        except SQLAlchemyError as error:
            raise StoreError(f"Could not save the article: {error.__class__.__name__}") from error

    def get(self, article_id: int) -> Article:
        """Load one article with its sentences, quotes and speakers.

        Raises:
            NotFoundError: when no article has that id.
        """
        with self._sessions() as session:
            row = session.get(ArticleRow, article_id, options=_FULL)
            if row is None:
                raise NotFoundError(article_id)
            return _to_article(row)

    def all(self) -> list[Article]:
        """Load every article, oldest first."""
        with self._sessions() as session:
            rows = session.scalars(select(ArticleRow).options(*_FULL).order_by(ArticleRow.id))
            return [_to_article(row) for row in rows]

    def list(self) -> list[ArticleInfo]:
        """Describe every stored article, newest first."""
        with self._sessions() as session:
            rows = session.scalars(select(ArticleRow).order_by(ArticleRow.id.desc())).all()
            return [_info(session, row) for row in rows]

    def has_url(self, url: str) -> bool:
        """True when an article from ``url`` is stored."""
        with self._sessions() as session:
            return session.scalar(select(ArticleRow.id).where(ArticleRow.url == url)) is not None

    def remove(self, article_id: int) -> bool:
        """Delete an article and everything parsed from it; False when there was none."""
        with self._sessions.begin() as session:
            row = session.get(ArticleRow, article_id)
            if row is None:
                return False
            session.delete(row)
            return True


_FULL = (
    selectinload(ArticleRow.sentences),
    selectinload(ArticleRow.quotes).selectinload(QuoteRow.speaker),
    selectinload(ArticleRow.speakers).selectinload(SpeakerRow.aliases),
)


def _make_engine(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        Path(parsed.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url)
    if parsed.get_backend_name() == "sqlite":
        event.listen(engine, "connect", _sqlite_foreign_keys)
    return engine


def _sqlite_foreign_keys(connection, _record) -> None:  # type: ignore[no-untyped-def]
    cursor = connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _find_existing(session: Session, url: str | None, digest: str) -> ArticleRow | None:
    condition = ArticleRow.content_hash == digest
    if url:
        condition = or_(condition, ArticleRow.url == url)
    rows = session.scalars(select(ArticleRow).where(condition)).all()
    by_url = [r for r in rows if url and r.url == url]
    return (by_url or rows or [None])[0]


def _fill(row: ArticleRow, article: Article, digest: str) -> None:
    """Write every field of ``article`` into ``row``, replacing its parsed children."""
    row.title = article.title[:500]
    row.publisher = article.publisher
    row.published = article.published
    row.url = article.url or row.url
    row.author = article.author
    row.dateline = article.dateline
    row.text = article.text
    row.content_hash = digest
    row.sentences = [
        SentenceRow(position=i, paragraph=_paragraph_of(article, i), text=s)
        for i, s in enumerate(article.sentences)
    ]
    speakers = {
        s.name: SpeakerRow(
            position=i, name=s.name, role=s.role, kind=s.kind, aliases=[AliasRow(alias=a) for a in s.aliases]
        )
        for i, s in enumerate(article.speakers)
    }
    row.speakers = list(speakers.values())
    row.quotes = [
        QuoteRow(
            position=i,
            sentence=q.sentence,
            text=q.text,
            speaker=speakers.get(q.speaker or ""),
            speaker_role=q.speaker_role,
            cue=q.cue,
            kind=q.kind,
        )
        for i, q in enumerate(article.quotes)
    ]


def _paragraph_of(article: Article, sentence: int) -> int:
    text = article.sentences[sentence]
    return next((i for i, p in enumerate(article.paragraphs) if text in p), 0)


def _to_article(row: ArticleRow) -> Article:
    paragraphs = tuple(row.text.split("\n\n"))
    return Article(
        id=row.id,
        title=row.title,
        text=row.text,
        paragraphs=paragraphs,
        sentences=tuple(s.text for s in row.sentences),
        publisher=row.publisher,
        published=row.published,
        url=row.url,
        author=row.author,
        dateline=row.dateline,
        quotes=tuple(
            Quote(
                text=q.text,
                speaker=q.speaker.name if q.speaker else None,
                speaker_role=q.speaker_role,
                cue=q.cue,
                kind=_kind(q.kind),
                sentence=q.sentence,
            )
            for q in row.quotes
        ),
        speakers=tuple(
            Speaker(
                name=s.name,
                role=s.role,
                kind="organisation"
                if s.kind == "organisation"
                else "unnamed"
                if s.kind == "unnamed"
                else "person",
                aliases=tuple(a.alias for a in s.aliases),
            )
            for s in row.speakers
        ),
    )


def _kind(value: str) -> QuoteKind:
    return "partial" if value == "partial" else "indirect" if value == "indirect" else "direct"


def _info(session: Session, row: ArticleRow) -> ArticleInfo:
    sentences = session.scalar(select(func.count()).where(SentenceRow.article_id == row.id)) or 0
    quotes = session.scalar(select(func.count()).where(QuoteRow.article_id == row.id)) or 0
    return ArticleInfo(
        id=row.id,
        title=row.title,
        publisher=row.publisher,
        published=row.published,
        url=row.url,
        sentences=sentences,
        quotes=quotes,
    )
