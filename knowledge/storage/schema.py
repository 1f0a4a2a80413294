"""The database tables, in SQLAlchemy 2.0's typed style, and making them; rows never leave storage/."""

from __future__ import annotations

import datetime as dt
from typing import cast

from sqlalchemy import (
    BigInteger,
    Date,
    DateTime,
    Engine,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Table,
    Text,
    UniqueConstraint,
    func,
    inspect,
)
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from knowledge.errors import SchemaOutdatedError, StoreError
from knowledge.storage import migrate as migrations


class Base(DeclarativeBase):
    """Root of every table."""


class ArticleRow(Base):
    __tablename__ = "articles"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(500))
    publisher: Mapped[str | None] = mapped_column(String(200))
    published: Mapped[dt.date | None] = mapped_column(Date)
    url: Mapped[str | None] = mapped_column(String(2000), unique=True)
    author: Mapped[str | None] = mapped_column(String(300))
    dateline: Mapped[str | None] = mapped_column(String(200))
    text: Mapped[str] = mapped_column(Text)
    content_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())

    # Children are deleted by the database (ON DELETE CASCADE), which also fires the search-index triggers.
    sentences: Mapped[list[SentenceRow]] = relationship(
        back_populates="article",
        cascade="all, delete-orphan",
        order_by="SentenceRow.position",
        passive_deletes=True,
    )
    speakers: Mapped[list[SpeakerRow]] = relationship(
        back_populates="article",
        cascade="all, delete-orphan",
        order_by="SpeakerRow.position",
        passive_deletes=True,
    )
    quotes: Mapped[list[QuoteRow]] = relationship(
        back_populates="article",
        cascade="all, delete-orphan",
        order_by="QuoteRow.position",
        passive_deletes=True,
    )


class SentenceRow(Base):
    __tablename__ = "sentences"
    __table_args__ = (UniqueConstraint("article_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    paragraph: Mapped[int] = mapped_column(Integer, default=0)
    text: Mapped[str] = mapped_column(Text)
    terms: Mapped[str] = mapped_column(Text, default="")  # search terms, indexed by knowledge/search/

    article: Mapped[ArticleRow] = relationship(back_populates="sentences")


class SpeakerRow(Base):
    __tablename__ = "speakers"

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(300), index=True)
    role: Mapped[str | None] = mapped_column(String(500))
    kind: Mapped[str] = mapped_column(String(20))
    names: Mapped[str] = mapped_column(Text, default="")  # name and aliases, indexed by knowledge/search/

    article: Mapped[ArticleRow] = relationship(back_populates="speakers")
    aliases: Mapped[list[AliasRow]] = relationship(
        back_populates="speaker", cascade="all, delete-orphan", passive_deletes=True
    )


class AliasRow(Base):
    __tablename__ = "speaker_aliases"

    id: Mapped[int] = mapped_column(primary_key=True)
    speaker_id: Mapped[int] = mapped_column(ForeignKey("speakers.id", ondelete="CASCADE"), index=True)
    alias: Mapped[str] = mapped_column(String(300))

    speaker: Mapped[SpeakerRow] = relationship(back_populates="aliases")


class QuoteRow(Base):
    __tablename__ = "quotes"

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    sentence: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    speaker_id: Mapped[int | None] = mapped_column(ForeignKey("speakers.id", ondelete="SET NULL"), index=True)
    speaker_role: Mapped[str | None] = mapped_column(String(500))
    cue: Mapped[str | None] = mapped_column(String(50))
    kind: Mapped[str] = mapped_column(String(20))
    terms: Mapped[str] = mapped_column(Text, default="")  # search terms, indexed by knowledge/search/
    confidence: Mapped[float] = mapped_column(Float, default=1.0)  # the attribution's

    article: Mapped[ArticleRow] = relationship(back_populates="quotes")
    speaker: Mapped[SpeakerRow | None] = relationship()


class ReplyRow(Base):
    """Which article a message the bot sent was about, so a reply to it asks about that article."""

    __tablename__ = "replies"

    chat_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    message_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class ChatScopeRow(Base):
    """The article a chat chose to ask about (``/use ID``); no row means every article."""

    __tablename__ = "chat_scopes"

    chat_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)


