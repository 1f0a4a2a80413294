"""Score quote detection and speaker attribution on hand-checked gold quotes.

Run from the project root: `python benchmarks/quotes_eval.py [--corpus shared|dev] [--split tune|holdout]
[--pages 01,03] [--show-errors]`. ``--corpus shared`` (the default) reads ../shared/corpus/html/ and
../shared/corpus/gold/dev-quotes.jsonl; ``--corpus dev`` reads benchmarks/corpus/gold/quotes.jsonl and the
pages it names from benchmarks/corpus/pages/ (or ``--pages-dir``), and prints
figures per publisher too. ``--split`` keeps the dev pages of one split (report on ``holdout``, read errors
only on ``tune``).

Scoring (as the gold README sets it): a gold quote is found when a predicted quote's text contains
its opening words (normalised for case, quotation marks and spacing); a predicted quote is correct when
it contains a gold opening; the speaker is right when it names the same person in full (or the same
organisation). Indirect speech is not in the gold, so only direct and partial quotes are predictions.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
import unicodedata
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from knowledge.ingest.html import extract_html  # noqa: E402
from knowledge.understand.reading import read_article  # noqa: E402

SHARED = ROOT.parent / "shared" / "corpus"
DEV = ROOT / "benchmarks" / "corpus"
DEV_PAGES = ROOT / "benchmarks" / "corpus" / "pages"


def normal(text: str | None) -> str:
    text = unicodedata.normalize("NFKC", text or "").lower()
    text = re.sub(r"[\"'“”‘’«»`]", "", text)
    return re.sub(r"\s+", " ", re.sub(r"[^\w\s]", " ", text)).strip()


def same_speaker(predicted: str | None, gold: str | None) -> bool:
    """The same person or body: equal names once normalised, an organisation's leading "the" aside."""
    if gold is None:
        return predicted is None
    return predicted is not None and _name(predicted) == _name(gold)


def _name(text: str) -> str:
    return re.sub(r"^the ", "", normal(text))


def role_found(predicted: str | None, gold: str | None) -> bool | None:
    if not gold:
        return None
    if not predicted:
        return False
    pred, truth = set(normal(predicted).split()), set(normal(gold).split())
    return len(pred & truth) >= min(2, len(truth))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", choices=("shared", "dev"), default="shared")
    parser.add_argument("--split", choices=("tune", "holdout", "all"), default="all", help="dev pages only")
    parser.add_argument("--pages-dir", type=Path, default=DEV_PAGES, help="where the dev pages are")
    parser.add_argument("--pages", help="comma-separated page prefixes (default: all with gold)")
    parser.add_argument(
        "--show-errors", action="store_true", help="list misses, false alarms, wrong speakers"
    )
    args = parser.parse_args()
    if args.corpus == "shared":
        gold_file, html_dir, publishers = SHARED / "gold" / "dev-quotes.jsonl", SHARED / "html", {}
    else:
        gold_file, html_dir = DEV / "gold" / "quotes.jsonl", args.pages_dir
        publishers = dev_pages(args.split)
    if not gold_file.is_file() or not html_dir.is_dir():
        print(f"no gold or pages at {gold_file}, {html_dir}: see benchmarks/corpus/README.md", file=sys.stderr)
        return 1
    gold: dict[str, list[dict]] = defaultdict(list)
    for line in gold_file.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        if args.corpus == "shared" or row["file"] in publishers:
            gold[row["file"]].append(row)
    pages = sorted(gold)
    if args.pages:
        wanted = tuple(args.pages.split(","))
        pages = [p for p in pages if p.startswith(wanted)]

    totals: dict[str, int] = defaultdict(int)
    by_publisher: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    elapsed = 0.0
    attributed = 0
    print(f"{'page':<44} {'gold':>4} {'pred':>4} {'P':>5} {'R':>5} {'spk':>5} {'role':>5} {'wrong':>5}")
    for page in pages:
        html = (html_dir / page).read_bytes()
        cleaned = extract_html(html)
        start = time.perf_counter()
        quotes = read_article(list(cleaned.paragraphs)).quotes
        elapsed += time.perf_counter() - start
        attributed += sum(1 for q in quotes if q.speaker)
        predicted = [q for q in quotes if q.kind in ("direct", "partial")]
        rows = [r for r in gold[page] if r.get("where", "body") == "body"]
        counts, errors = score_page(rows, predicted)
        for key, value in counts.items():
            totals[key] += value
            by_publisher[publishers.get(page, "")][key] += value
        print(f"{page[:44]:<44} {line_of(counts)}")
        if args.show_errors:
            print("\n".join(errors))
    if args.corpus == "dev":
        print(f"\n{'publisher':<44} {'gold':>4} {'pred':>4} {'P':>5} {'R':>5} {'spk':>5} {'role':>5} {'wrong':>5}")
        for publisher, counts in sorted(by_publisher.items()):
            print(f"{publisher[:44]:<44} {line_of(counts)}")
    print(f"{'TOTAL':<44} {line_of(totals)}")
    print(
        f"\ncounts: {totals['correct']}/{totals['pred']} predicted correct, {totals['found']}/{totals['gold']} "
        f"gold found, {totals['spk_ok']}/{totals['spk_n']} speakers right, {totals['role_ok']}/{totals['role_n']} "
        f"roles, {totals['wrong']} wrong names (a name other than the gold's, or one where the gold has none)"
    )
    print(
        f"detection precision {ratio(totals['correct'], totals['pred'])}, recall "
        f"{ratio(totals['found'], totals['gold'])}; speaker accuracy on matched quotes "
        f"{ratio(totals['spk_ok'], totals['spk_n'])}; role found {ratio(totals['role_ok'], totals['role_n'])}; "
        f"wrong names {ratio(totals['wrong'], totals['spk_n'])}"
    )
    print(
        f"speed: {attributed / elapsed:,.0f} attributed quotes per second "
        f"({attributed} quotes, {elapsed * 1000:.1f} ms of attribution over {len(pages)} pages)"
    )
    return 0


