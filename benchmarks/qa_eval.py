"""Score answers to the dev questions on the shared HTML pages, per kind of question.

Run from the project root: `python benchmarks/qa_eval.py [--show-errors] [--pages 01,03] [--questions FILE]
[--split tune|holdout]`. Reads ../shared/corpus/html/ and ../shared/corpus/gold/dev-questions.jsonl at run
time, or FILE: benchmarks/corpus/questions/dev-pages.jsonl holds 512 reworded, loose, unanswerable and
Russian questions on the 64 development pages of benchmarks/corpus/pages (see benchmarks/corpus/README.md).

Every page named in the gold is ingested through ``knowledge.ingest.parse_file`` into a fresh SQLite
library, and each question is asked through ``Library.ask`` scoped to its page. Scoring, per kind:
who_said - the first excerpt's speaker is the gold speaker (normalised: case, accents, punctuation);
what_said and fact - an excerpt holds ``answer_contains`` (normalised the same way);
absent - the answer is a refusal (``found`` is false). The kinds of the reworded set are scored alike:
who_said_loose as who_said, what_said_topic as what_said, fact_reworded as fact, russian by whichever of
``answer`` (a speaker) or ``answer_contains`` it has.
"""

from __future__ import annotations

import argparse
import json
import logging
import re
import sys
import tempfile
import time
import unicodedata
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from knowledge.ingest.pipeline import parse_file  # noqa: E402
from knowledge.library import Library  # noqa: E402
from knowledge.meaning.encoder import DEFAULT_ENCODER, load_encoder  # noqa: E402
from knowledge.models import Answer  # noqa: E402

SHARED = ROOT.parent / "shared" / "corpus"
KINDS = (
    "who_said", "what_said", "fact", "absent", "who_said_loose", "what_said_topic", "fact_reworded", "russian"
)
TARGETS = {
    "who_said": 0.95, "what_said": 0.90, "fact": 0.85, "absent": 0.90,
    "who_said_loose": 0.95, "what_said_topic": 0.90, "fact_reworded": 0.75, "russian": 0.60,
}
DEV_QUESTIONS = ROOT / "benchmarks" / "corpus" / "questions" / "dev-pages.jsonl"
DEV_PAGES = ROOT / "benchmarks" / "corpus" / "pages"


def page_path(name: str) -> Path:
    """A development page of benchmarks/corpus, or a shared one."""
    dev = DEV_PAGES / name
    return dev if dev.is_file() else SHARED / "html" / name


def normal(text: str | None) -> str:
    """Lower case, no accents, quotation marks or punctuation, single spaces."""
    text = unicodedata.normalize("NFKD", text or "")
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = re.sub(r"[\"'“”‘’«»`]", "", text)
    return re.sub(r"\s+", " ", re.sub(r"[^\w\s]", " ", text)).strip()


def is_right(kind: str, gold: dict[str, str | None], answer: Answer) -> bool:
    """Whether ``answer`` meets the gold for a question of this kind."""
    if kind == "absent":
        return not answer.found
    if not answer.found or not answer.excerpts:
        return False
    if kind in ("who_said", "who_said_loose") or (kind == "russian" and gold.get("answer")):
        return normal(answer.excerpts[0].speaker) == normal(gold["answer"])
    wanted = normal(gold["answer_contains"])
    return any(wanted in normal(e.text) for e in answer.excerpts)


