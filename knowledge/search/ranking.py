"""The stored collection as a ``Corpus``: candidates from a database backend's index, ranked the same way on all.

A search asks the index only for *candidates*: rows holding at least two of the question's rarest terms
(or its one rarest term), a boolean query that the database answers by intersecting short posting lists.
The caller then ranks the few hundred candidates with rapidfuzz (``knowledge.answer``).

What differs per database is a ``Backend`` (``knowledge.search.sqlite``, ``knowledge.search.postgres``):
how many rows hold a term, which rows hold enough of some terms, the terms starting with a prefix (for
typos), and how a plain query with named parameters is run. Everything else is here, written once.
"""

from __future__ import annotations

import datetime as dt
import math
import threading
import time
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Literal, Protocol

from rapidfuzz import fuzz, process
from sqlalchemy import Connection, Engine

from knowledge.meaning.search import Meaning
from knowledge.models import (
    ArticleInfo,
    Passage,
    QuoteKind,
    Speaker,
    SpeakerKind,
    StoredArticle,
    Voice,
)
from knowledge.text.matching import described_words, role_options
from knowledge.text.terms import index_terms, lemma, normalize, query_terms, related_terms

# Tuned on benchmarks/answer_bench.py (speed and top-1): re-run it after changing any of these.
RAREST = 5  # candidates are ranked by how many of the question's five rarest terms they hold
TOP_LEVEL = 4  # the first search asks for rows holding four of the five rarest terms
POOL = 200  # at most this many rows are read per level before the best are kept
TRIGRAMS = 6  # a name's candidates share two or more of its six rarest letter trigrams
NAMESAKES = 40  # name candidates sought before the search stops (a misspelt name needs the wider net)
RECENT = 20  # "who is quoted" over the whole collection looks at this many newest articles
COUNTS_KEPT = 60.0  # seconds a term's count is reused
TYPO = 75  # rapidfuzz ratio from which an unseen term is read as a typo of an indexed one
MEANING_CANDIDATES = (
    40  # a question over every article is matched by meaning in the articles of these sentences
)
MEANING_ARTICLES = 5  # (at most this many articles: the ones whose sentences share its rarest words)
DOCUMENTS = 1_000_000  # a nominal collection size for the quick BM25: only the ratio of the weights matters

Searched = Literal["sentences", "quotes", "speakers"]  # what an index is kept over (speakers: by name)
Row = tuple[object, ...]


class Backend(Protocol):
    """The search index of one kind of database: the primitives ``SearchIndex`` ranks with."""

    def count(self, conn: Connection, table: Searched, terms: Collection[str]) -> dict[str, int]:
        """How many rows of ``table`` hold each term (absent: none)."""
        ...

    def holding(
        self, conn: Connection, table: Searched, groups: Sequence[Sequence[str]], level: int, limit: int
    ) -> list[int]:
        """Ids of up to ``limit`` rows of ``table`` holding (a term of) at least ``level`` of the groups,
        lowest ids first."""
        ...

    def vocabulary(self, conn: Connection, table: Searched, prefix: str) -> list[str]:
        """Every term of ``table`` starting with ``prefix``, in order."""
        ...

    def rows(self, conn: Connection, sql: str, params: Mapping[str, object]) -> list[Row]:
        """Run a query written with named parameters (``:name``) and return its rows."""
        ...

    def rebuild(self, engine: Engine) -> float:
        """Build the index again from the stored rows; return the seconds it took."""
        ...

    def compact(self, engine: Engine) -> float:
        """Tidy the index after many small writes (searches get faster); return the seconds it took."""
        ...

    def settle(self, engine: Engine) -> None:
        """Fold what the last writes left pending into the index (cheap, every few hundred articles)."""
        ...


class ArticleSource(Protocol):
    """Where whole articles come from (``knowledge.storage.articles.ArticleStore``)."""

    def get(self, article_id: int) -> StoredArticle: ...

    def newest(self, limit: int | None = None) -> list[ArticleInfo]: ...


