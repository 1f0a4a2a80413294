"""Save, load, list and remove articles with their sentences, speakers and quotes, one transaction each."""

from __future__ import annotations

import hashlib
import logging
import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Engine, Table, delete, func, insert, or_, select, update
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from knowledge.errors import NotFoundError, StoreError
from knowledge.meaning.vectors import ArticleVectors
from knowledge.models import (
    Article,
    ArticleInfo,
    IngestResult,
    Quote,
    QuoteKind,
    SearchColumns,
    Speaker,
    SpeakerKind,
    StoredArticle,
)
from knowledge.storage.engine import dialect_of, driver_marks
from knowledge.storage.schema import (
    ALIASES,
    ARTICLES,
    QUOTES,
    SENTENCES,
    SPEAKERS,
    VECTORS,
    AliasRow,
    ArticleRow,
    QuoteRow,
    SentenceRow,
    SpeakerRow,
)
from knowledge.storage.vectors import VectorStore

logger = logging.getLogger(__name__)

# PostgreSQL takes this many rows or more by COPY (fewer: one INSERT, one round trip instead of three).
_COPY_FROM = 16
# Rows per INSERT statement on SQLite: under its 32,766 parameters at ten columns.
_ROWS_PER_STATEMENT = 1000


def content_hash(article: Article) -> str:
    """A fingerprint of the article's words, blind to case, spacing and punctuation."""
    words = re.sub(r"\W+", " ", article.text.lower()).strip()
    return hashlib.sha256(words.encode()).hexdigest()


