"""Score HTML extraction on the shared news corpus, ours beside plain trafilatura.

Run: ``.venv/bin/python benchmarks/ingest_eval.py [--passes N] [--show NN ...]``.
The pages are read at run time from ``../shared/corpus/html/``; nothing from them is stored here.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import trafilatura

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from knowledge.ingest.html import extract_html  # noqa: E402
from knowledge.understand.reading import read_article  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus"
TARGETS = {"body F1": 0.90, "title": 0.90, "date": 0.85}
QUOTES = str.maketrans(
    {"‘": "'", "’": "'", "‚": "'", "‛": "'", "′": "'", "“": '"', "”": '"', "„": '"', "″": '"'}
)


@dataclass(frozen=True, slots=True)
class Truth:
    """What one page should yield: metadata, and the body as full text or as must/must-not fragments."""

    name: str
    title: str
    date: str | None
    author: str | None
    body: str | None = None
    with_fragments: tuple[str, ...] = ()
    without_fragments: tuple[str, ...] = ()

    @property
    def kind(self) -> str:
        return "text" if self.body is not None else "frag"


@dataclass(frozen=True, slots=True)
class Output:
    """What an extractor returned for one page."""

    title: str | None
    date: str | None
    author: str | None
    text: str


@dataclass(frozen=True, slots=True)
class Score:
    """One extractor's marks on one page; None where the truth has nothing to compare."""

    title: bool
    date: bool | None
    author: bool | None
    precision: float
    recall: float

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0


def main(argv: list[str] | None = None) -> int:
    """Print the per-page table, the totals, throughput and a pipeline smoke run."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS, help="the shared corpus folder")
    parser.add_argument("--passes", type=int, default=3, help="passes for the throughput timing")
    parser.add_argument("--show", nargs="*", default=[], help="page numbers whose extraction to print")
    args = parser.parse_args(argv)
    html_dir = args.corpus / "html"
    if not html_dir.is_dir() or not (args.corpus / "README.md").is_file():
        print(f"No corpus at {args.corpus}: expected html/ and README.md there.", file=sys.stderr)
        return 2
    truths = load_truths(args.corpus)
    pages = {name: (html_dir / name).read_bytes() for name in truths}
    ours = {name: run_ours(html) for name, html in pages.items()}
    plain = {name: run_plain(html) for name, html in pages.items()}
    for number in args.show:
        for name in (name for name in pages if name.startswith(number.zfill(2))):
            show(name, pages, truths)
    headline = print_table(truths, ours, plain)
    missed = [f"{key} {headline[key]:.0%} < {bar:.0%}" for key, bar in TARGETS.items() if headline[key] < bar]
    print(
        f"targets ({', '.join(f'{k} >= {v:.0%}' for k, v in TARGETS.items())}):",
        "; ".join(missed) or "all met",
    )
    print_throughput(pages, args.passes)
    print_pipeline(pages)
    return 1 if missed else 0


# --- ground truth ---------------------------------------------------------------------------


def load_truths(corpus: Path) -> dict[str, Truth]:
    """Read titles and dates from the README table, authors and bodies from the files beside each page."""
    truths: dict[str, Truth] = {}
    for row in readme_rows((corpus / "README.md").read_text(encoding="utf-8")):
        name, title, date = row["file"], row["title"], row["date"]
        page = corpus / "html" / name
        expected = json.loads(page.with_suffix(".expected.json").read_text(encoding="utf-8"))
        text_file = page.with_suffix(".expected.txt")
        body = expected.get("articleBody")
        if body is None and text_file.exists():
            body = text_file.read_text(encoding="utf-8")
        truths[name] = Truth(
            name=name,
            title=title,
            date=date or None,
            author=expected.get("author") or expected.get("byline") or None,
            body=body,
            with_fragments=tuple(expected.get("with") or ()),
            without_fragments=tuple(expected.get("without") or ()),
        )
    return truths


def readme_rows(readme: str) -> Iterable[dict[str, str]]:
    """The rows of the README's table of files, as dicts keyed by lower-cased column names."""
    header: list[str] | None = None
    for line in readme.splitlines():
        if not line.startswith("|"):
            header = None
            continue
        cells = [cell.strip().replace("\\|", "|") for cell in re.split(r"(?<!\\)\|", line.strip())[1:-1]]
        if header is None:
            header = [cell.lower() for cell in cells]
        elif "file" in header and not set(line) <= set("|-: ") and cells[0].endswith(".html"):
            yield dict(zip(header, cells, strict=False))