class SearchIndex:
    """The whole collection as a ``knowledge.answer.corpus.Corpus``: candidates come from ``backend``."""

    def __init__(self, engine: Engine, backend: Backend, source: ArticleSource) -> None:
        self.engine = engine
        self.backend = backend
        self.source = source
        self._cached: tuple[tuple[int, str], StoredArticle] | None = None  # the last article loaded in full
        self._counts: dict[tuple[str, str], int] = {}
        self._counted_at = time.monotonic()
        self._question = threading.local()  # this thread's question: its connection and article count
        # The vectors of some articles (``knowledge.library`` sets it when an encoder is configured).
        # (question, article numbers its words point to) -> the vectors to use and the articles they cover
        self.meaning: Callable[[str, list[int]], tuple[Meaning, list[int]] | None] | None = None

    def rebuild(self) -> float:
        """Build the index again from the stored rows; return the seconds it took."""
        return self.backend.rebuild(self.engine)

    def compact(self) -> float:
        """Tidy the index after many small writes; return the seconds it took."""
        return self.backend.compact(self.engine)

    def settle(self) -> None:
        """Fold what the last writes left pending into the index."""
        self.backend.settle(self.engine)

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

    def _rows(self, conn: Connection, sql: str, **params: object) -> list[Row]:
        return self.backend.rows(conn, sql, params)

    # ----------------------------------------------------------------------- Corpus

    def article_count(self, at_most: int | None = None) -> int:
        """How many articles are stored, or ``at_most`` if more (counted once per question: on PostgreSQL
        counting every article costs a scan of them all, counting up to two does not)."""
        counted: dict[int | None, int] = getattr(self._question, "articles", None) or {}
        if at_most in counted:
            return counted[at_most]
        with self._connect() as conn:
            if at_most is None:
                count = _int(self._rows(conn, "SELECT count(*) FROM articles")[0][0])
            else:
                sql = f"SELECT count(*) FROM (SELECT 1 FROM articles LIMIT {int(at_most)}) AS first_few"
                count = _int(self._rows(conn, sql)[0][0])
        if getattr(self._question, "conn", None) is not None:
            self._question.articles = {**counted, at_most: count}
        return count

    def find_quotes(self, terms: Sequence[str], limit: int, *, enough: int | None = None) -> list[Passage]:
        """Quotes holding the most of the rarest of ``terms``, best first (see ``_matching``)."""
        with self._connect() as conn:
            ids = self._candidates(conn, "quotes", terms, limit, enough=enough)
            if not ids:
                return []
            marks, params = _listed("id", ids)
            return self._quote_passages(conn, f"q.id IN ({marks})", params)

    def find_sentences(
        self, terms: Sequence[str], limit: int, *, related: bool = False, enough: int | None = None
    ) -> list[Passage]:
        """Sentences holding the most of the rarest of ``terms`` (or of words of like meaning, if asked)."""
        with self._connect() as conn:
            ids = self._candidates(conn, "sentences", terms, limit, related=related, enough=enough)
            if not ids:
                return []
            marks, params = _listed("id", ids)
            rows = self.backend.rows(
                conn, f"SELECT article_id, position, text, terms FROM sentences WHERE id IN ({marks})", params
            )
            return [
                Passage(str(t), _int(a), _int(p), context=str(t), terms=tuple(str(terms_).split()))
                for a, p, t, terms_ in rows
            ]

    def term_frequencies(self, terms: Collection[str]) -> tuple[dict[str, int], int]:
        """How many sentences hold each term, and about how many sentences there are."""
        with self._connect() as conn:
            frequencies = self._frequencies(conn, "sentences", terms)
            total = self._rows(conn, "SELECT max(id) FROM sentences")[0][0] or 0
        return frequencies, _int(total)

    def find_speakers(self, name: str, limit: int) -> list[Voice]:
        """Speakers whose name or an alias shares enough letter trigrams with ``name``, one per article."""
        words = normalize(name).split()
        grams = list(dict.fromkeys(w[i : i + 3] for w in words for i in range(len(w) - 2)))
        with self._connect() as conn:
            if grams:
                ids = self._matching(
                    conn, "speakers", [(g,) for g in grams], limit, rarest=TRIGRAMS, enough=NAMESAKES
                )
                if not ids:
                    return []
                marks, params = _listed("id", ids)
                return self._speaker_voices(conn, f"sp.id IN ({marks})", params, limit)
            # a name of one or two letters is too short for trigrams
            return self._speaker_voices(conn, "sp.names LIKE :name", {"name": f"%{' '.join(words)}%"}, limit)

    def find_roles(self, description: str, limit: int) -> list[Voice]:
        """Speakers whose role or name holds every word of ``description`` (or a synonym or abbreviation of
        it), in any article, newest articles first: candidates for ``role_score``."""
        words = described_words(description)
        if not words:
            return []
        options = [list(dict.fromkeys((*role_options(w), lemma(w)))) for w in words]
        conditions, params = [], {}
        for i, group in enumerate(options):
            likes = []
            for j, option in enumerate(group):
                params[f"like{i}_{j}"] = f"%{option}%"
                likes.append(f"lower(coalesce(sp.role, '') || ' ' || sp.names) LIKE :like{i}_{j}")
            conditions.append("(" + " OR ".join(likes) + ")")
        with self._connect() as conn:
            return self._speaker_voices(
                conn, " AND ".join(conditions), params, limit, order="sp.article_id DESC"
            )

    def quotes_by(self, names: Collection[str], limit: int) -> list[Passage]:
        """Every quote attributed to one of ``names``, newest articles first."""
        if not names:
            return []
        marks, params = _listed("name", list(names))
        with self._connect() as conn:
            return self._quote_passages(
                conn, f"sp.name IN ({marks})", params, order="q.article_id DESC, q.position", limit=limit
            )

    def quotes_at(self, article_id: int, position: int) -> list[Passage]:
        """The quotes that start in one sentence."""
        with self._connect() as conn:
            return self._quote_passages(
                conn,
                "q.article_id = :article AND q.sentence = :position",
                {"article": article_id, "position": position},
            )

    def article_terms(self, article_id: int) -> frozenset[str]:
        """Every search term of an article: its title's and its sentences'."""
        with self._connect() as conn:
            rows = self._rows(
                conn, "SELECT terms FROM sentences WHERE article_id = :article", article=article_id
            )
            titles = self._rows(conn, "SELECT title FROM articles WHERE id = :article", article=article_id)
        title = str(titles[0][0]) if titles and titles[0][0] else ""
        return frozenset(t for (terms,) in rows for t in str(terms).split()) | frozenset(index_terms(title))

    def voices(self, limit: int) -> list[Voice]:
        """The people quoted most in the newest articles."""
        with self._connect() as conn:
            newest = [
                _int(r[0])
                for r in self._rows(conn, f"SELECT id FROM articles ORDER BY id DESC LIMIT {RECENT}")
            ]
            if not newest:
                return []
            marks, params = _listed("article", newest)
            rows = self.backend.rows(
                conn,
                "SELECT sp.name, sp.role, sp.kind, sp.article_id, count(q.id) AS n, min(q.text) "
                "FROM speakers sp JOIN quotes q ON q.speaker_id = sp.id "
                f"WHERE sp.article_id IN ({marks}) AND sp.kind != 'unnamed' "
                "GROUP BY sp.id ORDER BY sp.kind != 'person', n DESC LIMIT :limit",
                {**params, "limit": limit},
            )
        return [
            Voice(Speaker(str(n), _text(r), _speaker_kind(k)), _int(a), _int(c), _text(s))
            for n, r, k, a, c, s in rows
        ]

    def article_infos(self, ids: Iterable[int]) -> dict[int, ArticleInfo]:
        """Title, publisher, date and address of the given articles."""
        wanted = list(dict.fromkeys(ids))
        if not wanted:
            return {}
        marks, params = _listed("id", wanted)
        with self._connect() as conn:
            rows = self.backend.rows(
                conn,
                f"SELECT id, title, publisher, published, url FROM articles WHERE id IN ({marks})",
                params,
            )
        return {
            _int(r[0]): ArticleInfo(_int(r[0]), str(r[1]), _text(r[2]), _date(r[3]), _text(r[4]))
            for r in rows
        }

    def recent(self, limit: int) -> list[ArticleInfo]:
        """The newest articles, newest first."""
        return self.source.newest(limit)

    def article(self, article_id: int | None = None) -> StoredArticle | None:
        """One article in full (the newest when no id is given); None when there is none."""
        with self._connect() as conn:
            if article_id is None:
                rows = self._rows(conn, "SELECT id, content_hash FROM articles ORDER BY id DESC LIMIT 1")
            else:
                rows = self._rows(conn, "SELECT id, content_hash FROM articles WHERE id = :id", id=article_id)
        if not rows:
            return None
        key = (_int(rows[0][0]), str(rows[0][1]))
        if self._cached is None or self._cached[0] != key:
            self._cached = (key, self.source.get(key[0]))
        return self._cached[1]

    def similar_sentences(self, text: str, limit: int) -> list[tuple[float, Passage]]:
        """The sentences closest in meaning to ``text``, with their cosine, in the articles its words find."""
        meaning, ids = self._meaning_about(text)
        if meaning is None:
            return []
        marks, params = _listed("a", ids)
        with self._connect() as conn:
            rows = self.backend.rows(
                conn,
                f"SELECT article_id, position, text, terms FROM sentences WHERE article_id IN ({marks}) "
                "ORDER BY article_id, position",
                params,
            )
        passages = [
            Passage(str(t), _int(a), _int(p), context=str(t), terms=tuple(str(terms).split()))
            for a, p, t, terms in rows
        ]
        return meaning.closest(text, passages, quotes=False, limit=limit)

    def similar_quotes(self, text: str, limit: int) -> list[tuple[float, Passage]]:
        """The quotes closest in meaning to ``text``, with their cosine, in the articles its words find."""
        meaning, ids = self._meaning_about(text)
        if meaning is None:
            return []
        marks, params = _listed("a", ids)
        with self._connect() as conn:
            passages = self._quote_passages(conn, f"q.article_id IN ({marks})", params, order="q.id")
        return meaning.closest(text, passages, quotes=True, limit=limit)

    def _meaning_about(self, text: str) -> tuple[Meaning | None, list[int]]:
        """The vectors of the articles whose sentences share the most rare words with ``text``, and of those
        closest to it in meaning (``knowledge.library``)."""
        if self.meaning is None:
            return None, []
        terms = query_terms(text)
        found = self.find_sentences(terms, MEANING_CANDIDATES, related=True) if terms else []
        ids = list(dict.fromkeys(p.article_id for p in found))[:MEANING_ARTICLES]
        chosen = self.meaning(text, ids)
        if chosen is None or not chosen[1]:
            return None, []
        return chosen

    # ----------------------------------------------------------------------- candidates

    def _candidates(
        self,
        conn: Connection,
        table: Searched,
        terms: Sequence[str],
        limit: int,
        *,
        related: bool = False,
        enough: int | None = None,
    ) -> list[int]:
        groups = [(t, *related_terms(t)) if related else (t,) for t in dict.fromkeys(terms)]
        return self._matching(conn, table, groups, limit, rarest=RAREST, enough=enough or limit, correct=True)

    def _matching(
        self,
        conn: Connection,
        table: Searched,
        groups: Sequence[Sequence[str]],
        limit: int,
        *,
        rarest: int,
        enough: int,
        correct: bool = False,
    ) -> list[int]:
        """Row ids of ``table`` holding (a term of) as many as possible of the rarest ``groups``.

        By coordination level: rows holding four of the rarest groups, then three, two, until ``enough``
        rows are found; when none hold two, rows holding the rarest group alone. A term the index
        has never seen (a typo) is first replaced by the nearest term it has. When more than
        ``limit`` rows are found, the ones holding the most weight of all the groups (rarer groups
        weigh more: a quick BM25) are kept, so rows holding all the words come first.
        """
        frequencies = self._frequencies(conn, table, {t for g in groups for t in g})
        if correct:
            groups = [
                g if any(frequencies.get(t) for t in g) else self._corrected(conn, table, g) for g in groups
            ]
            frequencies.update(
                self._frequencies(conn, table, {t for g in groups for t in g} - frequencies.keys())
            )
        known = [tuple(t for t in g if frequencies.get(t)) for g in groups]
        known = sorted((g for g in known if g), key=lambda g: sum(frequencies[t] for t in g))
        rare = known[:rarest]
        ids: list[int] = []
        for level in range(min(len(rare), TOP_LEVEL), 1, -1):
            ids = list(dict.fromkeys([*ids, *self.backend.holding(conn, table, rare, level, POOL)]))
            if len(ids) >= enough:
                break
        if not ids and rare:
            ids = self.backend.holding(conn, table, rare[:1], 1, POOL)
        if len(ids) > limit and table != "speakers":
            ids = self._best(conn, table, ids, known, frequencies, limit)
        return ids[:limit]

    def _best(
        self,
        conn: Connection,
        table: Searched,
        ids: list[int],
        groups: Sequence[Sequence[str]],
        frequencies: dict[str, int],
        limit: int,
    ) -> list[int]:
        """The ``limit`` rows that hold the most inverse-frequency weight of the groups (a quick BM25)."""
        weights = [(set(g), math.log(1 + DOCUMENTS / (1 + sum(frequencies[t] for t in g)))) for g in groups]
        marks, params = _listed("id", ids)
        rows = self.backend.rows(conn, f"SELECT id, terms FROM {table} WHERE id IN ({marks})", params)
        scored = []
        for row_id, terms in rows:
            held = set(str(terms).split())
            score = sum(w for group, w in weights if not group.isdisjoint(held))
            scored.append((-score, len(held), _int(row_id)))
        scored.sort()
        return [row_id for _, _, row_id in scored[:limit]]

    def _frequencies(self, conn: Connection, table: Searched, terms: Collection[str]) -> dict[str, int]:
        """How many rows of ``table`` hold each term (absent: none); a count is reused for a minute."""
        now = time.monotonic()
        if now - self._counted_at > COUNTS_KEPT:
            self._counts.clear()
            self._counted_at = now
        missing = [t for t in terms if (table, t) not in self._counts]
        found = self.backend.count(conn, table, missing) if missing else {}
        self._counts.update({(table, t): n for t, n in found.items()})  # a zero is never kept: it may change
        return {t: self._counts[table, t] for t in terms if (table, t) in self._counts}

    def _corrected(self, conn: Connection, table: Searched, group: Sequence[str]) -> tuple[str, ...]:
        """The indexed term nearest to a term the index has never seen (a typo), if one is near."""
        term = group[0]
        if len(term) < 4 or not term.isalpha():
            return ()
        for prefix in (term[:2], term[:1]):  # words sharing the first two letters, then the first one
            vocabulary = [
                t for t in self.backend.vocabulary(conn, table, prefix) if abs(len(t) - len(term)) <= 1
            ]
            best = process.extractOne(term, vocabulary, scorer=fuzz.ratio, score_cutoff=TYPO)
            if best:
                return (best[0],)
        return ()

    # ----------------------------------------------------------------------- shared queries

    def _speaker_voices(
        self,
        conn: Connection,
        where: str,
        params: Mapping[str, object],
        limit: int,
        *,
        order: str | None = None,
    ) -> list[Voice]:
        """The speakers matching ``where`` (a condition on ``sp``), each with how many quotes they have."""
        ordered = f" ORDER BY {order}" if order else ""
        rows = self.backend.rows(
            conn,
            "SELECT sp.name, sp.role, sp.kind, sp.article_id, sp.names, "
            "(SELECT count(*) FROM quotes q WHERE q.speaker_id = sp.id) "
            f"FROM speakers sp WHERE {where}{ordered} LIMIT {int(limit)}",
            params,
        )
        return [
            Voice(
                Speaker(str(n), _text(r), _speaker_kind(k), tuple(str(names).split(" | "))), _int(a), _int(c)
            )
            for n, r, k, a, names, c in rows
        ]

    def _quote_passages(
        self,
        conn: Connection,
        where: str,
        params: Mapping[str, object],
        *,
        order: str = "q.id",
        limit: int | None = None,
    ) -> list[Passage]:
        """The quotes matching ``where`` (a condition on ``q`` and ``sp``), with speaker and sentence."""
        rows = self.backend.rows(
            conn,
            "SELECT q.article_id, q.sentence, q.text, q.kind, coalesce(q.speaker_role, sp.role), sp.name, "
            "st.text, q.terms FROM quotes q LEFT JOIN speakers sp ON sp.id = q.speaker_id "
            "LEFT JOIN sentences st ON st.article_id = q.article_id AND st.position = q.sentence "
            f"WHERE {where} ORDER BY {order}" + (f" LIMIT {int(limit)}" if limit else ""),
            params,
        )
        return [
            Passage(
                str(text),
                _int(a),
                _int(p),
                _quote_kind(k),
                _text(name),
                _text(role),
                _text(context) or "",
                tuple(str(terms).split()),
            )
            for a, p, text, k, role, name, context, terms in rows
        ]


def _listed(name: str, values: Sequence[object]) -> tuple[str, dict[str, object]]:
    """Named marks for an ``IN (...)`` list (":id0, :id1, ..."), and their values."""
    params = {f"{name}{i}": v for i, v in enumerate(values)}
    return ", ".join(f":{key}" for key in params), params


def _int(value: object) -> int:
    return int(value)  # type: ignore[call-overload]


def _text(value: object) -> str | None:
    return None if value is None else str(value)


def _quote_kind(value: object) -> QuoteKind:
    return "partial" if value == "partial" else "indirect" if value == "indirect" else "direct"


def _speaker_kind(value: object) -> SpeakerKind:
    return "organisation" if value == "organisation" else "unnamed" if value == "unnamed" else "person"


def _date(value: object) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])
