"""Score our article summaries with ROUGE against the description each shared page's editors wrote.

Run from the project root: `python benchmarks/summary_eval.py [--pages 01,03] [--worst 5]`.
Needs the benchmark extra (`pip install -e '.[bench]'`: rouge-score and sumy); reads
../shared/corpus/html/ at run time and needs no network and no NLTK data.

For each page with an editor-written description (og:description, twitter:description or meta
description, as trafilatura extracts it, else read from the meta tags), our 1-, 2- and 3-sentence
summaries are scored with ROUGE-1, ROUGE-2 and ROUGE-L F1 (stemmed) against it, side by side with
Lead-N (the first N sentences) and sumy's LexRank and TextRank choosing N of the same sentences.
Then: the pages where we lose most to Lead-N, and the time to summarize a 2,000-word article.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import lxml.html
import trafilatura
from rouge_score import rouge_scorer
from sumy.models.dom import ObjectDocumentModel, Paragraph, Sentence
from sumy.nlp.stemmers import Stemmer
from sumy.summarizers.lex_rank import LexRankSummarizer
from sumy.summarizers.text_rank import TextRankSummarizer
from sumy.utils import get_stop_words

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from knowledge.ingest.pipeline import parse_file, parse_text  # noqa: E402
from knowledge.models import Article, StoredArticle  # noqa: E402
from knowledge.summarize.summary import key_voices, summarize, summary_sentence  # noqa: E402

PAGES = ROOT.parent / "shared" / "corpus" / "html"
LENGTHS = (1, 2, 3)
METRICS = ("rouge1", "rouge2", "rougeL")
SYSTEMS = ("ours", "lead", "lexrank", "textrank")
SPEED_WORDS = 2000
SPEED_LIMIT_MS = 50.0

Summarizer = Callable[[Article, int], list[str]]


@dataclass(frozen=True, slots=True)
class Page:
    """A shared page parsed into an article, with its editor-written description."""

    name: str
    article: Article
    description: str


class _Words:
    """The two methods sumy asks of a tokenizer, without NLTK data: sentences come pre-split."""

    language = "english"

    def to_sentences(self, paragraph: str) -> list[str]:
        return [paragraph]

    def to_words(self, sentence: str) -> list[str]:
        return re.findall(r"[^\W_]+(?:['’][^\W_]+)*", sentence)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", help="comma-separated page numbers (default: all)")
    parser.add_argument("--worst", type=int, default=6, help="how many losing pages to list")
    args = parser.parse_args(argv)
    if not PAGES.is_dir():
        print(f"no shared pages at {PAGES}", file=sys.stderr)
        return 1
    wanted = set(args.pages.split(",")) if args.pages else None
    pages, skipped = load_pages(wanted)
    systems = {
        "ours": ours,
        "lead": lead,
        "lexrank": sumy_system(LexRankSummarizer),
        "textrank": sumy_system(TextRankSummarizer),
    }
    scorer = rouge_scorer.RougeScorer(list(METRICS), use_stemmer=True)
    # scores[system][n][page] = (rouge1, rouge2, rougeL) F1
    scores: dict[str, dict[int, dict[str, tuple[float, ...]]]] = {
        s: {n: {} for n in LENGTHS} for s in systems
    }
    chosen: dict[tuple[str, int], list[int]] = {}  # our sentence indices per (page, N)
    for page in pages:
        for name, system in systems.items():
            for n in LENGTHS:
                summary = system(page.article, n)
                result = scorer.score(page.description, " ".join(summary))
                scores[name][n][page.name] = tuple(result[m].fmeasure for m in METRICS)
                if name == "ours":
                    chosen[(page.name, n)] = summarize(page.article, n)
    print(
        f"{len(pages)} pages with a description; skipped (no description): {', '.join(skipped) or 'none'}\n"
    )
    print_table(scores, [p.name for p in pages])
    for label, keep in (("odd", "13579"), ("even", "02468")):
        names = [p.name for p in pages if p.name[1] in keep]
        if names:
            print(f"\n{label}-numbered pages ({len(names)}):")
            print_table(scores, names, header=False)
    met = print_targets(scores, [p.name for p in pages])
    print_worst(scores, pages, chosen, args.worst)
    print_speed(pages)
    return 0 if met else 1


def load_pages(wanted: set[str] | None) -> tuple[list[Page], list[str]]:
    pages: list[Page] = []
    skipped: list[str] = []
    for path in sorted(PAGES.glob("*.html")):
        number = path.name[:2]
        if wanted and number not in wanted:
            continue
        description = editor_description(path.read_bytes().decode("utf-8", "replace"))
        if not description:
            skipped.append(number)
            continue
        pages.append(Page(path.stem, parse_file(path), description))
    return pages, skipped


def editor_description(html: str) -> str | None:
    """The page's own description: trafilatura's reading first, then og:, twitter: or meta description."""
    metadata = trafilatura.extract_metadata(html)
    if metadata is not None and metadata.description and metadata.description.strip():
        return metadata.description.strip()
    tree = lxml.html.fromstring(html)
    for query in (
        '//meta[@property="og:description"]/@content',
        '//meta[@name="twitter:description"]/@content',
        '//meta[@name="description"]/@content',
    ):
        for value in tree.xpath(query):
            if value.strip():
                return " ".join(value.split())
    return None


def ours(article: Article, n: int) -> list[str]:
    return [summary_sentence(article, i) for i in summarize(article, n)]


def lead(article: Article, n: int) -> list[str]:
    return list(article.sentences[:n])


def sumy_system(kind: type) -> Summarizer:
    """A sumy summarizer choosing among the article's own sentences (as parsed), in article order."""
    summarizer = kind(Stemmer("english"))
    summarizer.stop_words = get_stop_words("english")
    words = _Words()

    def run(article: Article, n: int) -> list[str]:
        document = ObjectDocumentModel([Paragraph([Sentence(s, words) for s in article.sentences])])
        return [str(s) for s in summarizer(document, n)]

    return run


