"""Measure answering over made-up collections: ingestion, index, latency, memory, accuracy, and a naive scan.

Run from the project root: `python benchmarks/answer_bench.py [--sizes 1000,10000] [--per-intent 60]
[--naive 30] [--seed 7] [--db postgresql+psycopg://postgres@127.0.0.1:5432/postgres [--no-sqlite]]
[--encoder NAME]`. Each
size goes to a new SQLite file; with ``--db``, then also to a new database made on that PostgreSQL server
(and dropped after), and the two are printed side by side. Each run has its own process (so its peak
memory is its own):

1. make ``size`` articles (``benchmarks/synthetic.py``: ~30 sentences, 4 speakers and 3 planted facts each);
2. ingest them through the bulk path (``Library.ingest_many``: ``parse_text`` in two worker processes
   while this one runs ``ArticleStore.save``, one transaction per article, the search index kept in step by
   triggers), timing the whole, the CPU seconds spent storing, and (on the first 300) parsing alone;
3. rebuild the search index from scratch (what opening an older database costs, once), and time opening
   the library afresh and answering a first question;
4. ask planted questions of every intent (loosely typed: dropped words, typos, lower case, quotation
   marks) plus questions the articles cannot answer, through ``Library.ask``;
   With an encoder (the default), the vectors of the articles the questions are about are made first, on
   one core, and timed (the rest of the collection stays searchable by words only: the rate says how long
   catching up all of it takes);
5. ask the sentence-answerable ones (who_said, what_said, fact) of a naive scan too: rapidfuzz WRatio of
   the question against every stored sentence, the best sentence taken as the answer.

Printed per size: ingestion rates, index rebuild and open times, peak memory (max RSS), latency
p50/p95/p99 and top-1 accuracy per intent, the naive scan's latency and accuracy on the same questions
with the speed ratio, and a reliability table for the confidence scores.
"""

from __future__ import annotations

import argparse
import json
import logging
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from rapidfuzz import fuzz, process  # noqa: E402
from rapidfuzz.utils import default_process  # noqa: E402
from sqlalchemy import create_engine, make_url  # noqa: E402

from benchmarks.synthetic import ADJECTIVES, NOUNS, Generator, MadeArticle, Said  # noqa: E402
from knowledge.answer.intent import parse_question  # noqa: E402
from knowledge.errors import KnowledgeError  # noqa: E402
from knowledge.ingest.pipeline import parse_text  # noqa: E402
from knowledge.library import Library  # noqa: E402
from knowledge.meaning.encoder import DEFAULT_ENCODER, load_encoder  # noqa: E402
from knowledge.meaning.vectors import embed_article  # noqa: E402
from knowledge.models import Answer  # noqa: E402
from knowledge.text.terms import index_terms, normalize  # noqa: E402

WORKERS = 2  # parsing processes during ingestion (``Library.ingest_many``)
PARSE_SAMPLE = 300  # articles parsed alone first, for the parsing rate of one process
INTENTS = ("who_said", "what_said", "fact", "people", "articles", "summary", "help", "absent")
NAIVE_INTENTS = ("who_said", "what_said", "fact")


