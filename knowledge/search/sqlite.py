"""Find candidate quotes, sentences and speakers in milliseconds: SQLite FTS5 tables kept in step by triggers.

The store writes each sentence's and quote's search terms (``knowledge.search.index_terms``) and each
speaker's names into ordinary columns; the FTS5 tables below index those columns as *external content*,
and triggers update them inside the same transaction as every insert, update and delete. So the index is
on disk with the articles, costs nothing to load at start-up, and can never drift from the store.

A search asks the index only for *candidates*: rows holding at least two of the question's rarest terms
(or its one rarest term), a boolean query that SQLite answers by intersecting short posting lists. The
caller then ranks the few hundred candidates with rapidfuzz (``knowledge.answer.respond``).

On PostgreSQL, ``knowledge.pg_index.PostgresSearchIndex`` answers the same three primitives
(``_count``, ``_holding``, ``_vocabulary``) from its own indexes; everything else here is shared.
"""

from __future__ import annotations

import datetime as dt
import logging
import math
import sqlite3
import threading
import time
from collections.abc import Collection, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import combinations
from typing import TYPE_CHECKING

from rapidfuzz import fuzz, process
from sqlalchemy import Connection, Engine, inspect

from knowledge.models import Article, ArticleInfo, Passage, QuoteKind, Speaker, SpeakerKind, Voice
from knowledge.text.matching import described_words, role_options
from knowledge.text.terms import TERMS_VERSION, index_terms, lemma, normalize, related_terms

if TYPE_CHECKING:
    from knowledge.storage.articles import Store

logger = logging.getLogger(__name__)

RAREST = 5  # candidates are ranked by how many of the question's five rarest terms they hold
TOP_LEVEL = 4  # the first search asks for rows holding four of the five rarest terms
_TRIGRAMS = 6  # a name's candidates share two or more of its six rarest letter trigrams
_NAMESAKES = 40  # name candidates sought before the search stops (a misspelt name needs the wider net)

# (table, indexed column, fts table, tokenizer)
_INDEXES = (
    ("sentences", "terms", "sentence_search", "unicode61"),
    ("quotes", "terms", "quote_search", "unicode61"),
    ("speakers", "names", "name_search", "trigram"),
)
_COLUMNS = (("sentences", "terms"), ("quotes", "terms"), ("speakers", "names"))
# How the search tables are made. Searches need neither term positions (a query is single terms, or
# single trigrams, joined by AND and OR) nor row sizes (candidates are ranked in Python), so neither is
# kept: ``detail=none`` and ``columnsize=0`` halve what every ingested row costs the index. Each table
# merges its segments once 16 of a size pile up (FTS5's default is 4: less merging while ingesting,
# a few more segments to visit per search until the next ``compact_index``). Bump ``_LAYOUT`` when
# changing any of this: a database made with other options gets its search tables made again.
_AUTOMERGE = 16
_LAYOUT = "2"


def install_index(engine: Engine) -> bool:
    """Create the search tables and triggers, filling them once for a database made before them.

    The search columns are recomputed (once, logged) when ``knowledge.search.TERMS_VERSION``
    differs from the one the database was indexed with. Returns False when the database cannot
    hold the index (neither SQLite nor PostgreSQL, or SQLite without FTS5); answering then scans the
    articles instead. PostgreSQL gets its own kind of index (``knowledge.search.postgres``).
    """
    if engine.dialect.name == "postgresql":
        from knowledge.search.postgres import (
            install_pg_index,  # imported here: pg_index builds on this module
        )

        return install_pg_index(engine)
    if engine.dialect.name != "sqlite":
        return False
    with engine.begin() as conn:
        if not _has_fts5(conn):
            logger.warning("SQLite here has no FTS5: answering will scan every article")
            return False
        add_search_columns(conn)
        conn.exec_driver_sql(
            "CREATE TABLE IF NOT EXISTS search_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)"
        )
        if read_meta(conn, "terms") != TERMS_VERSION:
            _drop_index(conn)  # no trigger may see the columns being refilled
            fill_search_columns(conn)
            write_meta(conn, "terms", TERMS_VERSION)
        if read_meta(conn, "layout") != _LAYOUT:
            _drop_index(conn)  # made with other options: made again below, from the stored columns
            write_meta(conn, "layout", _LAYOUT)
        created = [_create_index(conn, *spec) for spec in _INDEXES]
        conn.exec_driver_sql("CREATE INDEX IF NOT EXISTS ix_quotes_speaker_id ON quotes (speaker_id)")
        for (_, _, fts, _), new in zip(_INDEXES, created, strict=True):
            if new:
                conn.exec_driver_sql(f"INSERT INTO {fts}({fts}) VALUES ('rebuild')")
    return True


