"""The knowledge base as one object, a thin façade over the stages: ingest, store, search, answer, summarize."""

from __future__ import annotations

import datetime as dt
import json
import logging
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path

from sqlalchemy import Engine, inspect
from sqlalchemy.exc import SQLAlchemyError

from knowledge.answer.corpus import ArticleCorpus, Corpus
from knowledge.answer.intent import Question, parse_question
from knowledge.answer.respond import answer
from knowledge.errors import IngestError, KnowledgeError, ParseError, StoreError, TermsOutdatedError
from knowledge.ingest.feeds import newest_first, read_feed
from knowledge.ingest.fetch import FEED_TYPES, FetchOptions, fetch
from knowledge.ingest.pipeline import (
    Parsed,
    SourceKind,
    kind_of,
    parse_all,
    parse_document,
    parse_file,
    parse_isolated,
    parse_text,
    parse_url,
)
from knowledge.meaning.centres import CentreIndex
from knowledge.meaning.encoder import Encoder
from knowledge.meaning.search import Meaning
from knowledge.meaning.vectors import ArticleVectors, embed_article
from knowledge.models import (
    Answer,
    Article,
    ArticleInfo,
    ChatAnswer,
    IngestResult,
    SearchColumns,
    Stats,
    StoredArticle,
)
from knowledge.search.backends import open_index
from knowledge.search.columns import (
    has_articles,
    read_meta,
    reindex_search_columns,
    search_columns,
)
from knowledge.search.ranking import SearchIndex
from knowledge.storage import migrate as migrations
from knowledge.storage.articles import ArticleStore
from knowledge.storage.chats import ChatStore, QuestionsAsked, UpdateClaims
from knowledge.storage.engine import DEFAULT_DATABASE_URL, dialect_of, exclusive, open_engine
from knowledge.storage.feeds import FeedFailures
from knowledge.storage.schema import META, create_schema, missing_tables
from knowledge.storage.vectors import VectorStore
from knowledge.summarize.digest import Digest, build_digest
from knowledge.text.terms import TERMS_VERSION

logger = logging.getLogger(__name__)

# The search index is compacted after this many saves, or a tenth of the collection if more
# (so compacting costs a constant share of ingestion however large the collection grows).
COMPACT_AFTER = 500
# On PostgreSQL, bulk ingestion stores this many articles at once, each on its own connection.
STORE_THREADS = 2
# What the index leaves pending (PostgreSQL's term counts) is folded in after this many saves.
SETTLE_AFTER = 200

# A question over every article is also matched by meaning in the articles whose centre vector is closest
# to it (those its words point to come first): what finds the article of a question sharing no word with it.
MEANING_BY_CENTRE = 3

# How long an update's claim is kept (Telegram redelivers an unanswered update for about a day at most).
UPDATE_MEMORY = 24 * 3600.0

DIGEST_POOL = 200  # a digest looks at this many of the newest articles
# A document or a link is read in a process of its own, stopped after this many seconds (a fetch alone
# may take 30 s: knowledge.ingest.fetch).
PARSE_SECONDS = 60.0

# A feed is read down to its this many newest entries on each poll; older ones are never fetched (a feed
# of 10,000 entries costs 50 fetches at most, and a first poll stores the 50 newest stories).
FEED_ENTRIES_PER_POLL = 50


@dataclass(frozen=True, slots=True)
class FeedReport:
    """What reading one feed did: new and changed articles, entries already stored, failures."""

    url: str
    results: tuple[IngestResult, ...]
    skipped: int
    failed: tuple[tuple[str, str], ...]  # (entry url, reason)
    waiting: int = 0  # entries that failed before, not fetched again until their back-off ends
    beyond: int = 0  # entries past the FEED_ENTRIES_PER_POLL newest, not read


def database_revision(database_url: str) -> tuple[str | None, str]:
    """The schema revision of a database (None: empty) and the one this release expects."""
    engine = open_engine(database_url)
    try:
        return migrations.current(engine), migrations.head()
    finally:
        engine.dispose()