@dataclass(frozen=True, slots=True)
class Planted:
    """A question with what a right answer must hold."""

    intent: str
    text: str
    gold: str  # a speaker's name, words the first excerpt must hold, or an article id
    scope: int | None = None  # the article the question is asked about, if scoped
    source: int | None = None  # the article that answers it (given its vectors when matching by meaning)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000", help="comma-separated collection sizes")
    parser.add_argument("--per-intent", type=int, default=60, help="planted questions per intent")
    parser.add_argument("--naive", type=int, default=30, help="questions per intent for the naive scan")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--db",
        help="a PostgreSQL server URL: each size runs on a new SQLite file, then on a new database there, "
        "and the two are printed side by side",
    )
    parser.add_argument("--no-sqlite", action="store_true", help="with --db: PostgreSQL only")
    parser.add_argument(
        "--encoder",
        default=DEFAULT_ENCODER,
        help=f"EMBEDDING_MODEL (default {DEFAULT_ENCODER}; none: words only)",
    )
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)  # run one size, print JSON
    parser.add_argument("--answer", nargs=2, help=argparse.SUPPRESS)  # answer planted questions, print JSON
    args = parser.parse_args()
    logging.disable(logging.INFO)
    if args.one:
        print(json.dumps(measure(args.one, args.per_intent, args.naive, args.seed, args.db, args.encoder)))
        return 0
    if args.answer:
        print(json.dumps(answer_all(args.answer[0], Path(args.answer[1]), args.naive, args.encoder)))
        return 0
    servers: list[str | None] = [None, args.db] if args.db else [None]  # SQLite, then PostgreSQL
    if args.db and args.no_sqlite:
        servers = [args.db]
    for size in (int(s) for s in args.sizes.split(",")):
        results = []
        for server in servers:
            command = [sys.executable, __file__, "--one", str(size), "--per-intent", str(args.per_intent)]
            command += ["--naive", str(args.naive), "--seed", str(args.seed), "--encoder", args.encoder]
            command += ["--db", server] if server else []
            done = subprocess.run(command, capture_output=True, text=True, check=False)
            if done.returncode != 0:
                print(done.stderr, file=sys.stderr)
                return 1
            results.append(json.loads(done.stdout.strip().splitlines()[-1]))
            print(f"\n######## {'PostgreSQL' if server else 'SQLite'}")
            print_size(results[-1])
        if len(results) == 2:
            print_side_by_side(*results)
    return 0


# --------------------------------------------------------------------------- one size


@contextmanager
def new_database(server: str | None, folder: str) -> Iterator[str]:
    """The URL of an empty database: a SQLite file in ``folder``, or a new one on a PostgreSQL server."""
    if server is None:
        yield f"sqlite:///{folder}/bench.db"
        return
    name = f"articlebot_bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f"CREATE DATABASE {name}")
    try:
        yield make_url(server).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        admin.dispose()