def read_meta(conn: Connection, key: str) -> str | None:
    """A value the index keeps about itself (``search_meta``): the terms version, the layout."""
    return conn.exec_driver_sql("SELECT value FROM search_meta WHERE key = ?", (key,)).scalar()


def write_meta(conn: Connection, key: str, value: str) -> None:
    """Record a value the index keeps about itself."""
    conn.exec_driver_sql(
        "INSERT INTO search_meta (key, value) VALUES (?, ?) "
        "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        (key, value),
    )


def _drop_index(conn: Connection) -> None:
    """Drop the search tables and their triggers (the stored search columns stay)."""
    for _, _, fts, _ in _INDEXES:
        for change in ("insert", "delete", "update"):
            conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {fts}_{change}")
        conn.exec_driver_sql(f"DROP TABLE IF EXISTS {fts}_vocab")
        conn.exec_driver_sql(f"DROP TABLE IF EXISTS {fts}")


def rebuild_index(engine: Engine) -> float:
    """Rebuild every search table from the stored rows; return the seconds it took."""
    if engine.dialect.name == "postgresql":
        from knowledge.search.postgres import rebuild_pg_index

        return rebuild_pg_index(engine)
    start = time.perf_counter()
    with engine.begin() as conn:
        for _, _, fts, _ in _INDEXES:
            conn.exec_driver_sql(f"INSERT INTO {fts}({fts}) VALUES ('rebuild')")
            conn.exec_driver_sql(f"INSERT INTO {fts}({fts}) VALUES ('optimize')")
    return time.perf_counter() - start


def compact_index(engine: Engine) -> float:
    """Merge each search table into one segment (faster searches after many small ingests); return seconds.

    Articles ingested one by one leave the index in many small segments that every search must
    visit; merging them takes well under a second for ten thousand articles. On PostgreSQL the
    searched tables are vacuumed and analysed instead (``knowledge.pg_index.compact_pg_index``).
    """
    if engine.dialect.name == "postgresql":
        from knowledge.search.postgres import compact_pg_index

        return compact_pg_index(engine)
    if engine.dialect.name != "sqlite":
        return 0.0
    start = time.perf_counter()
    with engine.begin() as conn:
        for _, _, fts, _ in _INDEXES:
            if conn.exec_driver_sql("SELECT 1 FROM sqlite_master WHERE name = ?", (fts,)).first():
                conn.exec_driver_sql(f"INSERT INTO {fts}({fts}) VALUES ('optimize')")
    return time.perf_counter() - start


@dataclass(frozen=True, slots=True)
class SearchColumns:
    """What the store writes for the index about one article: each sentence's and each quote's terms."""

    sentences: tuple[str, ...]
    quotes: tuple[str, ...]


def search_columns(article: Article) -> SearchColumns:
    """The search terms of an article's sentences and quotes (``knowledge.search.index_terms``), as
    stored; bulk ingestion computes them in its parsing workers, off the storing process."""
    return SearchColumns(
        tuple(" ".join(index_terms(s)) for s in article.sentences),
        tuple(" ".join(index_terms(q.text)) for q in article.quotes),
    )


def speaker_names(speaker: Speaker) -> str:
    """The text the name index holds for a speaker: its name and aliases, normalized."""
    forms = dict.fromkeys(normalize(n) for n in (speaker.name, *speaker.aliases))
    return " | ".join(f for f in forms if f)


def _has_fts5(conn: Connection) -> bool:
    try:
        conn.exec_driver_sql(
            "CREATE VIRTUAL TABLE IF NOT EXISTS temp._fts5_probe USING fts5(x, tokenize='trigram')"
        )
        conn.exec_driver_sql("DROP TABLE temp._fts5_probe")
    except Exception:  # noqa: BLE001 - any failure means "no FTS5 here"
        return False
    return True


