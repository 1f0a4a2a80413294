"""The search index on PostgreSQL: GIN indexes over the stored terms, a term-count table, pg_trgm for names.

The SQLite index (``knowledge.search.sqlite``) and this one hold the same thing and answer the same
questions of ``knowledge.search.ranking.Backend``, so all the ranking is shared:

- which rows hold (a term of) at least N of some groups of terms: a GIN index over the ``terms``
  column read as a ``tsvector`` (the terms are already normalised by Python, so the words are taken as
  they are, with no text search configuration), asked with a ``tsquery``; speakers' names by
  ``LIKE '%abc%'`` per letter trigram (below);
- how many rows hold each term: ``search_vocab``, one row per term and table, plus the changes not yet
  folded into it, ``search_vocab_pending``: statement-level triggers append each statement's counts
  there (+ for inserts, - for deletes) in the same transaction as every insert, update and delete, and
  ``settle`` folds them into ``search_vocab`` every few hundred articles. A count is the sum of both, two
  index lookups (where ``ts_stat`` or ``count(*)`` would read every matching row). Appending is a third of
  the cost of updating the counts in place, and two writers never wait for each other on a common term;
- the terms starting with a prefix, for typo correction: a range of the same table;
- speakers by name: ``speaker_names`` holds each distinct name once (a trigger adds new ones), searched
  through a ``pg_trgm`` GIN index; the speakers of the names found come from a hash index on their names.

Queries are SQLAlchemy ``text()`` with named parameters. Without the pg_trgm extension (it cannot be created), names are matched by scanning the
distinct names.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Collection, Mapping, Sequence
from functools import lru_cache
from itertools import combinations

from sqlalchemy import Connection, Engine, TextClause, text
from sqlalchemy.exc import DBAPIError

from knowledge.search.columns import has_articles, read_meta, terms_outdated, write_meta
from knowledge.search.ranking import Row, Searched
from knowledge.storage.engine import wait_turn
from knowledge.text.terms import TERMS_VERSION

logger = logging.getLogger(__name__)

# Bump when changing the objects below: a database made with others gets them made again.
_LAYOUT = "pg3"
# A row's terms as a tsvector, word for word (no parser, no stemming): the GIN indexes are on this
# expression, and a query must spell it the same way for the planner to use them.
_VECTOR = "array_to_tsvector(array_remove(string_to_array({}, ' '), ''))"
_GIN = {"sentences": "sentences_terms_search", "quotes": "quotes_terms_search"}
_TRIGRAMS = "speaker_names_trigrams"
# Every distinct ``speakers.names`` value, kept by a trigger (a name is stored in every article that quotes
# its person, so far fewer rows than speakers): names are found by trigrams here, then their speakers by a
# hash index. A name whose speakers are all gone stays until ``rebuild`` (it matches no speaker).
_NAMES_FUNCTION = """
CREATE OR REPLACE FUNCTION speaker_names_keep() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO speaker_names (names) SELECT DISTINCT names FROM new_rows ORDER BY names ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$
"""
_COUNT_FUNCTION = f"""
CREATE OR REPLACE FUNCTION search_vocab_count() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    INSERT INTO search_vocab_pending (source, term, docs)
    SELECT TG_TABLE_NAME, term, -count(*)
    FROM old_rows, unnest(tsvector_to_array({_VECTOR.format("old_rows.terms")})) AS term GROUP BY term;
  END IF;
  IF TG_OP IN ('UPDATE', 'INSERT') THEN
    INSERT INTO search_vocab_pending (source, term, docs)
    SELECT TG_TABLE_NAME, term, count(*)
    FROM new_rows, unnest(tsvector_to_array({_VECTOR.format("new_rows.terms")})) AS term GROUP BY term;
  END IF;
  RETURN NULL;