class ArticleStore:
    """The stored articles: save and load ``Article`` values, list and remove them."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    def save(
        self, article: Article, columns: SearchColumns, vectors: ArticleVectors | None = None
    ) -> IngestResult:
        """Store an article once: the same URL or the same text updates it in place, keeping its id.

        One transaction: the article row, then its sentences, speakers, aliases and quotes as bulk
        inserts, with their search ``columns`` (``knowledge.search.columns``) and, when given, their
        ``vectors`` (``knowledge.meaning``); the search index follows through its triggers. URLs and texts
        are unique in the database, so when another writer (a second replica, a second thread) stores the
        same one between this one's look and its insert, the insert fails and the save is made again
        against what that writer stored: the article is stored once, and both writers succeed.
        """
        digest = content_hash(article)
        try:
            try:
                return self._save_once(article, columns, vectors, digest)
            except IntegrityError:
                logger.info("the same article was stored meanwhile by another writer: saving it again")
                return self._save_once(article, columns, vectors, digest)
        except SQLAlchemyError as error:
            raise StoreError(f"Could not save the article: {error.__class__.__name__}") from error

    def _save_once(
        self, article: Article, columns: SearchColumns, vectors: ArticleVectors | None, digest: str
    ) -> IngestResult:
        with self.engine.begin() as conn:  # Core statements: no ORM objects on the ingestion path
            found = _find_existing(conn, article.url, digest)
            if found is not None and found.content_hash == digest and article.url in (None, "", found.url):
                return IngestResult(_info(conn, found.id), "unchanged")
            values = _article_values(article, digest, found.url if found else None)
            article_id = _write_article(conn, values, found.id if found else None)
            _insert_children(conn, article_id, article, columns)
            if vectors is not None:
                VectorStore(self.engine).put(article_id, vectors, conn)
            counts = (len(article.sentences), len(article.quotes))
            info = ArticleInfo(
                article_id, values["title"], article.publisher, article.published, values["url"], *counts
            )
            return IngestResult(info, "added" if found is None else "updated")

    def get(self, article_id: int) -> StoredArticle:
        """Load one article with its sentences, quotes and speakers.

        Raises:
            NotFoundError: when no article has that id.
        """
        with self._sessions() as session:
            row = session.get(ArticleRow, article_id)
            if row is None:
                raise NotFoundError(article_id)
            return _load_children(session, row)

    def all(self) -> list[StoredArticle]:
        """Load every article, oldest first."""
        with self._sessions() as session:
            rows = session.scalars(select(ArticleRow).order_by(ArticleRow.id)).all()
            return [_load_children(session, row) for row in rows]

    def newest(self, limit: int | None = None) -> list[ArticleInfo]:
        """Describe the stored articles (all, or the ``limit`` newest), newest first."""
        with self._sessions() as session:
            rows = session.scalars(select(ArticleRow).order_by(ArticleRow.id.desc()).limit(limit)).all()
            ids = [row.id for row in rows]
            counts = [
                _counts(session, model, ids if limit is not None else None)
                for model in (SentenceRow, QuoteRow)
            ]
            return [_info_of(row, counts[0].get(row.id, 0), counts[1].get(row.id, 0)) for row in rows]

    def count(self) -> int:
        """How many articles are stored."""
        with self.engine.connect() as conn:  # no ORM session: this runs after every save
            return conn.scalar(select(func.count()).select_from(ARTICLES)) or 0

    def quote_count(self) -> int:
        """How many quotes are stored, in every article."""
        with self.engine.connect() as conn:
            return conn.scalar(select(func.count()).select_from(QUOTES)) or 0

    def has_url(self, url: str) -> bool:
        """True when an article from ``url`` is stored."""
        with self.engine.connect() as conn:
            return conn.scalar(select(ARTICLES.c.id).where(ARTICLES.c.url == url)) is not None

    def remove(self, article_id: int) -> bool:
        """Delete an article and everything parsed from it; False when there was none."""
        with self._sessions.begin() as session:
            row = session.get(ArticleRow, article_id)
            if row is None:
                return False
            session.delete(row)
            return True


@dataclass(frozen=True, slots=True)
class _Existing:
    """A stored article that a new one may be a version of."""

    id: int
    url: str | None
    content_hash: str


def _find_existing(conn: Connection, url: str | None, digest: str) -> _Existing | None:
    """The stored article with this URL (preferred) or this text: its id, URL and content hash."""
    condition = ARTICLES.c.content_hash == digest
    if url:
        condition = or_(condition, ARTICLES.c.url == url)
    columns = ARTICLES.c
    rows = conn.execute(select(columns.id, columns.url, columns.content_hash).where(condition)).all()
    by_url = [r for r in rows if url and r.url == url]
    chosen = by_url or rows
    return _Existing(chosen[0].id, chosen[0].url, chosen[0].content_hash) if chosen else None


def _article_values(article: Article, digest: str, stored_url: str | None) -> dict[str, Any]:
    """The article's own fields as a row (a stored URL is kept when the new version has none)."""
    return {
        "title": article.title[:500],
        "publisher": article.publisher,
        "published": article.published,
        "url": article.url or stored_url,
        "author": article.author,
        "dateline": article.dateline,
        "text": article.text,
        "content_hash": digest,
    }


def _write_article(conn: Connection, values: dict[str, Any], stored_id: int | None) -> int:
    """Insert the article's row, or rewrite the stored one (its parsed parts dropped); return its id."""
    if stored_id is None:
        return int(conn.execute(insert(ARTICLES).returning(ARTICLES.c.id), values).scalar_one())
    _delete_children(conn, stored_id)
    conn.execute(update(ARTICLES).where(ARTICLES.c.id == stored_id).values(values))
    return stored_id


def _delete_children(conn: Connection, article_id: int) -> None:
    """Delete what was parsed from an article (its search-index entries go with it, by trigger)."""
    speakers = select(SpeakerRow.id).where(SpeakerRow.article_id == article_id)
    conn.execute(delete(QuoteRow).where(QuoteRow.article_id == article_id))
    conn.execute(delete(AliasRow).where(AliasRow.speaker_id.in_(speakers)))
    conn.execute(delete(SpeakerRow).where(SpeakerRow.article_id == article_id))
    conn.execute(delete(SentenceRow).where(SentenceRow.article_id == article_id))
    conn.execute(delete(VECTORS).where(VECTORS.c.article_id == article_id))