def add_search_columns(conn: Connection) -> None:
    """Give a database made before the index its search columns (filled by ``fill_search_columns``)."""
    tables = inspect(conn)
    for table, column in _COLUMNS:
        if column not in {c["name"] for c in tables.get_columns(table)}:
            conn.exec_driver_sql(f"ALTER TABLE {table} ADD COLUMN {column} TEXT NOT NULL DEFAULT ''")


def fill_search_columns(conn: Connection) -> None:
    """Compute every row's search terms and names from its stored text."""
    count = conn.exec_driver_sql("SELECT count(*) FROM sentences").scalar() or 0
    if count:
        logger.info("computing search terms for %d sentences and their quotes (one-off)", count)
    for table in ("sentences", "quotes"):
        rows = conn.exec_driver_sql(f"SELECT id, text FROM {table}").all()
        if rows:
            conn.exec_driver_sql(
                f"UPDATE {table} SET terms = ? WHERE id = ?", [(" ".join(index_terms(t)), i) for i, t in rows]
            )
    _fill_speaker_names(conn)


def _fill_speaker_names(conn: Connection) -> None:
    aliases: dict[int, list[str]] = {}
    for speaker_id, alias in conn.exec_driver_sql("SELECT speaker_id, alias FROM speaker_aliases"):
        aliases.setdefault(speaker_id, []).append(alias)
    rows = conn.exec_driver_sql("SELECT id, name FROM speakers").all()
    if rows:
        conn.exec_driver_sql(
            "UPDATE speakers SET names = ? WHERE id = ?",
            [(speaker_names(Speaker(n, aliases=tuple(aliases.get(i, ())))), i) for i, n in rows],
        )