def measure(
    size: int, per_intent: int, naive_count: int, seed: int, server: str | None, encoder_name: str
) -> dict[str, object]:
    """Make, ingest and question one collection; the questions are answered in a fresh process."""
    generator = Generator(seed=seed, people=max(300, size * 3 // 10))
    ids: dict[int, int] = {}
    with tempfile.TemporaryDirectory() as folder, new_database(server, folder) as url:
        library = Library(url)
        made = list(generator.articles(size))
        sample = made[:PARSE_SAMPLE]  # parsing alone, in this process, for the per-process rate
        parse_start = time.perf_counter()
        for article in sample:
            parse_text(article.raw, source=f"made-{article.number}")
        parse_rate = len(sample) / (time.perf_counter() - parse_start)
        start, store_before = time.perf_counter(), cpu_seconds()
        for article, result in zip(
            made, library.ingest_many([a.raw for a in made], workers=WORKERS), strict=True
        ):
            if isinstance(result, KnowledgeError):
                raise result
            ids[article.number] = result.article.id
        ingest_seconds = time.perf_counter() - start
        store_seconds = cpu_seconds() - store_before  # this process: storing (and receiving articles)
        with library.store.engine.connect() as conn:
            sentences = conn.exec_driver_sql("SELECT count(*) FROM sentences").scalar()
        rebuild = library.index.rebuild() if library.index is not None else 0.0
        library.close()
        questions = plant(made, ids, generator, per_intent, random.Random(seed))
        del made
        vectors = make_vectors(url, encoder_name, {q.source for q in questions if q.source is not None})
        plan = Path(folder) / "questions.json"
        plan.write_text(json.dumps([asdict(q) for q in questions]), encoding="utf-8")
        command = [sys.executable, __file__, "--answer", url, str(plan), "--naive", str(naive_count)]
        command += ["--encoder", encoder_name]
        done = subprocess.run(command, capture_output=True, text=True, check=True)
        answered = json.loads(done.stdout.strip().splitlines()[-1])
    return {
        "size": size,
        "sentences": sentences,
        "parse_rate": parse_rate,
        "store_rate": size / store_seconds,
        "ingest_rate": size / ingest_seconds,
        "rebuild_seconds": rebuild,
        "ingest_memory_mb": peak_mb(),
        **vectors,
        **answered,
    }


def make_vectors(url: str, encoder_name: str, article_ids: set[int]) -> dict[str, object]:
    """Make the sentence vectors of the articles the questions are about, on one core, and time it (the rest
    of the collection is left without: making them all is timed by this rate)."""
    encoder = load_encoder(encoder_name, threads=1)
    if encoder is None:
        return {"encoder": "none"}
    library = Library(url, encoder=encoder)
    start, sentences = time.perf_counter(), 0
    for article_id in sorted(article_ids):
        article = library.store.get(article_id)
        library.vectors.put(article_id, embed_article(article, encoder))
        sentences += len(article.sentences) + len(article.quotes)
    seconds = time.perf_counter() - start
    library.close()
    return {
        "encoder": encoder.name,
        "vector_articles": len(article_ids),
        "vector_rate": len(article_ids) / seconds,
        "vector_sentence_rate": sentences / seconds,
    }


def answer_all(url: str, plan: Path, naive_count: int, encoder_name: str) -> dict[str, object]:
    """Open the library afresh, answer every planted question, then run the naive scan on some of them."""
    questions = [Planted(**q) for q in json.loads(plan.read_text(encoding="utf-8"))]
    start = time.perf_counter()
    library = Library(url, encoder=load_encoder(encoder_name, threads=1))
    library.ask("who said the harbour is closed")
    opened = time.perf_counter() - start
    ours = [ask(library, q) for q in questions]
    memory_ours = peak_mb()
    by_text = {q.text: r for q, r in zip(questions, ours, strict=True)}
    subset = [
        q for intent in NAIVE_INTENTS for q in [x for x in questions if x.intent == intent][:naive_count]
    ]
    naive = naive_scan(library, subset)
    library.close()
    return {
        "open_seconds": opened,
        "memory_mb": memory_ours,
        "memory_naive_mb": peak_mb(),
        "ours": [[q.intent, *r] for q, r in zip(questions, ours, strict=True)],
        "subset_ours": [[q.intent, *by_text[q.text]] for q in subset],
        "naive": [[q.intent, *r] for q, r in zip(subset, naive, strict=True)],
    }


def ask(library: Library, question: Planted) -> tuple[float, bool, float]:
    """Time one question; return (milliseconds, right, confidence)."""
    start = time.perf_counter()
    answer = library.ask(question.text, article_id=question.scope)
    elapsed = (time.perf_counter() - start) * 1000
    return elapsed, is_right(question, answer), answer.confidence if answer.found else 0.0


def is_right(question: Planted, answer: Answer) -> bool:
    """Top-1: the first excerpt (or person, or article) is the planted one."""
    if question.intent == "absent":
        return not answer.found
    if not answer.found:
        return False
    first = answer.excerpts[0] if answer.excerpts else None
    match question.intent:
        case "who_said":
            return first is not None and first.speaker == question.gold
        case "what_said" | "fact" | "summary":
            return first is not None and normalize(question.gold) in normalize(first.text)
        case "people":
            return bool(answer.voices) and answer.voices[0].speaker.name == question.gold
        case "articles":
            return any(str(a.id) == question.gold for a in answer.articles)
        case _:
            return answer.found


def naive_scan(library: Library, questions: list[Planted]) -> list[tuple[float, bool, float]]:
    """The naive answer: rapidfuzz against every stored sentence, the best one taken as the answer.

    It reads the question as ours does (``parse_question``), so only the search differs: the quoted
    words (partial_ratio) for "who said", the name and topic (WRatio) for "what did X say", the whole
    question (WRatio) for a plain question.
    """
    with library.store.engine.connect() as conn:
        rows = conn.exec_driver_sql("SELECT article_id, position, text FROM sentences").all()
        quotes = conn.exec_driver_sql(
            "SELECT q.article_id, q.sentence, s.name FROM quotes q JOIN speakers s ON s.id = q.speaker_id "
            "WHERE q.kind != 'indirect'"
        ).all()
    texts = [r[2] for r in rows]
    speakers = {(a, p): name for a, p, name in quotes}
    results = []
    for question in questions:
        start = time.perf_counter()
        parsed = parse_question(question.text)
        if parsed.intent == "who_said" and parsed.quote:
            best = process.extractOne(
                parsed.quote, texts, scorer=fuzz.partial_ratio, processor=default_process
            )
        elif parsed.intent == "what_said":
            query = f"{parsed.person} {parsed.topic or ''}"
            best = process.extractOne(query, texts, scorer=fuzz.WRatio, processor=default_process)
        else:
            best = process.extractOne(question.text, texts, scorer=fuzz.WRatio, processor=default_process)
        elapsed = (time.perf_counter() - start) * 1000
        article_id, position, sentence = rows[best[2]]
        if question.intent == "who_said":
            right = speakers.get((article_id, position)) == question.gold
        else:
            right = normalize(question.gold) in normalize(sentence)
        results.append((elapsed, right, best[1] / 100))
    return results


def cpu_seconds() -> float:
    """CPU time used so far by this process."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def peak_mb() -> float:
    """This process's peak resident memory so far, in MB: Linux's VmHWM (``ru_maxrss`` survives ``exec``, so
    in the answering process it would report the bigger process that started it)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# --------------------------------------------------------------------------- planted questions


def plant(
    made: list[MadeArticle], ids: dict[int, int], generator: Generator, count: int, rng: random.Random
) -> list[Planted]:
    """``count`` questions per intent, typed loosely, each with one right answer in the collection."""
    quotes = [normalize(s.text) for a in made for s in a.quotes if s.direct]
    holding: dict[str, set[int]] = defaultdict(set)  # term -> the quotes that hold it
    for i, quote in enumerate(quotes):
        for term in index_terms(quote):
            holding[term].add(i)
    by_person: dict[str, list[str]] = defaultdict(list)
    for article in made:
        for said in article.quotes:
            by_person[said.person.name].append(normalize(said.text))
    questions: list[Planted] = []
    while len([q for q in questions if q.intent == "who_said"]) < count:
        quoting = rng.choice(made)
        said = rng.choice([s for s in quoting.quotes if s.direct])
        fragment = unique_fragment(said, quotes, rng)
        if fragment is None:
            continue
        words = fragment.split()
        if len(words) > 6 and rng.random() < 0.3:  # a word left out, if the rest still names one quote
            shorter = " ".join(words[: (i := rng.randrange(1, len(words) - 1))] + words[i + 1 :])
            terms = index_terms(shorter)
            if terms and len(set.intersection(*(holding[t] for t in terms))) == 1:
                fragment = shorter
        source = next(ids[a.number] for a in made if said in a.quotes)
        questions.append(
            Planted("who_said", who_said_question(fragment, rng), said.person.name, source=source)
        )
    while len([q for q in questions if q.intent == "what_said"]) < count:
        article = rng.choice(made)
        said = rng.choice([s for s in article.quotes if s.direct])
        topic = unique_topic(said, by_person[said.person.name], rng)
        if topic:
            questions.append(
                Planted(
                    "what_said",
                    what_said_question(said, topic, rng),
                    first_words(said.text),
                    source=ids[article.number],
                )
            )
    for _ in range(count):
        article = rng.choice(made)
        fact = rng.choice(article.facts)
        questions.append(
            Planted("fact", loosen(fact.question, rng, typo=0.2), fact.answer, source=ids[article.number])
        )
        article = rng.choice(made)
        person = rng.choice(article.people)
        questions.append(Planted("people", f"Who is {person.name}?", person.name))
        article = rng.choice(made)
        topic = f"{article.place} {article.topic}"
        questions.append(
            Planted("articles", f"What articles do you have about {topic}?", str(ids[article.number]))
        )
        article = rng.choice(made)
        questions.append(Planted("summary", "summarize", first_words(article.lede), ids[article.number]))
        questions.append(Planted("help", rng.choice(["help", "what can you do?", "Hi"]), ""))
        questions.append(Planted("absent", absent_question(made, generator, rng), ""))
    return questions


def unique_fragment(said: Said, quotes: list[str], rng: random.Random) -> str | None:
    """Six to ten consecutive words of a quote that no other quote holds (None when none are found)."""
    words = said.text.split()
    for _ in range(5):
        length = min(len(words), rng.randint(6, 10))
        start = rng.randint(0, len(words) - length)
        fragment = " ".join(words[start : start + length]).strip(",.")
        if sum(normalize(fragment) in q for q in quotes) == 1:
            return fragment
    return None


def unique_topic(said: Said, theirs: list[str], rng: random.Random) -> str | None:
    """One or two nouns or adjectives of a quote that no other quote by the same person holds."""
    words = [
        w.strip(",.") for w in said.text.split() if w.strip(",.") in NOUNS or w.strip(",.") in ADJECTIVES
    ]
    rng.shuffle(words)
    others = [q for q in theirs if q != normalize(said.text)]
    for size in (1, 2):
        for i in range(len(words) - size + 1):
            chosen = words[i : i + size]
            if not any(all(f" {w} " in f" {q} " for w in chosen) for q in others):
                return " and the ".join(chosen)
    return None


def who_said_question(fragment: str, rng: random.Random) -> str:
    """A quote fragment, loosely typed (a word dropped, a typo, lower case), in one of the ways readers ask."""
    fragment = loosen(fragment, rng, typo=0.4)
    form = rng.choice(["who said {}", 'Who said "{}"?', '"{}"', "{} - who said that?", "WHO SAID {}"])
    return form.format(fragment)


def what_said_question(said: Said, topic: str, rng: random.Random) -> str:
    """What did <name, maybe misspelt or lower case> say about <words of the quote>?"""
    person = said.person
    name = rng.choice([person.name, person.name, typo(person.name, rng), person.name.lower()])
    form = rng.choice(["What did {} say about the {}?", "what did {} say on the {}", "{} on the {}"])
    return form.format(name, topic)


def absent_question(made: list[MadeArticle], generator: Generator, rng: random.Random) -> str:
    """A question no made article answers: unsaid words, an unknown person, an unplanted fact."""
    kind = rng.randrange(3)
    if kind == 0:
        return f"who said {generator.unsaid()}"
    if kind == 1:
        return f"What did {generator.unknown_name()} say about the {rng.choice(content(made[0].lede))}?"
    one, other = rng.sample(made, 2)
    org = one.facts[0].question.split(" the ", 1)[1].split(" spend")[0]
    noun = other.facts[2].question.split("new ")[1].split(" in ")[0]
    return f"How much did the {org} spend on the {noun} in {other.place}?"


def content(text: str) -> list[str]:
    stop = {"the", "and", "not", "our", "this", "that", "for", "has", "have", "been", "never", "about", "why"}
    return [w.strip(",.") for w in text.split() if len(w) > 3 and w.lower().strip(",.") not in stop]


def first_words(text: str) -> str:
    return " ".join(text.split()[:6])


def loosen(text: str, rng: random.Random, *, typo: float = 0.0, drop: float = 0.0) -> str:
    """Type ``text`` as a hurried reader would: maybe a word dropped, a typo, lower case."""
    words = text.split()
    if len(words) > 5 and rng.random() < drop:
        del words[rng.randrange(1, len(words) - 1)]
    text = " ".join(words)
    if rng.random() < typo:
        text = globals()["typo"](text, rng)
    return text.lower() if rng.random() < 0.3 else text


def typo(text: str, rng: random.Random) -> str:
    """Swap two letters inside one longer word."""
    words = text.split()
    long = [i for i, w in enumerate(words) if len(w) >= 5 and w.isalpha()]
    if not long:
        return text
    i = rng.choice(long)
    w = words[i]
    j = rng.randrange(1, len(w) - 2)
    words[i] = w[:j] + w[j + 1] + w[j] + w[j + 2 :]
    return " ".join(words)


# --------------------------------------------------------------------------- printing


def print_size(result: dict[str, object]) -> None:
    """The tables for one collection size."""
    size = result["size"]
    print(f"\n== {size:,} articles, {result['sentences']:,} sentences ==")
    print(
        f"ingestion: {result['ingest_rate']:.0f} articles/s end to end, {WORKERS} processes parsing while this "
        f"one stores (one process parses {result['parse_rate']:.0f}/s; storing + indexing takes "
        f"{result['store_rate']:.0f}/s of this one's CPU); index rebuild from scratch "
        f"{result['rebuild_seconds']:.2f} s; open + first answer {result['open_seconds'] * 1000:.0f} ms"
    )
    print(
        f"peak memory (max RSS): {result['memory_mb']:.0f} MB opening the library and answering; "
        f"{result['memory_naive_mb']:.0f} MB once every sentence is loaded for the naive scan; "
        f"{result['ingest_memory_mb']:.0f} MB for making, ingesting and planting (benchmark included)"
    )
    if result["encoder"] != "none":
        rate = float(result["vector_rate"])  # type: ignore[arg-type]
        print(
            f"meaning ({result['encoder']}, one core): vectors made for the {result['vector_articles']} articles "
            f"the questions are about, {rate:.2f} articles/s ({result['vector_sentence_rate']:.0f} sentences and "
            f"quotes/s); all {size:,} would be searchable by meaning after ~{int(str(size)) / rate / 60:.0f} min of catch-up "
            f"(by words at once); question latencies include encoding the question"
        )
    else:
        print("meaning: off (EMBEDDING_MODEL=none): words only")
    ours = _by_intent(result["ours"])  # type: ignore[arg-type]
    print(f"\n{'intent':<10} {'n':>4} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'top-1':>7}")
    everything: list[list[float]] = []
    for intent in INTENTS:
        rows = ours.get(intent, [])
        if rows:
            everything += rows
            print(_row(intent, rows))
    print(_row("all", everything))
    subset = _by_intent(result["subset_ours"])  # type: ignore[arg-type]
    naive = _by_intent(result["naive"])  # type: ignore[arg-type]
    print(
        f"\nsame questions, naive scan vs ours:\n{'intent':<10} {'n':>4} {'naive p50':>10} {'naive p95':>10} "
        f"{'naive top-1':>12} {'ours p50':>9} {'ours p95':>9} {'ours top-1':>11} {'p50 ratio':>10} {'p95 ratio':>10}"
    )
    all_naive: list[list[float]] = []
    all_ours: list[list[float]] = []
    for intent in NAIVE_INTENTS:
        n_rows, o_rows = naive.get(intent, []), subset.get(intent, [])
        if n_rows:
            all_naive += n_rows
            all_ours += o_rows
            print(_compare(intent, n_rows, o_rows))
    print(_compare("all", all_naive, all_ours))
    print("\nreliability of the confidence (answered questions and refusals of unanswerable ones):")
    print(f"{'confidence':<12} {'answers':>8} {'right':>7}")
    bins: dict[str, list[bool]] = defaultdict(list)
    for intent, _ms, right, confidence in result["ours"]:  # type: ignore[misc]
        if intent in ("who_said", "what_said", "fact", "absent") and confidence > 0:
            low = min(int(confidence * 10), 9) / 10
            bins[f"{low:.1f}-{low + 0.1:.1f}"].append(bool(right))
    for label in sorted(bins):
        rights = bins[label]
        print(f"{label:<12} {len(rights):>8} {sum(rights) / len(rights):>7.0%}")


def print_side_by_side(sqlite: dict[str, object], postgres: dict[str, object]) -> None:
    """The figures that matter for choosing a database, SQLite's and PostgreSQL's in two columns."""

    def latencies(result: dict[str, object], intent: str | None = None) -> list[float]:
        return [float(r[1]) for r in result["ours"] if intent in (None, r[0])]  # type: ignore[attr-defined]

    def ratio(result: dict[str, object], share: float) -> float:
        naive = [float(r[1]) for r in result["naive"]]  # type: ignore[attr-defined]
        ours = [float(r[1]) for r in result["subset_ours"]]  # type: ignore[attr-defined]
        return _percentile(naive, share) / _percentile(ours, share)

    def right(result: dict[str, object]) -> float:
        rows = result["ours"]
        return sum(bool(r[2]) for r in rows) / len(rows)  # type: ignore[arg-type]

    lines = [
        ("ingestion, articles/s end to end", lambda r: f"{r['ingest_rate']:.0f}"),
        ("p50 ms, all intents", lambda r: f"{statistics.median(latencies(r)):.1f}"),
        ("p95 ms, all intents", lambda r: f"{_percentile(latencies(r), 0.95):.1f}"),
        *(
            (f"p95 ms, {intent}", lambda r, i=intent: f"{_percentile(latencies(r, i), 0.95):.1f}")
            for intent in INTENTS
        ),
        ("top-1, all intents", lambda r: f"{right(r):.0%}"),
        ("vs naive scan, p50", lambda r: f"{ratio(r, 0.5):.0f}x"),
        ("vs naive scan, p95", lambda r: f"{ratio(r, 0.95):.0f}x"),
        ("peak memory answering, MB", lambda r: f"{r['memory_mb']:.0f}"),
    ]
    print(f"\n== {sqlite['size']:,} articles, side by side ==")
    print(f"{'':<34} {'SQLite':>10} {'PostgreSQL':>11}")
    for label, value in lines:
        print(f"{label:<34} {value(sqlite):>10} {value(postgres):>11}")


def _by_intent(rows: list[list[object]]) -> dict[str, list[list[float]]]:
    grouped: dict[str, list[list[float]]] = defaultdict(list)
    for intent, *rest in rows:
        grouped[str(intent)].append([float(x) for x in rest])  # type: ignore[arg-type]
    return grouped


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def _row(intent: str, rows: list[list[float]]) -> str:
    ms = [r[0] for r in rows]
    right = sum(r[1] for r in rows) / len(rows)
    return (
        f"{intent:<10} {len(rows):>4} {statistics.median(ms):>8.2f} {_percentile(ms, 0.95):>8.2f} "
        f"{_percentile(ms, 0.99):>8.2f} {right:>7.0%}"
    )


def _compare(intent: str, naive: list[list[float]], ours: list[list[float]]) -> str:
    n_ms, o_ms = [r[0] for r in naive], [r[0] for r in ours]
    return (
        f"{intent:<10} {len(naive):>4} {statistics.median(n_ms):>10.0f} {_percentile(n_ms, 0.95):>10.0f} "
        f"{sum(r[1] for r in naive) / len(naive):>12.0%} {statistics.median(o_ms):>9.2f} "
        f"{_percentile(o_ms, 0.95):>9.2f} {sum(r[1] for r in ours) / len(ours):>11.0%} "
        f"{statistics.median(n_ms) / statistics.median(o_ms):>9.0f}x "
        f"{_percentile(n_ms, 0.95) / _percentile(o_ms, 0.95):>9.0f}x"
    )


if __name__ == "__main__":
    raise SystemExit(main())