def _insert_children(
    connection: Connection, article_id: int, article: Article, columns: SearchColumns
) -> None:
    """Insert an article's sentences, speakers, aliases and quotes, each kind as one bulk insert."""
    paragraphs = _paragraph_numbers(article)
    _insert_rows(
        connection,
        SENTENCES,
        ("article_id", "position", "paragraph", "text", "terms"),
        [
            (article_id, i, paragraphs[i], text, terms)
            for i, (text, terms) in enumerate(zip(article.sentences, columns.sentences, strict=True))
        ],
    )
    names = dict(zip((s.name for s in article.speakers), columns.speakers, strict=True))
    speakers = list({s.name: s for s in article.speakers}.values())
    _insert_rows(
        connection,
        SPEAKERS,
        ("article_id", "position", "name", "role", "kind", "names"),
        [(article_id, i, s.name, s.role, s.kind, names[s.name]) for i, s in enumerate(speakers)],
    )
    ids: dict[str, int] = {}
    if speakers:
        stored = select(SPEAKERS.c.name, SPEAKERS.c.id).where(SPEAKERS.c.article_id == article_id)
        ids = {name: speaker_id for name, speaker_id in connection.execute(stored)}  # names are unique here
    _insert_rows(
        connection,
        ALIASES,
        ("speaker_id", "alias"),
        [(ids[s.name], alias) for s in speakers for alias in s.aliases],
    )
    _insert_rows(
        connection,
        QUOTES,
        (
            "article_id",
            "position",
            "sentence",
            "text",
            "speaker_id",
            "speaker_role",
            "cue",
            "kind",
            "terms",
            "confidence",
        ),
        [
            (
                article_id,
                i,
                q.sentence,
                q.text,
                ids.get(q.speaker or ""),
                q.speaker_role,
                q.cue,
                q.kind,
                terms,
                q.confidence,
            )
            for i, (q, terms) in enumerate(zip(article.quotes, columns.quotes, strict=True))
        ],
    )