def _create_index(conn: Connection, table: str, column: str, fts: str, tokenizer: str) -> bool:
    """Create one FTS5 table over ``table.column`` with its triggers; True when it is new."""
    exists = conn.exec_driver_sql("SELECT 1 FROM sqlite_master WHERE name = ?", (fts,)).first()
    conn.exec_driver_sql(
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {fts} USING fts5({column}, content='{table}', "
        f"content_rowid='id', tokenize='{tokenizer}', detail=none, columnsize=0)"
    )
    if exists is None:
        conn.exec_driver_sql(f"INSERT INTO {fts}({fts}, rank) VALUES ('automerge', {_AUTOMERGE})")
    conn.exec_driver_sql(f"CREATE VIRTUAL TABLE IF NOT EXISTS {fts}_vocab USING fts5vocab({fts}, 'row')")
    delete = f"INSERT INTO {fts}({fts}, rowid, {column}) VALUES ('delete', old.id, old.{column});"
    insert = f"INSERT INTO {fts}(rowid, {column}) VALUES (new.id, new.{column});"
    for name, when, body in (
        ("insert", "AFTER INSERT", insert),
        ("delete", "AFTER DELETE", delete),
        ("update", f"AFTER UPDATE OF {column}", delete + " " + insert),
    ):
        conn.exec_driver_sql(f"CREATE TRIGGER IF NOT EXISTS {fts}_{name} {when} ON {table} BEGIN {body} END")
    return exists is None


class SearchIndex:
    """The whole collection as a ``knowledge.corpus.Corpus``: candidates come from the FTS5 tables."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.engine = store.engine
        self._cached: tuple[tuple[int, str], Article] | None = None  # the last article loaded in full
        self._counts: dict[tuple[str, str], int] = {}
        self._counted_at = time.monotonic()
        self._question = threading.local()  # this thread's question: its connection and article count

    @contextmanager
    def one_question(self) -> Iterator[None]:
        """Run the searches of one question on one connection (one snapshot of the database, one count
        of its articles): a question makes a dozen small queries, and on a database server each fresh
        connection from the pool costs a round trip or more. Per thread, so the bot's concurrent
        questions never share one."""
        if getattr(self._question, "conn", None) is not None:
            yield
            return
        with self._connect() as conn:
            self._question.conn, self._question.articles = conn, None
            try:
                yield
            finally:
                self._question.conn = None

    @contextmanager
    def _connect(self) -> Iterator[Connection]:
        """The current question's connection, or a fresh one outside a question."""
        conn = getattr(self._question, "conn", None)
        if conn is not None:
            yield conn
            return
        with self.engine.connect() as fresh:
            yield fresh

    # ----------------------------------------------------------------------- Corpus

    def article_count(self) -> int:
        """How many articles are stored (counted once per question)."""
        if getattr(self._question, "articles", None) is not None:
            return int(self._question.articles)
        with self._connect() as conn:
            count = int(conn.exec_driver_sql("SELECT count(*) FROM articles").scalar() or 0)
        if getattr(self._question, "conn", None) is not None:
            self._question.articles = count
        return count

    def find_quotes(self, terms: Sequence[str], limit: int, *, enough: int | None = None) -> list[Passage]:
        """Quotes holding the most of the rarest of ``terms``, best first (see ``_matching``)."""
        with self._connect() as conn:
            ids = self._candidates(conn, "quote_search", terms, limit, enough=enough)
            return _quote_passages(conn, "q.id IN ({})", ids) if ids else []

    def find_sentences(
        self, terms: Sequence[str], limit: int, *, related: bool = False, enough: int | None = None
    ) -> list[Passage]:
        """Sentences holding the most of the rarest of ``terms`` (or of words of like meaning, if asked)."""
        with self._connect() as conn:
            ids = self._candidates(conn, "sentence_search", terms, limit, related=related, enough=enough)
            if not ids:
                return []
            rows = conn.exec_driver_sql(
                f"SELECT article_id, position, text, terms FROM sentences WHERE id IN ({_marks(ids)})",
                tuple(ids),
            )
            return [Passage(t, a, p, context=t, terms=tuple(terms_.split())) for a, p, t, terms_ in rows]

    def term_frequencies(self, terms: Collection[str]) -> tuple[dict[str, int], int]:
        """How many sentences hold each term, and about how many sentences there are."""
        with self._connect() as conn:
            frequencies = self._frequencies(conn, "sentence_search", terms)
            total = conn.exec_driver_sql("SELECT max(id) FROM sentences").scalar() or 0
        return frequencies, int(total)

    def find_speakers(self, name: str, limit: int) -> list[Voice]:
        """Speakers whose name or an alias shares enough letter trigrams with ``name``, one per article."""
        words = normalize(name).split()
        grams = list(dict.fromkeys(w[i : i + 3] for w in words for i in range(len(w) - 2)))
        with self._connect() as conn:
            if grams:
                ids = self._matching(
                    conn, "name_search", [(g,) for g in grams], limit, rarest=_TRIGRAMS, enough=_NAMESAKES
                )
                where, params = f"sp.id IN ({_marks(ids)})", list(ids)
            else:  # a name of one or two letters is too short for trigrams
                where, params = "sp.names LIKE ?", [f"%{' '.join(words)}%"]
            return _speaker_voices(conn, where, params, limit) if params else []

    def find_roles(self, description: str, limit: int) -> list[Voice]:
        """Speakers whose role or name holds every word of ``description`` (or a synonym or abbreviation of
        it), in any article, newest articles first: candidates for ``role_score``."""
        words = described_words(description)
        if not words:
            return []
        options = [list(dict.fromkeys((*role_options(w), lemma(w)))) for w in words]
        conditions = " AND ".join(_any_like(len(o)) for o in options)
        params = [f"%{o}%" for group in options for o in group]
        with self._connect() as conn:
            return _speaker_voices(conn, conditions, params, limit, order="sp.article_id DESC")

    def quotes_by(self, names: Collection[str], limit: int) -> list[Passage]:
        """Every quote attributed to one of ``names``, newest articles first."""
        if not names:
            return []
        with self._connect() as conn:
            return _quote_passages(
                conn, "sp.name IN ({})", list(names), order="q.article_id DESC, q.position", limit=limit
            )

    def quotes_at(self, article_id: int, position: int) -> list[Passage]:
        """The quotes that start in one sentence."""
        with self._connect() as conn:
            return _quote_passages(conn, "q.article_id = ? AND q.sentence = ?", [article_id, position])

    def article_terms(self, article_id: int) -> frozenset[str]:
        """Every search term of an article: its title's and its sentences'."""
        with self._connect() as conn:
            rows = conn.exec_driver_sql(
                "SELECT terms FROM sentences WHERE article_id = ?", (article_id,)
            ).all()
            title = conn.exec_driver_sql("SELECT title FROM articles WHERE id = ?", (article_id,)).scalar()
        return frozenset(t for (terms,) in rows for t in terms.split()) | frozenset(index_terms(title or ""))

    def voices(self, limit: int) -> list[Voice]:
        """The people quoted most in the newest articles."""
        with self._connect() as conn:
            newest = [
                r[0]
                for r in conn.exec_driver_sql(f"SELECT id FROM articles ORDER BY id DESC LIMIT {_RECENT}")
            ]
            if not newest:
                return []
            rows = conn.exec_driver_sql(
                "SELECT sp.name, sp.role, sp.kind, sp.article_id, count(q.id) AS n, min(q.text) "
                "FROM speakers sp JOIN quotes q ON q.speaker_id = sp.id "
                f"WHERE sp.article_id IN ({_marks(newest)}) AND sp.kind != 'unnamed' "
                "GROUP BY sp.id ORDER BY sp.kind != 'person', n DESC LIMIT ?",
                (*newest, limit),
            ).all()
        return [Voice(Speaker(n, r, _speaker_kind(k)), a, c, s) for n, r, k, a, c, s in rows]

    def article_infos(self, ids: Iterable[int]) -> dict[int, ArticleInfo]:
        """Title, publisher, date and address of the given articles."""
        wanted = list(dict.fromkeys(ids))
        if not wanted:
            return {}
        with self._connect() as conn:
            rows = conn.exec_driver_sql(
                f"SELECT id, title, publisher, published, url FROM articles WHERE id IN ({_marks(wanted)})",
                tuple(wanted),
            )
            return {r[0]: ArticleInfo(r[0], r[1], r[2], _date(r[3]), r[4]) for r in rows}

    def recent(self, limit: int) -> list[ArticleInfo]:
        """The newest articles, newest first."""
        return self.store.list(limit=limit)

    def article(self, article_id: int | None = None) -> Article | None:
        """One article in full (the newest when no id is given); None when there is none."""
        with self._connect() as conn:
            row = conn.exec_driver_sql(
                "SELECT id, content_hash FROM articles "
                + ("WHERE id = ?" if article_id is not None else "ORDER BY id DESC LIMIT 1"),
                () if article_id is None else (article_id,),
            ).first()
        if row is None:
            return None
        key = (int(row[0]), str(row[1]))
        if self._cached is None or self._cached[0] != key:
            self._cached = (key, self.store.get(key[0]))
        return self._cached[1]

    # ----------------------------------------------------------------------- candidates

    def _candidates(
        self,
        conn: Connection,
        fts: str,
        terms: Sequence[str],
        limit: int,
        *,
        related: bool = False,
        enough: int | None = None,
    ) -> list[int]:
        groups = [(t, *related_terms(t)) if related else (t,) for t in dict.fromkeys(terms)]
        return self._matching(conn, fts, groups, limit, rarest=RAREST, enough=enough or limit, correct=True)

    def _matching(
        self,
        conn: Connection,
        fts: str,
        groups: Sequence[Sequence[str]],
        limit: int,
        *,
        rarest: int,
        enough: int,
        correct: bool = False,
    ) -> list[int]:
        """Row ids of ``fts`` holding (a term of) as many as possible of the rarest ``groups``.

        By coordination level: rows holding four of the rarest groups, then three, two, until ``enough``
        rows are found; when none hold two, rows holding the rarest group alone. A term the index
        has never seen (a typo) is first replaced by the nearest term it has. When more than
        ``limit`` rows are found, the ones holding the most weight of all the groups (rarer groups
        weigh more: a quick BM25) are kept, so rows holding all the words come first.
        """
        frequencies = self._frequencies(conn, fts, {t for g in groups for t in g})
        if correct:
            groups = [
                g if any(frequencies.get(t) for t in g) else self._corrected(conn, fts, g) for g in groups
            ]
            frequencies.update(
                self._frequencies(conn, fts, {t for g in groups for t in g} - frequencies.keys())
            )
        known = [tuple(t for t in g if frequencies.get(t)) for g in groups]
        known = sorted((g for g in known if g), key=lambda g: sum(frequencies[t] for t in g))
        rare = known[:rarest]
        ids: list[int] = []
        for level in range(min(len(rare), TOP_LEVEL), 1, -1):
            ids = list(dict.fromkeys([*ids, *self._holding(conn, fts, rare, level, POOL)]))
            if len(ids) >= enough:
                break
        if not ids and rare:
            ids = self._holding(conn, fts, rare[:1], 1, POOL)
        if len(ids) > limit and fts in _CONTENT:
            ids = _best(conn, _CONTENT[fts], ids, known, frequencies, limit)
        return ids[:limit]

    def _frequencies(self, conn: Connection, fts: str, terms: Collection[str]) -> dict[str, int]:
        """How many rows of ``fts`` hold each term (absent: none); a count is reused for a minute."""
        now = time.monotonic()
        if now - self._counted_at > _COUNTS_KEPT:
            self._counts.clear()
            self._counted_at = now
        missing = [t for t in terms if (fts, t) not in self._counts]
        found = self._count(conn, fts, missing) if missing else {}
        self._counts.update({(fts, t): n for t, n in found.items()})  # a zero is never kept: it may change
        return {t: self._counts[fts, t] for t in terms if (fts, t) in self._counts}

    def _corrected(self, conn: Connection, fts: str, group: Sequence[str]) -> tuple[str, ...]:
        """The indexed term nearest to a term the index has never seen (a typo), if one is near."""
        term = group[0]
        if len(term) < 4 or not term.isalpha():
            return ()
        for prefix in (term[:2], term[:1]):  # words sharing the first two letters, then the first one
            vocabulary = [t for t in self._vocabulary(conn, fts, prefix) if abs(len(t) - len(term)) <= 1]
            best = process.extractOne(term, vocabulary, scorer=fuzz.ratio, score_cutoff=_TYPO)
            if best:
                return (best[0],)
        return ()

    # ----------------------------------------------------------------------- what differs per database

    def _count(self, conn: Connection, fts: str, terms: Collection[str]) -> dict[str, int]:
        """How many rows of ``fts`` hold each term (read from its fts5vocab table; absent: none)."""
        wanted = tuple(terms)
        rows = _raw(conn, f"SELECT term, doc FROM {fts}_vocab WHERE term IN ({_marks(wanted)})", wanted)
        return {str(term): int(doc) for term, doc in rows}  # type: ignore[call-overload]

    def _holding(
        self, conn: Connection, fts: str, groups: Sequence[Sequence[str]], level: int, limit: int
    ) -> list[int]:
        """Ids of up to ``limit`` rows of ``fts`` holding (a term of) at least ``level`` of the groups."""
        rows = _raw(
            conn,
            f"SELECT rowid FROM {fts} WHERE {fts} MATCH ? LIMIT {int(limit)}",
            (_at_least(groups, level),),
        )
        return [int(r[0]) for r in rows]  # type: ignore[call-overload]

    def _vocabulary(self, conn: Connection, fts: str, prefix: str) -> list[str]:
        """Every term of ``fts`` starting with ``prefix``, in order."""
        rows = _raw(
            conn, f"SELECT term FROM {fts}_vocab WHERE term >= ? AND term < ?", (prefix, prefix + "\uffff")
        )
        return [str(r[0]) for r in rows]


_RECENT = 20  # "who is quoted" over the whole collection looks at this many newest articles
POOL = 200  # at most this many rows are read per level before the best are kept
_CONTENT = {"sentence_search": "sentences", "quote_search": "quotes"}


def _best(
    conn: Connection,
    table: str,
    ids: list[int],
    groups: Sequence[Sequence[str]],
    frequencies: dict[str, int],
    limit: int,
) -> list[int]:
    """The ``limit`` rows that hold the most inverse-frequency weight of the groups (a quick BM25)."""
    weights = [(set(g), math.log(1 + _DOCUMENTS / (1 + sum(frequencies[t] for t in g)))) for g in groups]
    rows = _raw(conn, f"SELECT id, terms FROM {table} WHERE id IN ({_marks(ids)})", tuple(ids))
    scored = []
    for row_id, terms in rows:
        held = set(terms.split())
        score = sum(w for group, w in weights if not group.isdisjoint(held))
        scored.append((-score, len(held), row_id))
    scored.sort()
    return [row_id for _, _, row_id in scored[:limit]]


_DOCUMENTS = 1_000_000  # a nominal collection size: only the ratio of the weights matters
_COUNTS_KEPT = 60.0  # seconds a term's count is reused
_TYPO = 75  # rapidfuzz ratio from which an unseen term is read as a typo of an indexed one


def _raw(conn: Connection, sql: str, params: Sequence[object]) -> list[tuple[object, ...]]:
    """Rows straight from the sqlite3 cursor: the hot queries skip SQLAlchemy's result layer.

    Other databases go through SQLAlchemy (where ``knowledge.search.postgres`` adapts the ``?`` marks).
    """
    driver = conn.connection.driver_connection
    if not isinstance(driver, sqlite3.Connection):
        return [tuple(r) for r in conn.exec_driver_sql(sql, tuple(params))]
    cursor = driver.cursor()
    try:
        return cursor.execute(sql, params).fetchall()
    finally:
        cursor.close()


def _at_least(groups: Sequence[Sequence[str]], count: int) -> str:
    """An FTS5 query for rows holding (a term of) at least ``count`` of the groups."""
    return " OR ".join(
        "(" + " AND ".join(_any_of(g) for g in chosen) + ")" for chosen in combinations(groups, count)
    )


def _any_like(count: int) -> str:
    """SQL: a speaker's role or names (lower case) hold one of ``count`` LIKE patterns."""
    return "(" + " OR ".join(["lower(coalesce(sp.role, '') || ' ' || sp.names) LIKE ?"] * count) + ")"


def _any_of(group: Sequence[str]) -> str:
    return "(" + " OR ".join('"' + t.replace('"', '""') + '"' for t in group) + ")"


def _speaker_voices(
    conn: Connection, where: str, params: Sequence[object], limit: int, *, order: str | None = None
) -> list[Voice]:
    """The speakers matching ``where`` (a condition on ``sp``), each with how many quotes they have."""
    ordered = f" ORDER BY {order}" if order else ""
    rows = conn.exec_driver_sql(
        "SELECT sp.name, sp.role, sp.kind, sp.article_id, sp.names, "
        "(SELECT count(*) FROM quotes q WHERE q.speaker_id = sp.id) "
        f"FROM speakers sp WHERE {where}{ordered} LIMIT {int(limit)}",
        tuple(params),
    ).all()
    return [
        Voice(Speaker(n, r, _speaker_kind(k), tuple(names.split(" | "))), a, count)
        for n, r, k, a, names, count in rows
    ]


def _quote_passages(
    conn: Connection, where: str, values: Sequence[object], *, order: str = "q.id", limit: int | None = None
) -> list[Passage]:
    rows = conn.exec_driver_sql(
        "SELECT q.article_id, q.sentence, q.text, q.kind, coalesce(q.speaker_role, sp.role), sp.name, "
        "st.text, q.terms FROM quotes q LEFT JOIN speakers sp ON sp.id = q.speaker_id "
        "LEFT JOIN sentences st ON st.article_id = q.article_id AND st.position = q.sentence "
        f"WHERE {where.format(_marks(values)) if '{}' in where else where} ORDER BY {order}"
        + (f" LIMIT {int(limit)}" if limit else ""),
        tuple(values),
    )
    return [
        Passage(text, a, p, _quote_kind(k), name, role, context or "", tuple(terms.split()))
        for a, p, text, k, role, name, context, terms in rows
    ]


def _marks(values: Sequence[object]) -> str:
    return ",".join("?" * len(values))


def _quote_kind(value: str) -> QuoteKind:
    return "partial" if value == "partial" else "indirect" if value == "indirect" else "direct"


def _speaker_kind(value: str) -> SpeakerKind:
    return "organisation" if value == "organisation" else "unnamed" if value == "unnamed" else "person"


def _date(value: object) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])