def dev_pages(split: str) -> dict[str, str]:
    """The dev pages of a split, each with its publisher (benchmarks/corpus/sources.tsv)."""
    lines = (DEV / "sources.tsv").read_text(encoding="utf-8").splitlines()
    header = lines[0].split("\t")
    rows = [dict(zip(header, line.split("\t"), strict=True)) for line in lines[1:]]
    return {r["file"]: r["publisher"] for r in rows if split == "all" or r["split"] == split}


def score_page(rows: list[dict], predicted: list) -> tuple[dict[str, int], list[str]]:
    """Counts for one page (gold, predicted, found, correct, speakers, roles, wrong names) and its errors."""
    openings = [normal(r["quote_start"]) for r in rows]
    counts = dict.fromkeys(("gold", "pred", "found", "correct", "spk_ok", "spk_n", "role_ok", "role_n", "wrong"), 0)
    counts["gold"], counts["pred"] = len(rows), len(predicted)
    errors: list[str] = []
    for row, opening in zip(rows, openings, strict=True):
        match = next((q for q in predicted if opening and opening in normal(q.text)), None)
        if match is None:
            errors.append(f"  MISS  {row['quote_start'][:60]!r} ({row['speaker']})")
            continue
        counts["found"] += 1
        counts["spk_n"] += 1
        if same_speaker(match.speaker, row["speaker"]):
            counts["spk_ok"] += 1
        else:
            counts["wrong"] += match.speaker is not None
            errors.append(f"  WHO   {row['quote_start'][:50]!r}: got {match.speaker!r}, gold {row['speaker']!r}")
        role = role_found(match.speaker_role, row.get("speaker_role"))
        if role is not None:
            counts["role_n"] += 1
            counts["role_ok"] += role
            if not role:
                errors.append(f"  ROLE  {row['quote_start'][:40]!r}: got {match.speaker_role!r}, gold {row['speaker_role']!r}")
    for quote in predicted:
        if any(o and o in normal(quote.text) for o in openings):
            counts["correct"] += 1
        else:
            errors.append(f"  FALSE {quote.text[:60]!r} ({quote.speaker})")
    return counts, errors


def line_of(counts: dict[str, int]) -> str:
    return (
        f"{counts['gold']:>4} {counts['pred']:>4} {ratio(counts['correct'], counts['pred']):>5} "
        f"{ratio(counts['found'], counts['gold']):>5} {ratio(counts['spk_ok'], counts['spk_n']):>5} "
        f"{ratio(counts['role_ok'], counts['role_n']):>5} {counts['wrong']:>5}"
    )


def ratio(part: int, whole: int) -> str:
    return f"{part / whole:.2f}" if whole else "  -"


if __name__ == "__main__":
    raise SystemExit(main())
