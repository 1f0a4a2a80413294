"""Keep articles in a SQL database (SQLite by default, PostgreSQL by URL), one transaction each."""

from __future__ import annotations

import hashlib
import logging
import re
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Row, create_engine, delete, event, func, insert, or_, select, update
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from knowledge.errors import NotFoundError, StoreError
from knowledge.models import Article, ArticleInfo, IngestResult, Quote, QuoteKind, Speaker, SpeakerKind, Stats
from knowledge.search.postgres import accept_qmark
from knowledge.search.sqlite import SearchColumns, install_index, search_columns, speaker_names
from knowledge.storage.schema import (
    AliasRow,
    ArticleRow,
    Base,
    ChatScopeRow,
    LastQuestionRow,
    QuestionRow,
    QuoteRow,
    ReplyRow,
    SentenceRow,
    SpeakerRow,
)

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
        try:
            self.engine = _make_engine(url)
        except ModuleNotFoundError as error:  # e.g. a PostgreSQL URL without psycopg installed
            raise StoreError(
                f"Cannot open the database: its driver is not installed ({error.name}); "
                "for PostgreSQL: pip install -e '.[postgres]'"
            ) from error
        try:
            Base.metadata.create_all(self.engine)
            self.indexed = install_index(self.engine)
        except SQLAlchemyError as error:
            raise StoreError(f"Cannot open the database: {error.__class__.__name__}") from error
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    def close(self) -> None:
        """Release the connection pool."""
        self.engine.dispose()

    def save(self, article: Article, columns: SearchColumns | None = None) -> IngestResult:
        """Store an article once: the same URL or the same text updates it in place, keeping its id.

        One transaction: the article row, then its sentences, speakers, aliases and quotes as bulk
        inserts; the search index (``knowledge.search.sqlite``) follows through its triggers. ``columns``: the
        article's search terms when already computed (``knowledge.index.search_columns``).
        """
        digest = content_hash(article)
        try:
            with self.engine.begin() as conn:  # Core statements: no ORM objects on the ingestion path
                found = _find_existing(conn, article.url, digest)
                if (
                    found is not None
                    and found.content_hash == digest
                    and article.url in (None, "", found.url)
                ):
                    return IngestResult(_info(conn, found.id), "unchanged")
                values = _article_values(article, digest, found.url if found else None)
                article_id = _write_article(conn, values, found.id if found else None)
                _insert_children(conn, article_id, article, columns or search_columns(article))
                counts = (len(article.sentences), len(article.quotes))
                info = ArticleInfo(
                    article_id, values["title"], article.publisher, article.published, values["url"], *counts
                )
                return IngestResult(info, "added" if found is None else "updated")
        except SQLAlchemyError as error:
            raise StoreError(f"Could not save the article: {error.__class__.__name__}") from error

    def get(self, article_id: int) -> Article:
        """Load one article with its sentences, quotes and speakers.

        Raises:
            NotFoundError: when no article has that id.
        """
        with self._sessions() as session:
            row = session.get(ArticleRow, article_id)
            if row is None:
                raise NotFoundError(article_id)
            return _load_children(session, row)

    def all(self) -> list[Article]:
        """Load every article, oldest first."""
        with self._sessions() as session:
            rows = session.scalars(select(ArticleRow).order_by(ArticleRow.id)).all()
            return [_load_children(session, row) for row in rows]

    def list(self, *, limit: int | None = None) -> list[ArticleInfo]:
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
            return conn.scalar(select(func.count()).select_from(_ARTICLES)) or 0

    def remember_reply(self, chat_id: int, message_ids: list[int], article_id: int) -> None:
        """Record that the bot's messages ``message_ids`` in a chat were about one article."""
        with self._sessions.begin() as session:
            for message_id in message_ids:
                session.merge(ReplyRow(chat_id=chat_id, message_id=message_id, article_id=article_id))

    def replied_article(self, chat_id: int, message_id: int) -> int | None:
        """The article a message the bot sent was about, if it recorded one."""
        with self._sessions() as session:
            row = session.get(ReplyRow, (chat_id, message_id))
            return row.article_id if row else None

    def set_chat_article(self, chat_id: int, article_id: int | None) -> None:
        """Make a chat's questions go to one article (``None``: to every article)."""
        with self._sessions.begin() as session:
            row = session.get(ChatScopeRow, chat_id)
            if article_id is None:
                if row is not None:
                    session.delete(row)
            elif row is None:
                session.add(ChatScopeRow(chat_id=chat_id, article_id=article_id))
            else:
                row.article_id = article_id

    def chat_article(self, chat_id: int) -> int | None:
        """The article a chat chose to ask about, if any."""
        with self._sessions() as session:
            row = session.get(ChatScopeRow, chat_id)
            return row.article_id if row else None

    def set_last_question(self, chat_id: int, question: str, article_id: int | None) -> None:
        """Record the question a chat just asked and its scope; its answer's message comes later."""
        with self._sessions.begin() as session:
            session.merge(
                LastQuestionRow(chat_id=chat_id, question=question, article_id=article_id, message_id=None)
            )

    def set_last_answer_message(self, chat_id: int, message_id: int) -> None:
        """Record the message that answered the chat's last question (only the first one recorded counts)."""
        with self._sessions.begin() as session:
            row = session.get(LastQuestionRow, chat_id)
            if row is not None and row.message_id is None:
                row.message_id = message_id

    def last_question(self, chat_id: int) -> tuple[str, int | None, int | None] | None:
        """(question, scope article id, answering message id) of a chat's last question, if any."""
        with self._sessions() as session:
            row = session.get(LastQuestionRow, chat_id)
            return (row.question, row.article_id, row.message_id) if row else None

    def log_question(self, chat_id: int | None, intent: str, found: bool) -> None:
        """Record that a question was asked and whether it was answered."""
        with self._sessions.begin() as session:
            session.add(QuestionRow(chat_id=chat_id, intent=intent, found=found))

    def stats(self) -> Stats:
        """Counts of articles, quotes, questions asked and questions left unanswered."""
        with self._sessions() as session:
            articles = session.scalar(select(func.count()).select_from(ArticleRow)) or 0
            quotes = session.scalar(select(func.count()).select_from(QuoteRow)) or 0
            questions = session.scalar(select(func.count()).select_from(QuestionRow)) or 0
            unanswered = (
                session.scalar(
                    select(func.count()).select_from(QuestionRow).where(QuestionRow.found.is_(False))
                )
                or 0
            )
            return Stats(articles, quotes, questions, unanswered)

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


