"""Remember chats: the article each chat asks about, what the bot's messages were about, the last question,
the questions asked (for /stats, and when each reader asked, for the limit on how fast one may ask), and the
updates already taken on (so replicas handle each once)."""

from __future__ import annotations

import time
from dataclasses import dataclass

from sqlalchemy import BigInteger, Engine, Float, delete, func, insert, literal, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import sessionmaker

from knowledge.storage.engine import wait_turn
from knowledge.storage.schema import (
    AskedRow,
    ChatScopeRow,
    LastQuestionRow,
    ProcessedUpdateRow,
    QuestionRow,
    ReplyRow,
)


@dataclass(frozen=True, slots=True)
class LastQuestion:
    """A chat's last question as stored, its scope, and the message that answered it (once sent)."""

    question: str
    article_id: int | None  # the article it was asked about; None: every article
    message_id: int | None


@dataclass(frozen=True, slots=True)
class QuestionCounts:
    """How many questions were asked in chats, and how many of them went unanswered."""

    asked: int
    unanswered: int


class ChatStore:
    """What the bot remembers per chat, in the same database as the articles."""

    def __init__(self, engine: Engine) -> None:
        self._sessions = sessionmaker(engine, expire_on_commit=False)

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

    def set_scope(self, chat_id: int, article_id: int | None) -> None:
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

    def scope(self, chat_id: int) -> int | None:
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

    def last_question(self, chat_id: int) -> LastQuestion | None:
        """A chat's last question, if it asked one."""
        with self._sessions() as session:
            row = session.get(LastQuestionRow, chat_id)
            return LastQuestion(row.question, row.article_id, row.message_id) if row else None

    def log_question(self, chat_id: int | None, intent: str, found: bool) -> None:
        """Record that a question was asked and whether it was answered."""
        with self._sessions.begin() as session:
            session.add(QuestionRow(chat_id=chat_id, intent=intent, found=found))

    def question_counts(self) -> QuestionCounts:
        """How many questions were asked in chats, and how many of them went unanswered."""
        with self._sessions() as session:
            asked = session.scalar(select(func.count()).select_from(QuestionRow)) or 0
            unanswered = (
                session.scalar(
                    select(func.count()).select_from(QuestionRow).where(QuestionRow.found.is_(False))
                )
                or 0
            )
            return QuestionCounts(asked, unanswered)


class UpdateClaims:
    """Which Telegram updates a bot process has already taken on (the ``processed_updates`` table), so an
    update delivered twice, or to two replicas, is handled once."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def claim(self, update_id: int, now: float | None = None) -> bool:
        """Take an update on; False when some process (this one or another) already has."""
        stamp = int(time.time() if now is None else now)
        try:
            with self.engine.begin() as conn:
                conn.execute(insert(ProcessedUpdateRow).values(update_id=update_id, claimed_at=stamp))
        except IntegrityError:
            return False
        return True

    def forget_before(self, cutoff: float) -> int:
        """Drop the claims made before ``cutoff`` (Unix time); return how many."""
        with self.engine.begin() as conn:
            done = conn.execute(delete(ProcessedUpdateRow).where(ProcessedUpdateRow.claimed_at < int(cutoff)))
            return int(done.rowcount or 0)


class QuestionsAsked:
    """When each reader asked their questions (the ``questions_asked`` table): how fast one reader asks,
    counted across every bot process that shares the database."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def allow(self, reader_id: int, limit: int, window: float, now: float | None = None) -> bool:
        """Record a question unless the reader already asked ``limit`` in the last ``window`` seconds;
        False then. One reader's questions are counted one at a time, however many processes ask."""
        now = time.time() if now is None else now
        recent = (
            select(func.count())
            .select_from(AskedRow)
            .where(AskedRow.reader_id == reader_id, AskedRow.asked_at > now - window)
            .scalar_subquery()
        )
        record = (
            insert(AskedRow)
            .from_select(
                ["reader_id", "asked_at"],
                select(literal(reader_id, BigInteger), literal(now, Float)).where(recent < limit),
            )
            .returning(AskedRow.id)
        )
        with self.engine.begin() as conn:
            wait_turn(conn, "questions_asked", reader_id)
            return conn.execute(record).first() is not None

    def forget_before(self, cutoff: float) -> int:
        """Drop the questions asked before ``cutoff`` (Unix time); return how many."""
        with self.engine.begin() as conn:
            done = conn.execute(delete(AskedRow).where(AskedRow.asked_at < cutoff))
            return int(done.rowcount or 0)