# --- extractors -----------------------------------------------------------------------------


def run_ours(html: bytes) -> Output:
    clean = extract_html(html)
    text = "\n\n".join(filter(None, [clean.dateline, *clean.paragraphs]))
    date = clean.published.isoformat() if clean.published else None
    return Output(clean.title, date, clean.author, text)


def run_plain(html: bytes) -> Output:
    text = trafilatura.extract(html) or ""
    meta = trafilatura.extract_metadata(html)
    if meta is None:
        return Output(None, None, None, text)
    return Output(meta.title, (meta.date or "")[:10] or None, meta.author, text)


# --- scoring --------------------------------------------------------------------------------


def score(truth: Truth, output: Output) -> Score:
    if truth.body is not None:
        precision, recall = token_overlap(output.text, truth.body)
    else:
        precision, recall = fragment_overlap(output.text, truth.with_fragments, truth.without_fragments)
    return Score(
        title=normalise(output.title or "") == normalise(truth.title),
        date=None if not truth.date else output.date == truth.date[:10],
        author=None if not truth.author else same_author(output.author, truth.author),
        precision=precision,
        recall=recall,
    )


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFC", text).translate(QUOTES)
    return re.sub(r"\s+", " ", text).strip().casefold()


def tokens(text: str) -> Counter[str]:
    return Counter(re.findall(r"\w+", normalise(text)))


def token_overlap(predicted: str, truth: str) -> tuple[float, float]:
    """Bag-of-words precision and recall, counting each word as often as it occurs."""
    got, want = tokens(predicted), tokens(truth)
    common = sum((got & want).values())
    return common / max(sum(got.values()), 1), common / max(sum(want.values()), 1)


def fragment_overlap(text: str, present: Iterable[str], absent: Iterable[str]) -> tuple[float, float]:
    """Precision: share of must-not fragments left out. Recall: share of must fragments found."""
    haystack = normalise(text)
    present, absent = list(present), list(absent)
    recall = sum(normalise(f) in haystack for f in present) / len(present) if present else 1.0
    precision = sum(normalise(f) not in haystack for f in absent) / len(absent) if absent else 1.0
    return precision, recall


def same_author(predicted: str | None, truth: str) -> bool:
    if not predicted:
        return False
    got, want = normalise(predicted), normalise(truth)
    return got in want or want in got


# --- reports --------------------------------------------------------------------------------


def print_table(
    truths: dict[str, Truth], ours: dict[str, Output], plain: dict[str, Output]
) -> dict[str, float]:
    """Print one row per page and the totals; return our headline figures, keyed as TARGETS is."""
    scored = {name: (score(t, ours[name]), score(t, plain[name])) for name, t in truths.items()}
    head = f"{'page':<34} {'kind':<4} | {'title date auth   P    R    F1':<32} | {'title date auth   P    R    F1'}"
    print(f"{'':<41}| {'ours':<32} | plain trafilatura")
    print(head)
    print("-" * len(head))
    for name, (mine, base) in scored.items():
        print(f"{name[:-5][:34]:<34} {truths[name].kind:<4} | {row(mine)} | {row(base)}")
    print("-" * len(head))
    print_totals("plain trafilatura", [base for _, base in scored.values()], list(truths.values()))
    return print_totals("ours", [mine for mine, _ in scored.values()], list(truths.values()))


def row(s: Score) -> str:
    return f"{mark(s.title):^5} {mark(s.date):^4} {mark(s.author):^4} {s.precision:.2f} {s.recall:.2f} {s.f1:.2f}"