def _insert_rows(
    connection: Connection, table: Table, columns: tuple[str, ...], rows: list[tuple[object, ...]]
) -> None:
    """Insert plain rows into ``columns`` of ``table``, sent straight to the driver.

    SQLAlchemy's statement building cost as much as the inserts, and one statement for many rows (not one
    per row) fires the search index's statement-level triggers on PostgreSQL once per table and article.
    PostgreSQL takes many rows by ``COPY`` (psycopg formats them in C); a few, and SQLite, multi-row
    ``VALUES``.
    """
    if not rows:
        return
    named = ", ".join(table.c[c].name for c in columns)  # a column the schema lacks fails here
    if dialect_of(connection) == "postgresql" and len(rows) >= _COPY_FROM:
        driver = connection.connection.driver_connection  # psycopg's own, in this transaction
        assert driver is not None  # (None only once the connection is closed)
        with driver.cursor() as cursor, cursor.copy(f"COPY {table.name} ({named}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        return
    row_marks = f"({driver_marks(connection, len(columns))})"
    for start in range(0, len(rows), _ROWS_PER_STATEMENT):
        chunk = rows[start : start + _ROWS_PER_STATEMENT]
        flat = tuple(value for row in chunk for value in row)
        marks = ", ".join([row_marks] * len(chunk))
        connection.exec_driver_sql(f"INSERT INTO {table.name} ({named}) VALUES {marks}", flat)


def _paragraph_numbers(article: Article) -> list[int]:
    """The paragraph each sentence stands in (0 when it cannot be found), in one pass over both."""
    numbers, paragraph = [], 0
    for sentence in article.sentences:
        found = next(
            (i for i in range(paragraph, len(article.paragraphs)) if sentence in article.paragraphs[i]), None
        )
        if found is None:
            found = next((i for i, p in enumerate(article.paragraphs) if sentence in p), 0)
        numbers.append(found)
        paragraph = found
    return numbers


def _load_children(session: Session, row: ArticleRow) -> StoredArticle:
    """An article from its row and plain queries for its parts (no ORM objects: one article loads in ~1 ms)."""
    sentences = session.execute(
        select(SentenceRow.text).where(SentenceRow.article_id == row.id).order_by(SentenceRow.position)
    ).scalars()
    speakers = session.execute(
        select(SpeakerRow.id, SpeakerRow.name, SpeakerRow.role, SpeakerRow.kind)
        .where(SpeakerRow.article_id == row.id)
        .order_by(SpeakerRow.position)
    ).all()
    aliases: dict[int, list[str]] = {}
    if speakers:
        found = select(AliasRow.speaker_id, AliasRow.alias).where(
            AliasRow.speaker_id.in_([s.id for s in speakers])
        )
        for speaker_id, alias in session.execute(found.order_by(AliasRow.id)):
            aliases.setdefault(speaker_id, []).append(alias)
    names = {s.id: s.name for s in speakers}
    quotes = session.execute(
        select(
            QuoteRow.text,
            QuoteRow.speaker_id,
            QuoteRow.speaker_role,
            QuoteRow.cue,
            QuoteRow.kind,
            QuoteRow.sentence,
            QuoteRow.confidence,
        )
        .where(QuoteRow.article_id == row.id)
        .order_by(QuoteRow.position)
    ).all()
    return StoredArticle(
        id=row.id,
        title=row.title,
        text=row.text,
        paragraphs=tuple(row.text.split("\n\n")),
        sentences=tuple(sentences),
        publisher=row.publisher,
        published=row.published,
        url=row.url,
        author=row.author,
        dateline=row.dateline,
        quotes=tuple(
            Quote(
                q.text,
                names.get(q.speaker_id or 0),
                q.speaker_role,
                q.cue,
                _kind(q.kind),
                q.sentence,
                q.confidence,
            )
            for q in quotes
        ),
        speakers=tuple(
            Speaker(s.name, s.role, _speaker_kind(s.kind), tuple(aliases.get(s.id, ()))) for s in speakers
        ),
    )


def _speaker_kind(value: str) -> SpeakerKind:
    return "organisation" if value == "organisation" else "unnamed" if value == "unnamed" else "person"


def _kind(value: str) -> QuoteKind:
    return "partial" if value == "partial" else "indirect" if value == "indirect" else "direct"


def _info(conn: Connection, article_id: int) -> ArticleInfo:
    """A stored article's description, with its counts of sentences and quotes."""
    columns = ARTICLES.c
    row = conn.execute(
        select(columns.id, columns.title, columns.publisher, columns.published, columns.url).where(
            columns.id == article_id
        )
    ).one()
    sentences = conn.scalar(select(func.count()).where(SentenceRow.article_id == article_id)) or 0
    quotes = conn.scalar(select(func.count()).where(QuoteRow.article_id == article_id)) or 0
    return ArticleInfo(row.id, row.title, row.publisher, row.published, row.url, sentences, quotes)


def _counts(
    session: Session, model: type[SentenceRow] | type[QuoteRow], ids: list[int] | None
) -> dict[int, int]:
    """Rows of ``model`` per article (of the given articles, or of all)."""
    query = select(model.article_id, func.count()).group_by(model.article_id)
    if ids is not None:
        query = query.where(model.article_id.in_(ids))
    return {article_id: count for article_id, count in session.execute(query).all()}


def _info_of(row: ArticleRow, sentences: int, quotes: int) -> ArticleInfo:
    return ArticleInfo(
        id=row.id,
        title=row.title,
        publisher=row.publisher,
        published=row.published,
        url=row.url,
        sentences=sentences,
        quotes=quotes,
    )
