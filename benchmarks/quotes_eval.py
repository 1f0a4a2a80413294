"""Score quote detection and speaker attribution on the hand-checked gold quotes of the shared pages.

Run from the project root: `python benchmarks/quotes_eval.py [--pages 01,03] [--show-errors]`.
Reads ../shared/corpus/html/ and ../shared/corpus/gold/dev-quotes.jsonl at run time.

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


def normal(text: str | None) -> str:
    text = unicodedata.normalize("NFKC", text or "").lower()
    text = re.sub(r"[\"'“”‘’«»`]", "", text)
    return re.sub(r"\s+", " ", re.sub(r"[^\w\s]", " ", text)).strip()


def same_speaker(predicted: str | None, gold: str | None) -> bool:
    if gold is None:
        return predicted is None
    return predicted is not None and normal(predicted) == normal(gold)


def role_found(predicted: str | None, gold: str | None) -> bool | None:
    if not gold:
        return None
    if not predicted:
        return False
    pred, truth = set(normal(predicted).split()), set(normal(gold).split())
    return len(pred & truth) >= min(2, len(truth))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", help="comma-separated page numbers (default: all with gold)")
    parser.add_argument(
        "--show-errors", action="store_true", help="list misses, false alarms, wrong speakers"
    )
    args = parser.parse_args()
    gold_file = SHARED / "gold" / "dev-quotes.jsonl"
    if not gold_file.is_file():
        print(f"no gold at {gold_file}: the shared corpus is not beside the project", file=sys.stderr)
        return 1
    gold: dict[str, list[dict]] = defaultdict(list)
    for line in gold_file.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        gold[row["file"]].append(row)
    pages = sorted(gold)
    if args.pages:
        wanted = set(args.pages.split(","))
        pages = [p for p in pages if p[:2] in wanted]

    totals = defaultdict(int)
    elapsed = 0.0
    attributed = 0
    print(f"{'page':<44} {'gold':>4} {'pred':>4} {'P':>5} {'R':>5} {'spk':>5} {'role':>5}")
    for page in pages:
        html = (SHARED / "html" / page).read_bytes()
        cleaned = extract_html(html)
        start = time.perf_counter()
        quotes = read_article(list(cleaned.paragraphs)).quotes
        elapsed += time.perf_counter() - start
        attributed += sum(1 for q in quotes if q.speaker)
        predicted = [q for q in quotes if q.kind in ("direct", "partial")]
        rows = gold[page]
        openings = [normal(r["quote_start"]) for r in rows]
        found = 0
        speaker_right = speaker_total = role_right = role_total = 0
        errors: list[str] = []
        for row, opening in zip(rows, openings, strict=True):
            match = next((q for q in predicted if opening and opening in normal(q.text)), None)
            if match is None:
                errors.append(f"  MISS  {row['quote_start'][:60]!r} ({row['speaker']})")
                continue
            found += 1
            speaker_total += 1
            if same_speaker(match.speaker, row["speaker"]):
                speaker_right += 1
            else:
                errors.append(
                    f"  WHO   {row['quote_start'][:50]!r}: got {match.speaker!r}, gold {row['speaker']!r}"
                )
            role = role_found(match.speaker_role, row.get("speaker_role"))
            if role is not None:
                role_total += 1
                role_right += role
        correct = 0
        for quote in predicted:
            if any(o and o in normal(quote.text) for o in openings):
                correct += 1
            else:
                errors.append(f"  FALSE {quote.text[:60]!r} ({quote.speaker})")
        for key, value in (
            ("gold", len(rows)),
            ("pred", len(predicted)),
            ("found", found),
            ("correct", correct),
            ("spk_ok", speaker_right),
            ("spk_n", speaker_total),
            ("role_ok", role_right),
            ("role_n", role_total),
        ):
            totals[key] += value
        print(
            f"{page[:44]:<44} {len(rows):>4} {len(predicted):>4} {ratio(correct, len(predicted)):>5} "
            f"{ratio(found, len(rows)):>5} {ratio(speaker_right, speaker_total):>5} "
            f"{ratio(role_right, role_total):>5}"
        )
        if args.show_errors:
            print("\n".join(errors))
    print(
        f"{'TOTAL':<44} {totals['gold']:>4} {totals['pred']:>4} {ratio(totals['correct'], totals['pred']):>5} "
        f"{ratio(totals['found'], totals['gold']):>5} {ratio(totals['spk_ok'], totals['spk_n']):>5} "
        f"{ratio(totals['role_ok'], totals['role_n']):>5}"
    )
    print(
        f"\ncounts: {totals['correct']}/{totals['pred']} predicted correct, {totals['found']}/{totals['gold']} "
        f"gold found, {totals['spk_ok']}/{totals['spk_n']} speakers right, {totals['role_ok']}/{totals['role_n']} roles"
    )
    print(
        f"detection precision {ratio(totals['correct'], totals['pred'])}, recall "
        f"{ratio(totals['found'], totals['gold'])}; speaker accuracy on matched quotes "
        f"{ratio(totals['spk_ok'], totals['spk_n'])}; role found {ratio(totals['role_ok'], totals['role_n'])}"
    )
    print(
        f"speed: {attributed / elapsed:,.0f} attributed quotes per second "
        f"({attributed} quotes, {elapsed * 1000:.1f} ms of attribution over {len(pages)} pages)"
    )
    return 0


def ratio(part: int, whole: int) -> str:
    return f"{part / whole:.2f}" if whole else "  -"


if __name__ == "__main__":
    raise SystemExit(main())