def mark(value: bool | None) -> str:
    return "-" if value is None else "ok" if value else "NO"


def print_totals(label: str, scores: list[Score], truths: list[Truth]) -> dict[str, float]:
    def share(values: list[bool | None]) -> str:
        counted = [v for v in values if v is not None]
        return f"{sum(counted)}/{len(counted)} = {rate(values):.0%}" if counted else "n/a"

    def rate(values: list[bool | None]) -> float:
        counted = [v for v in values if v is not None]
        return sum(counted) / len(counted) if counted else 1.0

    def mean(pick: Callable[[Score], float], kind: str | None = None, parity: int | None = None) -> float:
        chosen = [
            pick(s)
            for s, t in zip(scores, truths, strict=True)
            if kind in (None, t.kind) and parity in (None, int(t.name[:2]) % 2)
        ]
        return sum(chosen) / len(chosen) if chosen else float("nan")

    print(f"{label}:")
    print(
        f"  title exact {share([s.title for s in scores])}   date {share([s.date for s in scores])}", end=""
    )
    print(f"   author {share([s.author for s in scores])}")
    print(
        f"  body mean P {mean(lambda s: s.precision):.3f}  R {mean(lambda s: s.recall):.3f}"
        f"  F1 {mean(lambda s: s.f1):.3f}   (full-text pages F1 {mean(lambda s: s.f1, 'text'):.3f},"
        f" fragment pages F1 {mean(lambda s: s.f1, 'frag'):.3f})"
    )
    print(
        f"  body F1 on odd pages {mean(lambda s: s.f1, parity=1):.3f}, even pages {mean(lambda s: s.f1, parity=0):.3f}"
    )
    return {
        "body F1": mean(lambda s: s.f1),
        "title": rate([s.title for s in scores]),
        "date": rate([s.date for s in scores]),
    }


def print_throughput(pages: dict[str, bytes], passes: int) -> None:
    """Time whole passes over the corpus in this one process, ours and plain trafilatura's."""
    for label, run in (("ours", extract_html), ("plain trafilatura", run_plain)):
        started = time.perf_counter()
        for _ in range(passes):
            for html in pages.values():
                run(html)
        elapsed = time.perf_counter() - started
        count = passes * len(pages)
        if count:
            print(
                f"throughput {label}: {count} pages in {elapsed:.2f} s = {count / elapsed:.1f} pages/s on one core"
            )


def print_pipeline(pages: dict[str, bytes]) -> None:
    """Run every page through quote extraction once, to be sure nothing crashes."""
    quotes = failures = 0
    for name, html in pages.items():
        try:
            found = read_article(list(extract_html(html).paragraphs)).quotes
            quotes += len(found)
        except Exception as error:  # a smoke run: report every failure, keep going
            failures += 1
            print(f"pipeline failed on {name}: {error!r}")
    print(f"pipeline: {len(pages)} pages, {quotes} quotes found, {failures} failures")


def show(name: str, pages: dict[str, bytes], truths: dict[str, Truth]) -> None:
    clean = extract_html(pages[name])
    print(f"=== {name}\ntitle: {clean.title!r} (truth {truths[name].title!r})")
    print(f"published {clean.published} author {clean.author!r} publisher {clean.publisher!r}")
    print(f"dateline {clean.dateline!r}")
    for paragraph in clean.paragraphs:
        print(f"  | {paragraph}")
    for line, reason in clean.dropped:
        print(f"  x [{reason}] {line[:100]}")
    truth = truths[name]
    if truth.body is not None:
        missing = tokens(truth.body) - tokens("\n".join(filter(None, [clean.dateline, *clean.paragraphs])))
        extra = tokens("\n".join(filter(None, [clean.dateline, *clean.paragraphs]))) - tokens(truth.body)
        print(f"  missing tokens: {sorted(missing.elements())[:60]}")
        print(f"  extra tokens: {sorted(extra.elements())[:60]}")


if __name__ == "__main__":
    sys.exit(main())