def _make_engine(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.drivername in ("postgres", "postgresql"):  # no driver named: psycopg 3, the ``postgres`` extra
        parsed = parsed.set(drivername="postgresql+psycopg")
    on_disk = parsed.database not in (None, "", ":memory:")
    if parsed.get_backend_name() == "sqlite" and on_disk:
        Path(parsed.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(parsed)
    if parsed.get_backend_name() == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas if on_disk else _sqlite_foreign_keys)
    elif parsed.get_backend_name() == "postgresql":
        accept_qmark(engine)  # the search index's plain SQL is written with sqlite3's ? marks
    return engine


def _sqlite_foreign_keys(connection, _record) -> None:  # type: ignore[no-untyped-def]
    cursor = connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _sqlite_pragmas(connection, record) -> None:  # type: ignore[no-untyped-def]
    """Foreign keys on; a write-ahead log (readers never wait for a writer, a commit is cheap); a warm cache."""
    _sqlite_foreign_keys(connection, record)
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA wal_autocheckpoint=10000")
    cursor.execute("PRAGMA cache_size=-32000")  # 32 MB of pages per connection, so the index stays warm
    cursor.execute("PRAGMA mmap_size=268435456")  # reads through a memory map (no copying)
    cursor.close()


_ARTICLES = ArticleRow.__table__


def _find_existing(conn: Connection, url: str | None, digest: str) -> Row[tuple[int, str | None, str]] | None:
    """The stored article with this URL (preferred) or this text: its id, URL and content hash."""
    condition = _ARTICLES.c.content_hash == digest
    if url:
        condition = or_(condition, _ARTICLES.c.url == url)
    columns = _ARTICLES.c
    rows = conn.execute(select(columns.id, columns.url, columns.content_hash).where(condition)).all()
    by_url = [r for r in rows if url and r.url == url]
    return (by_url or rows or [None])[0]


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
        return int(conn.execute(insert(_ARTICLES).returning(_ARTICLES.c.id), values).scalar_one())
    _delete_children(conn, stored_id)
    conn.execute(update(_ARTICLES).where(_ARTICLES.c.id == stored_id).values(values))
    return stored_id


def _delete_children(conn: Connection, article_id: int) -> None:
    """Delete what was parsed from an article (its search-index entries go with it, by trigger)."""
    speakers = select(SpeakerRow.id).where(SpeakerRow.article_id == article_id)
    conn.execute(delete(QuoteRow).where(QuoteRow.article_id == article_id))
    conn.execute(delete(AliasRow).where(AliasRow.speaker_id.in_(speakers)))
    conn.execute(delete(SpeakerRow).where(SpeakerRow.article_id == article_id))
    conn.execute(delete(SentenceRow).where(SentenceRow.article_id == article_id))


def _insert_children(
    connection: Connection, article_id: int, article: Article, columns: SearchColumns
) -> None:
    """Insert an article's sentences, speakers, aliases and quotes, each kind as one bulk insert."""
    paragraphs = _paragraph_numbers(article)
    _insert_rows(
        connection,
        "sentences (article_id, position, paragraph, text, terms)",
        [
            (article_id, i, paragraphs[i], text, terms)
            for i, (text, terms) in enumerate(zip(article.sentences, columns.sentences, strict=True))
        ],
    )
    speakers = list({s.name: s for s in article.speakers}.values())
    _insert_rows(
        connection,
        "speakers (article_id, position, name, role, kind, names)",
        [(article_id, i, s.name, s.role, s.kind, speaker_names(s)) for i, s in enumerate(speakers)],
    )
    ids: dict[str, int] = {}
    if speakers:
        stored = select(SpeakerRow.name, SpeakerRow.id).where(SpeakerRow.article_id == article_id)
        ids = {name: speaker_id for name, speaker_id in connection.execute(stored)}  # names are unique here
    _insert_rows(
        connection,
        "speaker_aliases (speaker_id, alias)",
        [(ids[s.name], alias) for s in speakers for alias in s.aliases],
    )
    _insert_rows(
        connection,
        "quotes (article_id, position, sentence, text, speaker_id, speaker_role, cue, kind, terms)",
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
            )
            for i, (q, terms) in enumerate(zip(article.quotes, columns.quotes, strict=True))
        ],
    )


def _insert_rows(connection: Connection, into: str, rows: list[tuple[object, ...]]) -> None:
    """One bulk insert of plain rows (``into``: "table (columns)"), sent straight to the driver: on the
    ingestion path SQLAlchemy's statement building cost as much as the inserts themselves."""
    if rows:
        marks = ", ".join("?" * len(rows[0]))
        connection.exec_driver_sql(f"INSERT INTO {into} VALUES ({marks})", rows)


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


def _load_children(session: Session, row: ArticleRow) -> Article:
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
        )
        .where(QuoteRow.article_id == row.id)
        .order_by(QuoteRow.position)
    ).all()
    return Article(
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
            Quote(q.text, names.get(q.speaker_id or 0), q.speaker_role, q.cue, _kind(q.kind), q.sentence)
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
    columns = _ARTICLES.c
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
