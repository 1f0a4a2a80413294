"""Calibrate the attribution confidence: the share of quotes right for each way a speaker is found.

Run from the project root: `python benchmarks/calibrate_attribution.py [--pages-dir DIR]`. Reads the
tune split of benchmarks/corpus (pages in benchmarks/corpus/pages) and the odd shared pages' gold, never the
holdout split. Prints, for each way of finding a speaker (``knowledge.understand.confidence``), how many
matched gold quotes were attributed that way and how many of them to the right speaker; then the table to
paste into ``CALIBRATION``, and what each threshold would leave: speakers right, wrong names, unclear.
"""

from __future__ import annotations

import argparse
import itertools
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import knowledge.understand.confidence as confidence_module  # noqa: E402
from benchmarks.quotes_eval import DEV, DEV_PAGES, SHARED, dev_pages, normal, same_speaker  # noqa: E402
from knowledge.ingest.html import extract_html  # noqa: E402
from knowledge.understand.reading import read_article  # noqa: E402

MIN_COUNT = 8  # a way seen fewer times keeps the default confidence


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages-dir", type=Path, default=DEV_PAGES)
    args = parser.parse_args()
    bases = ("own", "shared", "continued", "carried", "floating")
    kinds = [k + org for k in ("name", "pronoun", "nominal", "unnamed") for org in ("", "-org")]
    ways = list(itertools.product(bases, kinds, (True, False)))
    code = {way: (i + 1) / 1000 for i, way in enumerate(ways)}  # a distinct tiny value marks each way
    confidence_module.CALIBRATION = dict(code)
    confidence_module.UNCLEAR = 0.0  # keep every name while calibrating
    by_code = {value: way for way, value in code.items()}

    results: list[tuple[tuple[str, str, bool] | None, bool, bool, bool]] = []  # way, right, named, one word
    lone: dict[bool, list[bool]] = {True: [], False: []}  # speakers of one word, and the others
    for html_path, rows in pages(args.pages_dir):
        quotes = read_article(list(extract_html(html_path.read_bytes()).paragraphs)).quotes
        predicted = [q for q in quotes if q.kind in ("direct", "partial")]
        for row in rows:
            opening = normal(row["quote_start"])
            match = next((q for q in predicted if opening and opening in normal(q.text)), None)
            if match is None:
                continue
            way = by_code.get(round(match.confidence, 3))
            single = bool(match.speaker) and " " not in (match.speaker or "")
            results.append((way, same_speaker(match.speaker, row["speaker"]), match.speaker is not None, single))
            lone[single].append(results[-1][1])

    tally: dict[tuple[str, str, bool] | None, list[int]] = defaultdict(lambda: [0, 0])
    for way, right, _, _ in results:
        tally[way][0] += 1
        tally[way][1] += right
    for single, rights in lone.items():
        print(f"one-word speaker names: {single}: {sum(rights)}/{len(rights)} right")
    print(f"{'way (basis, mention, cue)':<36} {'n':>5} {'right':>6} {'share':>6}")
    table = {}
    for way, (n, right) in sorted(tally.items(), key=lambda kv: -kv[1][0]):
        print(f"{str(way):<36} {n:>5} {right:>6} {right / n:>6.2f}")
        if way is not None and n >= MIN_COUNT:
            table[way] = round(right / n, 2)
    print("\nCALIBRATION = {")
    for way, share in sorted(table.items(), key=lambda kv: -kv[1]):
        print(f"    {way!r}: {share},")
    print("}")
    print(f"\n{'threshold':>9} {'right':>6} {'wrong':>6} {'unclear':>8} (of {len(results)} matched quotes)")
    for threshold in (0.0, 0.3, 0.4, 0.5, 0.6, 0.7):
        right = wrong = unclear = 0
        for way, ok, named, single in results:
            share = table.get(way, confidence_module.DEFAULT) if way else 0.0
            share = min(share, confidence_module.LONE_NAME) if single else share
            if named and share < threshold:
                unclear += 1
            elif ok:
                right += 1
            elif named:
                wrong += 1
        print(f"{threshold:>9.1f} {right:>6} {wrong:>6} {unclear:>8}")
    return 0


def pages(pages_dir: Path) -> list[tuple[Path, list[dict]]]:
    """The tune pages of the dev corpus and the odd shared pages, each with its gold body quotes."""
    import json

    found: list[tuple[Path, list[dict]]] = []
    tune = dev_pages("tune")
    for gold_file, html_dir, keep in (
        (DEV / "gold" / "quotes.jsonl", pages_dir, tune.__contains__),
        (SHARED / "gold" / "dev-quotes.jsonl", SHARED / "html", lambda _: True),
    ):
        if not gold_file.is_file() or not html_dir.is_dir():
            print(f"skipped {gold_file}: not found", file=sys.stderr)
            continue
        gold: dict[str, list[dict]] = defaultdict(list)
        for line in gold_file.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            if keep(row["file"]) and row.get("where", "body") == "body":
                gold[row["file"]].append(row)
        found += [(html_dir / page, rows) for page, rows in sorted(gold.items())]
    return found


if __name__ == "__main__":
    raise SystemExit(main())