class QuestionRow(Base):
    """One question asked in a chat and whether it was answered, for the admins' /stats."""

    __tablename__ = "questions"

    id: Mapped[int] = mapped_column(primary_key=True)
    chat_id: Mapped[int | None] = mapped_column(BigInteger)
    intent: Mapped[str] = mapped_column(String(20))
    found: Mapped[bool]
    asked_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class LastQuestionRow(Base):
    """The last question a chat asked, its scope and the message that answered it (for "more")."""

    __tablename__ = "last_questions"

    chat_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    question: Mapped[str] = mapped_column(Text)
    article_id: Mapped[int | None] = mapped_column(BigInteger)  # the scope; no foreign key: a removed
    # article makes the buttons say so instead of silently widening the question to every article
    message_id: Mapped[int | None] = mapped_column(BigInteger)


class ProcessedUpdateRow(Base):
    """A Telegram update some bot process has taken on: each is handled once, however many replicas see it."""

    __tablename__ = "processed_updates"

    update_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    claimed_at: Mapped[int] = mapped_column(BigInteger, index=True)  # Unix time, in seconds


class AskedRow(Base):
    """A question a reader asked, when: what limits how fast one reader may ask, across every bot process."""

    __tablename__ = "questions_asked"

    id: Mapped[int] = mapped_column(primary_key=True)
    reader_id: Mapped[int] = mapped_column(BigInteger)
    asked_at: Mapped[float] = mapped_column(Float)  # Unix time, in seconds
    __table_args__ = (Index("ix_questions_asked_reader", "reader_id", "asked_at"),)


class FeedFailureRow(Base):
    """A feed entry whose page could not be ingested, and when it may be tried again (back-off)."""

    __tablename__ = "feed_failures"

    url: Mapped[str] = mapped_column(String(2000), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer)  # in a row
    reason: Mapped[str] = mapped_column(Text)  # the last one
    retry_at: Mapped[int] = mapped_column(BigInteger, index=True)  # Unix time, in seconds


class VectorRow(Base):
    """An article's sentence and quote vectors (``knowledge.meaning.vectors``), and the model that made them."""

    __tablename__ = "article_vectors"

    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True)
    model: Mapped[str] = mapped_column(String(200), index=True)
    dim: Mapped[int] = mapped_column(Integer)
    sentences: Mapped[bytes] = mapped_column(LargeBinary)  # signed bytes, one row of ``dim`` per sentence
    quotes: Mapped[bytes] = mapped_column(LargeBinary)  # the same, one row per quote
    centre: Mapped[bytes] = mapped_column(LargeBinary)  # the mean of the sentences' (one row)


class MetaRow(Base):
    """What the search index keeps about itself: the version of its terms, the layout of its tables."""

    __tablename__ = "search_meta"

    key: Mapped[str] = mapped_column(Text, primary_key=True)
    value: Mapped[str] = mapped_column(Text)


# The tables as Core objects, for the plain statements of the ingestion and search paths.
SENTENCES = cast(Table, SentenceRow.__table__)
SPEAKERS = cast(Table, SpeakerRow.__table__)
ALIASES = cast(Table, AliasRow.__table__)
QUOTES = cast(Table, QuoteRow.__table__)
ARTICLES = cast(Table, ArticleRow.__table__)
META = cast(Table, MetaRow.__table__)
VECTORS = cast(Table, VectorRow.__table__)


def create_schema(engine: Engine, *, migrate: bool = True) -> None:
    """Make a new database whole (and record its revision); bring an older one up to date when ``migrate``.

    Raises:
        SchemaOutdatedError: when the database is older than the code and ``migrate`` is false.
        StoreError: when the database cannot be reached or changed.
    """
    try:
        revision = migrations.current(engine)
        if revision is None:  # a new database
            with engine.begin() as conn:
                Base.metadata.create_all(conn)
                migrations.stamp_head(conn)
            return
        if revision == migrations.head():
            return
        if not migrate:
            raise SchemaOutdatedError(revision, migrations.head())
        migrations.upgrade(engine)
    except SQLAlchemyError as error:
        raise StoreError(f"Cannot open the database: {error.__class__.__name__}") from error


def missing_tables(engine: Engine) -> list[str]:
    """The tables of this release that the database lacks (none: its schema is current)."""
    present = set(inspect(engine).get_table_names())
    return sorted(name for name in Base.metadata.tables if name not in present)