def search_terms_versions(database_url: str) -> tuple[str | None, str]:
    """The version of the search terms a database's articles were indexed with (None: a database without
    the index, or empty) and this release's: when they differ, ``upgrade_database`` computes them again."""
    engine = open_engine(database_url)
    try:
        with engine.connect() as conn:
            if META.name not in inspect(conn).get_table_names() or not has_articles(conn):
                return None, TERMS_VERSION
        return _terms_versions(engine)
    finally:
        engine.dispose()


def upgrade_database(
    database_url: str, progress: Callable[[int, int], None] | None = None
) -> tuple[str | None, str]:
    """Bring a database made by an earlier release up to this one: its schema (one transaction), then its
    search terms, if an earlier release computed them otherwise (``progress`` is told the articles done and
    in all after each batch; stopped halfway, this goes on from there the next time). Return the schema
    revisions before and after. A new database is made whole."""
    engine = open_engine(database_url)
    try:
        before = migrations.current(engine)
        create_schema(engine, migrate=True)
        if before is not None and open_index(engine, ArticleStore(engine)) is not None:
            for done, total in reindex_search_columns(engine):
                if progress is not None:
                    progress(done, total)
        return before, migrations.head()
    finally:
        engine.dispose()


def _terms_versions(engine: Engine) -> tuple[str | None, str]:
    with engine.connect() as conn:
        return read_meta(conn, "terms"), TERMS_VERSION