def mean(values: Sequence[float]) -> float:
    return statistics.fmean(values) if values else 0.0


def averages(
    scores: dict[str, dict[int, dict[str, tuple[float, ...]]]], system: str, n: int, names: list[str]
) -> list[float]:
    rows = [scores[system][n][name] for name in names]
    return [100 * mean([r[k] for r in rows]) for k in range(len(METRICS))]


def print_table(
    scores: dict[str, dict[int, dict[str, tuple[float, ...]]]], names: list[str], *, header: bool = True
) -> None:
    if header:
        print("ROUGE F1 x100 against the editor description (mean over pages)\n")
    print(f"{'system':<10}" + "".join(f"| {f'N={n}':^20}" for n in LENGTHS))
    print(f"{'':<10}" + "".join(f"| {'R-1':>6}{'R-2':>6}{'R-L':>6}  " for _ in LENGTHS))
    print("-" * (10 + 22 * len(LENGTHS)))
    for system in SYSTEMS:
        cells = []
        for n in LENGTHS:
            r1, r2, rl = averages(scores, system, n, names)
            cells.append(f"| {r1:6.1f}{r2:6.1f}{rl:6.1f}  ")
        label = {"ours": "ours", "lead": "Lead-N", "lexrank": "LexRank", "textrank": "TextRank"}[system]
        print(f"{label:<10}" + "".join(cells))


def print_targets(scores: dict[str, dict[int, dict[str, tuple[float, ...]]]], names: list[str]) -> bool:
    print("\nTargets (all pages): ROUGE-1 and ROUGE-L at least Lead-N's, above LexRank and TextRank")
    met = True
    for n in LENGTHS:
        r1, _, rl = averages(scores, "ours", n, names)
        checks = []
        for system in ("lead", "lexrank", "textrank"):
            b1, _, bl = averages(scores, system, n, names)
            ok = r1 >= b1 and rl >= bl if system == "lead" else r1 > b1 and rl > bl
            met &= ok
            checks.append(f"{system} {'ok' if ok else 'MISSED'} ({r1 - b1:+.1f} R-1, {rl - bl:+.1f} R-L)")
        print(f"  N={n}: " + "; ".join(checks))
    print(f"  => {'all targets met' if met else 'targets missed'}")
    return met


def print_worst(
    scores: dict[str, dict[int, dict[str, tuple[float, ...]]]],
    pages: list[Page],
    chosen: dict[tuple[str, int], list[int]],
    count: int,
) -> None:
    print(f"\nPages where we lose most to Lead-N (ROUGE-1 F1, mean of N=1..3), worst {count}:")
    losses = []
    for page in pages:
        gaps = {n: 100 * (scores["ours"][n][page.name][0] - scores["lead"][n][page.name][0]) for n in LENGTHS}
        losses.append((mean(list(gaps.values())), gaps, page))
    losses.sort(key=lambda item: item[0])
    for gap, gaps, page in losses[:count]:
        if gap >= 0:
            break
        worst = min(gaps, key=gaps.__getitem__)
        per_length = ", ".join(f"N={n} {g:+.1f}" for n, g in gaps.items())
        print(f"  {page.name}: {gap:+.1f} ({per_length})")
        print(f"    editor: {_clip(page.description)}")
        print(
            f"    at N={worst}: ours took sentences {chosen[(page.name, worst)]}, Lead-N {list(range(worst))}"
        )


def print_speed(pages: list[Page]) -> None:
    """Time the summary (and key voices) of a 2,000-word article made from the shared pages' paragraphs."""
    paragraphs: list[str] = []
    words = 0
    for page in sorted(pages, key=lambda p: -len(p.article.text)):
        for paragraph in page.article.paragraphs:
            paragraphs.append(paragraph)
            words += len(paragraph.split())
            if words >= SPEED_WORDS:
                break
        if words >= SPEED_WORDS:
            break
    article = parse_text("\n\n".join(["- Speed test", "", "A long article for timing", "", *paragraphs]))
    stored = StoredArticle.of(article, 1)
    runs = []
    for _ in range(20):
        start = time.perf_counter()
        summarize(article, 3)
        key_voices(stored)
        runs.append(1000 * (time.perf_counter() - start))
    median = statistics.median(runs)
    verdict = "under" if median < SPEED_LIMIT_MS else "OVER"
    print(
        f"\nSpeed: {len(article.text.split())}-word article ({len(article.sentences)} sentences), summary "
        f"and key voices in {median:.1f} ms (median of 20), {verdict} the {SPEED_LIMIT_MS:.0f} ms budget"
    )


def _clip(text: str, limit: int = 150) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


if __name__ == "__main__":
    raise SystemExit(main())