END $$
"""
# Move the pending changes into the counts (the terms in order, so two folds lock counts alike).
_FOLD = """
WITH moved AS (DELETE FROM search_vocab_pending RETURNING source, term, docs)
INSERT INTO search_vocab AS v (source, term, docs)
SELECT source, term, sum(docs) FROM moved GROUP BY source, term ORDER BY source, term
ON CONFLICT (source, term) DO UPDATE SET docs = v.docs + excluded.docs
"""
# The counts of some terms (or of the terms in a range): folded and pending together.
_COUNTED = """
SELECT term, sum(docs) AS docs FROM (
  SELECT term, docs FROM search_vocab WHERE source = :source AND {where}
  UNION ALL SELECT term, docs FROM search_vocab_pending WHERE source = :source AND {where}
) AS both_tables GROUP BY term HAVING sum(docs) > 0
"""
# (trigger suffix, event, transition tables); the terms are ordered so two writers lock counts alike
_TRIGGERS = (
    ("insert", "INSERT", "NEW TABLE AS new_rows"),
    ("delete", "DELETE", "OLD TABLE AS old_rows"),
    ("update", "UPDATE", "OLD TABLE AS old_rows NEW TABLE AS new_rows"),
)


def _has_trigrams(conn: Connection) -> bool:
    """Whether pg_trgm is there, creating it if need be (it is a trusted extension from PostgreSQL 13)."""
    if conn.exec_driver_sql("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'").first():
        return True
    try:
        with conn.begin_nested():
            conn.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    except DBAPIError as error:
        logger.warning(
            "cannot create the pg_trgm extension (%s): speaker names will be found by scanning them",
            str(error.orig).strip().splitlines()[0],
        )
        return False
    return True


def _create_index(conn: Connection, *, trigrams: bool) -> None:
    """Create whatever is missing: term counts (filled from the stored rows when new), triggers, indexes."""
    new = conn.exec_driver_sql("SELECT to_regclass('search_vocab')").scalar() is None
    conn.exec_driver_sql(
        'CREATE TABLE IF NOT EXISTS search_vocab (source TEXT NOT NULL, term TEXT COLLATE "C" NOT NULL, '
        "docs INTEGER NOT NULL, PRIMARY KEY (source, term))"
    )
    conn.exec_driver_sql(
        'CREATE TABLE IF NOT EXISTS search_vocab_pending (source TEXT NOT NULL, term TEXT COLLATE "C" '
        "NOT NULL, docs INTEGER NOT NULL)"
    )
    conn.exec_driver_sql(
        "CREATE INDEX IF NOT EXISTS search_vocab_pending_terms ON search_vocab_pending (source, term)"
    )
    if new:
        _count_all(conn)
    conn.exec_driver_sql(_COUNT_FUNCTION)
    for table, index in _GIN.items():
        for suffix, change, transition in _TRIGGERS:
            conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {table}_vocab_{suffix} ON {table}")
            conn.exec_driver_sql(
                f"CREATE TRIGGER {table}_vocab_{suffix} AFTER {change} ON {table} REFERENCING {transition} "
                "FOR EACH STATEMENT EXECUTE FUNCTION search_vocab_count()"
            )
        conn.exec_driver_sql(
            f"CREATE INDEX IF NOT EXISTS {index} ON {table} USING gin (({_VECTOR.format('terms')}))"
        )
    names_new = conn.exec_driver_sql("SELECT to_regclass('speaker_names')").scalar() is None
    conn.exec_driver_sql("CREATE TABLE IF NOT EXISTS speaker_names (names TEXT PRIMARY KEY)")
    if names_new:
        conn.exec_driver_sql("INSERT INTO speaker_names SELECT DISTINCT names FROM speakers")
    conn.exec_driver_sql(_NAMES_FUNCTION)
    for change in ("INSERT", "UPDATE"):
        trigger = f"speakers_names_{change.lower()}"
        conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {trigger} ON speakers")
        conn.exec_driver_sql(
            f"CREATE TRIGGER {trigger} AFTER {change} ON speakers REFERENCING NEW TABLE AS new_rows "
            "FOR EACH STATEMENT EXECUTE FUNCTION speaker_names_keep()"
        )
    conn.exec_driver_sql("CREATE INDEX IF NOT EXISTS speakers_names_equal ON speakers USING hash (names)")
    if trigrams:
        conn.exec_driver_sql(
            f"CREATE INDEX IF NOT EXISTS {_TRIGRAMS} ON speaker_names USING gin (names gin_trgm_ops)"
        )
    conn.exec_driver_sql("CREATE INDEX IF NOT EXISTS ix_quotes_speaker_id ON quotes (speaker_id)")


def _count_all(conn: Connection) -> None:
    """Fill the term counts from every stored sentence and quote (a database made before them)."""
    conn.exec_driver_sql("DELETE FROM search_vocab_pending")
    for table in _GIN:
        conn.exec_driver_sql(
            f"INSERT INTO search_vocab (source, term, docs) SELECT '{table}', term, count(*) "
            f"FROM {table}, unnest(tsvector_to_array({_VECTOR.format('terms')})) AS term GROUP BY term"
        )


def _drop_index(conn: Connection) -> None:
    """Drop the term counts, their triggers and the search indexes (the stored search columns stay)."""
    for table, index in _GIN.items():
        for suffix, _, _ in _TRIGGERS:
            conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {table}_vocab_{suffix} ON {table}")
        conn.exec_driver_sql(f"DROP INDEX IF EXISTS {index}")
    conn.exec_driver_sql("DROP INDEX IF EXISTS speakers_names_trigrams")  # (layout pg2 and before)
    for change in ("insert", "update"):
        conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS speakers_names_{change} ON speakers")
    conn.exec_driver_sql("DROP INDEX IF EXISTS speakers_names_equal")
    conn.exec_driver_sql("DROP TABLE IF EXISTS speaker_names")  # (its trigram index goes with it)
    conn.exec_driver_sql("DROP FUNCTION IF EXISTS speaker_names_keep()")
    conn.exec_driver_sql("DROP TABLE IF EXISTS search_vocab")
    conn.exec_driver_sql("DROP TABLE IF EXISTS search_vocab_pending")
    conn.exec_driver_sql("DROP FUNCTION IF EXISTS search_vocab_count()")


class PostgresBackend:
    """GIN indexes over the terms answer which rows hold which terms; ``search_vocab`` counts and lists them."""

    @staticmethod
    def install(engine: Engine) -> bool:
        """Create the GIN indexes, the term counts and their triggers, filling them once for an older
        database, and made again when this module's layout changed. As on SQLite, search columns of another
        ``TERMS_VERSION`` are left to ``reindex_search_columns``. Returns True."""
        with engine.begin() as conn:
            wait_turn(conn, "search index install", 0)
            trigrams = _has_trigrams(conn)
            if terms_outdated(conn) and not has_articles(conn):
                write_meta(conn, "terms", TERMS_VERSION)  # (stored terms are computed again explicitly)
            if read_meta(conn, "layout") != _LAYOUT:
                _drop_index(conn)
                write_meta(conn, "layout", _LAYOUT)
            _create_index(conn, trigrams=trigrams)
        return True

    def rebuild(self, engine: Engine) -> float:
        """Make the term counts and the indexes again from the stored rows; return the seconds it took."""
        start = time.perf_counter()
        with engine.begin() as conn:
            conn.exec_driver_sql("DELETE FROM search_vocab")
            _count_all(conn)
            conn.exec_driver_sql("DELETE FROM speaker_names")
            conn.exec_driver_sql("INSERT INTO speaker_names SELECT DISTINCT names FROM speakers")
            for table in (*_GIN, "speakers", "speaker_names"):
                conn.exec_driver_sql(f"REINDEX TABLE {table}")
        self.compact(engine)
        return time.perf_counter() - start

    def settle(self, engine: Engine) -> None:
        """Fold the term counts' pending changes into them (a count then reads one row per term again)."""
        with engine.begin() as conn:
            conn.exec_driver_sql(_FOLD)

    def compact(self, engine: Engine) -> float:
        """Fold the pending counts, then vacuum and analyse the searched tables; return the seconds it took.

        What FTS5's ``optimize`` is to SQLite: the GIN indexes' pending entries are merged into them,
        the planner's statistics are refreshed and counting rows needs only the primary keys again.
        Autovacuum does the same in time; this does it right after a batch of articles.
        """
        start = time.perf_counter()
        self.settle(engine)
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql(
                "VACUUM (ANALYZE) articles, sentences, quotes, speakers, speaker_names, search_vocab, "
                "search_vocab_pending"
            )
        return time.perf_counter() - start

    def count(self, conn: Connection, table: Searched, terms: Collection[str]) -> dict[str, int]:
        """How many rows hold each term: terms from ``search_vocab``, name trigrams by the trigram index."""
        if table == "speakers":
            return self._count_trigrams(conn, terms)
        rows = self.rows(
            conn, _COUNTED.format(where="term = ANY(:terms)"), {"source": table, "terms": list(terms)}
        )
        return {str(term): int(docs) for term, docs in rows}  # type: ignore[call-overload]

    def _count_trigrams(self, conn: Connection, grams: Collection[str]) -> dict[str, int]:
        wanted = list(grams)
        rows = self.rows(
            conn,
            "SELECT gram, (SELECT count(*) FROM speaker_names WHERE names LIKE pattern) "
            "FROM unnest(CAST(:grams AS text[]), CAST(:patterns AS text[])) AS wanted (gram, pattern)",
            {"grams": wanted, "patterns": [_containing(g) for g in wanted]},
        )
        return {str(gram): int(count) for gram, count in rows if count}  # type: ignore[call-overload]

    def holding(
        self, conn: Connection, table: Searched, groups: Sequence[Sequence[str]], level: int, limit: int
    ) -> list[int]:
        """Ids of up to ``limit`` rows holding (a term of) at least ``level`` of the groups, lowest first.

        The groups come rarest first. A row holding ``level`` of them holds a first one, so the search is
        made of parts, one per group that can come first: rows holding that group and ``level - 1`` of the
        groups after it. Each part has a term every row must hold, which GIN's fast scan uses to skip
        through the common terms' long lists; asked as one ``tsquery`` of every combination, it would read
        them whole (four times slower on common words). Lowest ids first, as FTS5 gives them; the matches
        are gathered before they are sorted, so the planner cannot walk the primary key instead of the
        search index.
        """
        if table == "speakers":
            return self._names_holding(conn, groups, level, limit)
        queries = _tsquery_parts(groups, level)
        holding = " UNION ".join(
            f"SELECT id FROM {table} WHERE {_VECTOR.format('terms')} @@ CAST(:query{i} AS tsquery)"
            for i in range(len(queries))
        )
        rows = self.rows(
            conn,
            f"WITH hits AS MATERIALIZED ({holding}) SELECT id FROM hits ORDER BY id LIMIT {int(limit)}",
            {f"query{i}": query for i, query in enumerate(queries)},
        )
        return [int(r[0]) for r in rows]  # type: ignore[call-overload]

    def _names_holding(
        self, conn: Connection, groups: Sequence[Sequence[str]], level: int, limit: int
    ) -> list[int]:
        """Speakers whose names hold (a trigram of) at least ``level`` of the groups, lowest ids first.

        One trigram-index lookup per trigram in the distinct names, the names found counted by how many
        groups they hold, then their speakers by the names' hash index (asked with ``= ANY``: as a join,
        the planner would read every speaker).
        """
        patterns = [(_containing(gram), number) for number, group in enumerate(groups) for gram in group]
        rows = self.rows(
            conn,
            "WITH found AS MATERIALIZED (SELECT n.names FROM unnest(CAST(:patterns AS text[]), "
            "CAST(:groups AS int[])) AS wanted (pattern, grp) JOIN speaker_names n ON n.names LIKE wanted.pattern "
            "GROUP BY n.names HAVING count(DISTINCT wanted.grp) >= :level) "
            "SELECT sp.id FROM speakers sp WHERE sp.names = ANY(ARRAY(SELECT names FROM found)) "
            f"ORDER BY sp.id LIMIT {int(limit)}",
            {"patterns": [p for p, _ in patterns], "groups": [n for _, n in patterns], "level": level},
        )
        return [int(r[0]) for r in rows]  # type: ignore[call-overload]

    def vocabulary(self, conn: Connection, table: Searched, prefix: str) -> list[str]:
        """Every term of the table starting with ``prefix``, in order (byte order, as SQLite's)."""
        rows = self.rows(
            conn,
            _COUNTED.format(where="term >= :low AND term < :high") + " ORDER BY term",
            {"source": table, "low": prefix, "high": prefix + "\uffff"},
        )
        return [str(r[0]) for r in rows]

    def rows(self, conn: Connection, sql: str, params: Mapping[str, object]) -> list[Row]:
        """Run a query with named parameters through SQLAlchemy (its ``text()`` made once per query)."""
        return [tuple(r) for r in conn.execute(_statement(sql), dict(params))]


@lru_cache(maxsize=1024)
def _statement(sql: str) -> TextClause:
    return text(sql)


def _tsquery_parts(groups: Sequence[Sequence[str]], level: int) -> list[str]:
    """The tsqueries for rows holding (a term of) at least ``level`` of the groups, one per group that can
    be the first held: that group, and ``level - 1`` of those after it."""
    parts = []
    for first in range(len(groups) - level + 1):
        rest = groups[first + 1 :]
        anchor = _tsquery_any(groups[first])
        parts.append(anchor if level == 1 else f"{anchor} & ({_tsquery_at_least(rest, level - 1)})")
    return parts


def _tsquery_at_least(groups: Sequence[Sequence[str]], count: int) -> str:
    """A tsquery for rows holding (a term of) at least ``count`` of the groups."""
    return " | ".join(
        "(" + " & ".join(_tsquery_any(g) for g in chosen) + ")" for chosen in combinations(groups, count)
    )


def _tsquery_any(group: Sequence[str]) -> str:
    return "(" + " | ".join("'" + t.replace("\\", "\\\\").replace("'", "''") + "'" for t in group) + ")"


def _containing(value: str) -> str:
    """A LIKE pattern for values holding ``value``."""
    return "%" + value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