class Library:
    """Stored articles plus the answering path the console chat and the Telegram bot share."""

    def __init__(
        self,
        database_url: str = DEFAULT_DATABASE_URL,
        *,
        fetch_options: FetchOptions | None = None,
        encoder: Encoder | None = None,
        auto_migrate: bool = True,
    ) -> None:
        """Open (or create) the database. With an ``encoder`` (``knowledge.meaning.load_encoder``) questions
        are matched by meaning as well as by words; without one, by words alone. A database made by an
        earlier release is upgraded first, or, without ``auto_migrate``, refused (``SchemaOutdatedError``:
        see ``upgrade_database``)."""
        self.engine = open_engine(database_url)
        self.encoder = encoder
        try:
            create_schema(self.engine, migrate=auto_migrate)
            self.store = ArticleStore(self.engine)
            self.vectors = VectorStore(self.engine)
            if encoder is not None and self.vectors.use_model(encoder.name, encoder.dim):
                logger.info(
                    "the encoder changed to %s: every article's vectors will be made again", encoder.name
                )
            self.chats = ChatStore(self.engine)
            self.claims = UpdateClaims(self.engine)
            self.asked = QuestionsAsked(self.engine)
            self.feed_failures = FeedFailures(self.engine)
            self.index: SearchIndex | None = open_index(self.engine, self.store)
            stored_terms, current_terms = _terms_versions(self.engine)
            if self.index is not None and stored_terms != current_terms:
                if not auto_migrate:
                    raise TermsOutdatedError(stored_terms, current_terms)
                for done, total in reindex_search_columns(self.engine):
                    logger.info("search terms computed again for %d of %d articles", done, total)
            if self.index is not None and encoder is not None:
                self.index.meaning = self._meaning_over
            self._centres = CentreIndex()
        except KnowledgeError:
            self.engine.dispose()
            raise
        self.fetch_options = fetch_options or FetchOptions()
        self._articles: list[StoredArticle] | None = None  # every article, kept only when there is no index
        self._saved = 0  # articles saved since the index was last compacted

    def close(self) -> None:
        """Close the database."""
        self.engine.dispose()

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

    def ingest_article(self, article: Article) -> IngestResult:
        """Store an article already parsed (one transaction)."""
        return self._save(article)

    def ingest_document(self, data: bytes, name: str, *, content_type: str | None = None) -> IngestResult:
        """Parse and store a document received as bytes (a file sent in chat).

        Raises:
            IngestError: when its kind is not supported or it holds no article.
        """
        kind = kind_of(name, content_type)
        if kind is None:
            raise IngestError(f"{name}: I can read .txt, .html and .pdf files.", source=name)
        parsed = parse_isolated(_parse_named_document, data, kind, name, source=name, timeout=PARSE_SECONDS)
        return self._save(parsed.article, parsed.columns)

    def ingest_url(self, url: str) -> IngestResult:
        """Fetch a page safely, parse and store it; see ``knowledge.ingest.fetch`` for the safety rules.

        The page is fetched and read in a process of its own, stopped after ``PARSE_SECONDS``."""
        parsed = parse_isolated(_parse_link, url, self.fetch_options, source=url, timeout=PARSE_SECONDS)
        return self._save(parsed.article, parsed.columns)

    def poll_feeds(self, urls: Iterable[str]) -> list[FeedReport | KnowledgeError] | None:
        """Ingest what is new in each feed, unless another bot process sharing the database is polling them
        right now (None then: one replica polls at a time, PostgreSQL's advisory lock decides)."""
        with exclusive(self.engine, "articlebot feeds") as mine:
            if not mine:
                return None
            reports: list[FeedReport | KnowledgeError] = []
            for url in urls:
                try:
                    reports.append(self.ingest_feed(url))
                except KnowledgeError as error:
                    reports.append(error)
            return reports

    def ingest_feed(self, url: str, *, now: dt.datetime | None = None) -> FeedReport:
        """Read an RSS/Atom feed and ingest its new entries, each in its own transaction.

        Only the ``FEED_ENTRIES_PER_POLL`` newest entries are read. An entry that fails is remembered (in
        the database) and not fetched again before its back-off ends (``knowledge.storage.feeds``: an hour,
        doubling with each failure in a row, up to a day); ``now`` is the time the back-off counts from.
        A failure of one entry, whatever it is, never stops the others.

        Raises:
            FetchError: when the feed itself cannot be fetched.
            IngestError: when it is not a feed.
        """
        now = now or dt.datetime.now(dt.UTC)
        fetched = fetch(url, options=self.fetch_options, accept=FEED_TYPES)
        entries = read_feed(fetched.body, source=url, charset=fetched.charset)
        newest = newest_first(entries, FEED_ENTRIES_PER_POLL)
        retry_at = self.feed_failures.retry_times([entry.url for entry in newest])
        results: list[IngestResult] = []
        failed: list[tuple[str, str]] = []
        skipped = waiting = 0
        for entry in newest:
            if self.store.has_url(entry.url):
                skipped += 1
                continue
            if entry.url in retry_at and retry_at[entry.url] > now:
                waiting += 1
                continue
            try:
                results.append(self._ingest_entry(entry.url))
            except KnowledgeError as error:
                failed.append((entry.url, str(error)))
                self.feed_failures.failed(entry.url, str(error), now)
                continue
            if entry.url in retry_at:
                self.feed_failures.succeeded(entry.url)
        beyond = len(entries) - len(newest)
        logger.info(
            "feed %s: %d new, %d known, %d failed, %d waiting to be retried, %d past the %d newest",
            url, len(results), skipped, len(failed), waiting, beyond, FEED_ENTRIES_PER_POLL,
        )  # fmt: skip
        return FeedReport(url, tuple(results), skipped, tuple(failed), waiting, beyond)

    def _ingest_entry(self, url: str) -> IngestResult:
        """Ingest one feed entry's page; any failure is a ``KnowledgeError`` (a defect is logged as one)."""
        try:
            return self.ingest_url(url)
        except KnowledgeError:
            raise
        except Exception as error:  # parsing is guarded already; this keeps one entry from stopping a feed
            logger.exception("ingesting the feed entry %s failed", url)
            raise ParseError(
                f"{url}: could not be ingested ({error.__class__.__name__}).", source=url
            ) from error

    def articles(self, *, limit: int | None = None) -> list[ArticleInfo]:
        """The stored articles (all, or the ``limit`` newest), newest first."""
        return self.store.newest(limit)

    def digest(self, topic: str | None = None, *, days: int | None = None) -> Digest:
        """The latest stories (or those on ``topic``, or of the last ``days``), each report of one story
        in the same item; drawn from the ``DIGEST_POOL`` newest articles (see ``knowledge.summarize.digest``)."""
        newest = [self.store.get(info.id) for info in self.store.newest(DIGEST_POOL)]
        return build_digest(newest[::-1], topic=topic, days=days)

    def article(self, article_id: int) -> StoredArticle:
        """One stored article; raises ``NotFoundError`` when there is none."""
        return self.store.get(article_id)

    def ask(
        self, question: str | Question, *, article_id: int | None = None, summary_sentences: int = 3
    ) -> Answer:
        """Answer a question (the reader's words, or a typed ``Question``) about one article
        (``article_id``, or "#3" in the question) or about all.

        Raises:
            NotFoundError: when the question is scoped to an article that does not exist.
            StoreError: when the database cannot be reached (the next question tries it afresh).
        """
        parsed = question if isinstance(question, Question) else parse_question(question)
        scope = article_id if article_id is not None else parsed.article_id
        try:
            return self._ask(parsed, scope, summary_sentences)
        except SQLAlchemyError as error:
            raise StoreError(
                f"The database cannot be reached right now ({error.__class__.__name__})."
            ) from error

    def _ask(self, parsed: Question, scope: int | None, summary_sentences: int) -> Answer:
        if scope is not None:
            article = self.article(scope)
            corpus = ArticleCorpus([article], self._meaning([article]))
            return answer(parsed, corpus, summary_sentences=summary_sentences)
        if self.index is None:
            return answer(parsed, self._collection(), summary_sentences=summary_sentences)
        with self.index.one_question():
            return answer(parsed, self.index, summary_sentences=summary_sentences)

    def ask_in_chat(
        self,
        chat_id: int,
        question: str | Question,
        *,
        reply_to: int | None = None,
        article_id: int | None = None,
        summary_sentences: int = 3,
    ) -> Answer:
        """Answer a chat message about ``article_id`` if given; else a reply to the bot's message about an
        article asks about that article, else the article the chat chose with ``use_article`` (if any),
        else every article. The question is kept as the chat's last one (see ``last_answer``)."""
        scope = article_id if article_id is not None or isinstance(question, str) else question.article_id
        if scope is None and reply_to is not None:
            scope = self.chats.replied_article(chat_id, reply_to)
        if scope is None:
            scope = self.chats.scope(chat_id)
        reply = self.ask(question, article_id=scope, summary_sentences=summary_sentences)
        if reply.intent != "help":
            self.chats.log_question(chat_id, reply.intent, reply.found)
        self.chats.set_last_question(chat_id, _stored_question(question), scope)
        return reply

    def last_answer(self, chat_id: int, message_id: int) -> ChatAnswer | None:
        """The chat's last question asked again, when ``message_id`` is the message that answered it;
        None for an older message (its buttons are stale).

        Raises:
            NotFoundError: when the question was about an article that has since been removed.
        """
        last = self.chats.last_question(chat_id)
        if last is None or last.message_id != message_id:
            return None
        question = _read_question(last.question)
        return ChatAnswer(question.text, last.article_id, self.ask(question, article_id=last.article_id))

    def claim_update(self, update_id: int) -> bool:
        """Take a Telegram update on; False when this or another bot process sharing the database already
        has (Telegram redelivers an update whose webhook answer was slow; a load balancer may retry)."""
        return self.claims.claim(update_id)

    def allow_question(self, reader_id: int, limit: int, window: float) -> bool:
        """Record that a reader asks a question, unless they already asked ``limit`` in the last ``window``
        seconds (counted in every bot process sharing the database): False then."""
        return self.asked.allow(reader_id, limit, window)

    def forget_updates(self, older_than: float = UPDATE_MEMORY) -> int:
        """Drop the claims of updates taken on, and the times of questions asked, more than ``older_than``
        seconds ago; return how many claims."""
        cutoff = time.time() - older_than
        self.asked.forget_before(cutoff)
        return self.claims.forget_before(cutoff)

    def health(self) -> tuple[bool, str]:
        """Whether the database answers and holds this release's tables, with a one-line detail."""
        try:
            missing = missing_tables(self.engine)
            articles = self.store.count()
            waiting = self.vectors_missing()
        except Exception as error:  # any failure here means the bot cannot answer: report, never raise
            return False, f"database unavailable ({error.__class__.__name__})"
        if missing:
            return False, f"database schema older than the code: no {', '.join(missing)}"
        return True, f"{articles} articles, {waiting} waiting for sentence vectors"

    def stats(self) -> Stats:
        """Articles, quotes, questions asked in chats and how many went unanswered."""
        asked = self.chats.question_counts()
        return Stats(self.store.count(), self.store.quote_count(), asked.asked, asked.unanswered)

    def remember_answer(self, chat_id: int, message_ids: list[int], article_id: int | None) -> None:
        """Record the bot's messages answering the chat's last question: replying to one asks about
        ``article_id``; the last one carries the answer's buttons (see ``last_answer``)."""
        if not message_ids:
            return
        if article_id is not None:
            self.chats.remember_reply(chat_id, message_ids, article_id)
        self.chats.set_last_answer_message(chat_id, message_ids[-1])

    def use_article(self, chat_id: int, article_id: int | None) -> ArticleInfo | None:
        """Point a chat's questions at one article (``None``: back to every article); return it.

        Raises:
            NotFoundError: when there is no such article.
        """
        if article_id is None:
            self.chats.set_scope(chat_id, None)
            return None
        article = self.article(article_id)
        self.chats.set_scope(chat_id, article_id)
        return ArticleInfo.of(article)

    def compact(self) -> float:
        """Tidy the search index after ingesting many articles (searches get faster); return seconds taken."""
        return self.index.compact() if self.index is not None else 0.0

    def remove(self, article_id: int) -> bool:
        """Delete an article; False when there was none."""
        removed = self.store.remove(article_id)
        self._articles = None
        return removed

    def vectors_missing(self) -> int:
        """How many articles still wait for their vectors (0 without an encoder)."""
        if self.encoder is None:
            return 0
        return self.store.count() - self.vectors.count(self.encoder.name)

    def catch_up_vectors(self, limit: int = 50) -> int:
        """Make the vectors of up to ``limit`` articles that lack them, newest first; return how many.

        Articles stored in bulk (``ingest_many``) are searchable by their words at once and by meaning
        once this has reached them: the bot runs it in the background, ``articlebot ingest`` at the end.
        """
        if self.encoder is None:
            return 0
        done = 0
        for article_id in self.vectors.missing(self.encoder.name, limit):
            try:
                article = self.store.get(article_id)
            except KnowledgeError:  # removed meanwhile
                continue
            self.vectors.put(article_id, embed_article(article, self.encoder))
            done += 1
        return done

    def _meaning_over(self, text: str, article_ids: list[int]) -> tuple[Meaning, list[int]] | None:
        """For a question over every article: the vectors of ``article_ids`` (those its words point to) and
        of the ``MEANING_BY_CENTRE`` articles whose centre is closest to its meaning; and their numbers."""
        encoder = self.encoder
        if encoder is None:
            return None
        self._centres.add(self.vectors.centres(encoder.name, after=self._centres.last_id))
        found: dict[int, ArticleVectors] = {}  # filled below, before the question needs it
        meaning = Meaning(encoder, found.get)
        nearest = self._centres.nearest(meaning.question(text), MEANING_BY_CENTRE)
        ids = list(dict.fromkeys([*article_ids, *nearest]))
        found.update(self.vectors.get_many(ids, encoder.name))
        return meaning, ids

    def _meaning(self, articles: list[StoredArticle]) -> Meaning | None:
        """The vectors of these articles, loaded when a question first needs them; an article that has
        none yet (stored in bulk a moment ago) gets them then. None without an encoder."""
        encoder = self.encoder
        if encoder is None:
            return None
        by_id = {a.id: a for a in articles}

        def load(article_id: int) -> ArticleVectors | None:
            found = self.vectors.get(article_id, encoder.name)
            if found is None and article_id in by_id:
                found = embed_article(by_id[article_id], encoder)
                self.vectors.put(article_id, found)
            return found

        return Meaning(encoder, load)

    def _save(
        self, article: Article, columns: SearchColumns | None = None, *, embed: bool = True
    ) -> IngestResult:
        vectors = embed_article(article, self.encoder) if embed and self.encoder is not None else None
        result = self.store.save(article, columns or search_columns(article), vectors)
        self._note_saved(result)
        return result

    def _note_saved(self, result: IngestResult) -> None:
        """Keep the index tidy as articles arrive: settle it often, compact it now and then."""
        self._articles = None
        if result.status != "unchanged" and self.index is not None:
            self._saved += 1  # (the store is counted only once COMPACT_AFTER saves have been made)
            if self._saved >= COMPACT_AFTER and self._saved >= self.store.count() // 10:
                self._saved = 0
                logger.info("search index compacted in %.2f s", self.compact())
            elif self._saved % SETTLE_AFTER == 0:
                self.index.settle()

    def _collection(self) -> Corpus:
        """Every article: through the search index, or (a database without one) loaded and scanned."""
        if self.index is not None:
            return self.index
        if self._articles is None:
            self._articles = self.store.all()
        return ArticleCorpus(self._articles)

    def ingest_many(
        self, sources: Iterable[Path | str], *, workers: int = 2
    ) -> Iterator[IngestResult | KnowledgeError]:
        """Parse files (``Path``) and text dumps (``str``) in ``workers`` processes while this one stores
        each article in its own transaction; yield each source's result, or its error, in order.

        On PostgreSQL ``STORE_THREADS`` articles are stored at once, each on its own connection (one waits
        for the server while another is made ready); SQLite takes one writer at a time. Their vectors are
        left to ``catch_up_vectors``: they answer by words at once, by meaning after."""
        threads = STORE_THREADS if dialect_of(self.engine) == "postgresql" else 1
        with ThreadPoolExecutor(threads, thread_name_prefix="store") as pool:
            pending: deque[Future[IngestResult | KnowledgeError]] = deque()
            for parsed in parse_all(sources, columns=search_columns, workers=workers):
                pending.append(pool.submit(self._store_parsed, parsed))
                while len(pending) > threads:
                    yield self._noted(pending.popleft().result())
            while pending:
                yield self._noted(pending.popleft().result())

    def _store_parsed(self, parsed: Parsed | KnowledgeError) -> IngestResult | KnowledgeError:
        """Store one parsed article (in a storing thread); its error, or a parsing error, is returned."""
        if isinstance(parsed, KnowledgeError):
            return parsed
        try:
            return self.store.save(parsed.article, parsed.columns)
        except KnowledgeError as error:
            return error

    def _noted(self, result: IngestResult | KnowledgeError) -> IngestResult | KnowledgeError:
        if isinstance(result, IngestResult):
            self._note_saved(result)
        return result


def _stored_question(question: str | Question) -> str:
    """A chat's last question as kept in the database: the reader's words, or a typed question's fields."""
    return question if isinstance(question, str) else json.dumps(asdict(question))


def _read_question(stored: str) -> Question:
    """A chat's last question back from the database (a typed one, or words to read again)."""
    if stored.startswith("{"):
        try:
            return Question(**json.loads(stored))
        except (ValueError, TypeError):
            pass
    return parse_question(stored)


def _parse_named_document(data: bytes, kind: SourceKind, name: str) -> Parsed:
    """``parse_document`` with its source named, and its search columns (run in the parsing process)."""
    article = parse_document(data, kind, source=name)
    return Parsed(article, search_columns(article))


def _parse_link(url: str, options: FetchOptions) -> Parsed:
    """``parse_url`` with the library's fetch options, and its search columns (run in the parsing process)."""
    article = parse_url(url, options=options)
    return Parsed(article, search_columns(article))