def print_reliability(rows: list[tuple[float, bool, bool]]) -> None:
    """The share right per confidence bucket, for the answers given and for the refusals."""
    print(f"\nreliability: {'confidence':<11} {'answers':>8} {'right':>6} {'refusals':>9} {'right':>6}")
    for low in (0.0, 0.2, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9):
        high = {0.0: 0.2, 0.2: 0.4, 0.4: 0.5}.get(low, round(low + 0.1, 1))
        inside = [r for r in rows if low <= r[0] < high or (high == 1.0 and r[0] == 1.0)]
        given = [right for _, found, right in inside if found]
        refused = [right for _, found, right in inside if not found]
        share = f"{sum(given) / len(given):.0%}" if given else "-"
        kept = f"{sum(refused) / len(refused):.0%}" if refused else "-"
        print(f"             {low:.1f}-{high:.1f}     {len(given):>8} {share:>6} {len(refused):>9} {kept:>6}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", help="comma-separated page numbers (default: all with questions)")
    parser.add_argument("--show-errors", action="store_true", help="print each wrong answer")
    parser.add_argument(
        "--questions", type=Path, default=SHARED / "gold" / "dev-questions.jsonl",
        help=f"a question file (default: the shared dev questions; also {DEV_QUESTIONS})",
    )
    parser.add_argument("--split", choices=("tune", "holdout", "all"), default="all")
    parser.add_argument(
        "--unscoped", action="store_true", help="ask each question over every page, not scoped to its own"
    )
    parser.add_argument(
        "--encoder", default=DEFAULT_ENCODER, help=f"EMBEDDING_MODEL to use (default {DEFAULT_ENCODER}; none: words only)"
    )
    args = parser.parse_args()
    gold_file = args.questions
    if not gold_file.is_file():
        print(f"no gold at {gold_file}: the shared corpus is not beside the project", file=sys.stderr)
        return 1
    logging.disable(logging.INFO)
    questions = [json.loads(line) for line in gold_file.read_text(encoding="utf-8").splitlines() if line]
    questions = [q for q in questions if args.split == "all" or q.get("split", "tune") == args.split]
    if args.pages:
        wanted = set(args.pages.split(","))
        questions = [q for q in questions if q["file"][:2] in wanted]
    results: dict[str, list[bool]] = defaultdict(list)
    latencies: list[float] = []
    reliability: list[tuple[float, bool, bool]] = []  # (confidence, answered, right)
    with tempfile.TemporaryDirectory() as folder:
        library = Library(f"sqlite:///{folder}/qa.db", encoder=load_encoder(args.encoder, threads=2))
        pages: dict[str, int] = {}
        for page in dict.fromkeys(q["file"] for q in questions):
            pages[page] = library.ingest_article(parse_file(page_path(page))).article.id
        for question in questions:
            start = time.perf_counter()
            scope = None if args.unscoped else pages[question["file"]]
            answer = library.ask(question["question"], article_id=scope)
            latencies.append((time.perf_counter() - start) * 1000)
            right = is_right(question["kind"], question, answer)
            results[question["kind"]].append(right)
            reliability.append((answer.confidence, answer.found, right))
            if args.show_errors and not right:
                got = answer.excerpts[0] if answer.excerpts else None
                print(
                    f"  WRONG {question['file'][:2]} {question['kind']:<9} {question['question']!r}\n"
                    f"        gold: {question.get('answer') or question.get('answer_contains')!r}\n"
                    f"        got:  found={answer.found} conf={answer.confidence} {answer.lead[:60]!r} "
                    f"{(got.speaker, got.text[:90]) if got else ''}"
                )
        library.close()
    print(f"\n{'kind':<16} {'right':>6} {'of':>4} {'accuracy':>9} {'target':>7}")
    total = 0
    for kind in KINDS:
        rights = results.get(kind, [])
        if rights:
            total += sum(rights)
            print(
                f"{kind:<16} {sum(rights):>6} {len(rights):>4} {sum(rights) / len(rights):>9.0%} "
                f"{TARGETS[kind]:>7.0%}"
            )
    count = sum(len(r) for r in results.values())
    print(f"{'all':<16} {total:>6} {count:>4} {total / count:>9.0%}")
    print_reliability(reliability)
    latencies.sort()
    print(f"\nlatency per question: p50 {latencies[len(latencies) // 2]:.1f} ms, max {latencies[-1]:.1f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
