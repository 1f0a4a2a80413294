"""Time and peak memory of parsing one-paragraph pages from 50 KB to 4 MB, each size in its own process.

Run: ``.venv/bin/python benchmarks/parse_scaling.py [--sizes 50,100,200,500,1000,2000,4000] [--limit 120]
[--kind html|text]``. Sizes are in KB. Each page is one paragraph of generated news prose full of quotes
and "said" (a seeded RNG, so every run parses the same text), parsed by ``parse_document`` as the ingest
path does (every cap included), in a fresh process killed after ``--limit`` seconds: a quadratic step shows
as a time that grows four-fold when the size doubles, or as a timeout; the sizes after a timeout are not
run. Peak memory is the process's peak resident set (imports included; the baseline is printed first).
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

FIRST = ("Anna", "Mark", "Olga", "Peter", "Sara", "Ivan", "Lena", "Tom", "Rosa", "Omar")
LAST = ("Berg", "Novak", "Ortiz", "Marsh", "Sokov", "Pell", "Adeyemi", "Klein", "Haas", "Reyes")
ROLES = ("the mayor", "a spokesman for the ministry", "the head of the council", "an economist", "a resident")
WORDS = (
    "bridge river council budget plan water flood school road tax vote hospital power city year month "
    "government minister talks deal report crisis workers market price energy winter"
).split()


def page_text(size: int, seed: int = 7) -> str:
    """One paragraph of about ``size`` characters: plain sentences, quotes with "said", reported speech."""
    rng = random.Random(seed)
    parts: list[str] = []
    length = 0
    while length < size:
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        words = " ".join(rng.choice(WORDS) for _ in range(rng.randint(6, 14)))
        form = rng.randrange(4)
        if form == 0:
            sentence = f'"The {words} will not wait," said {name}, {rng.choice(ROLES)}.'
        elif form == 1:
            sentence = f'{name} said: "We are talking about the {words}."'
        elif form == 2:
            sentence = f"{name}, {rng.choice(ROLES)}, said the {words} would cost more."
        else:
            sentence = f"The {words} was discussed on {rng.choice(('Monday', 'Tuesday', 'Friday'))}."
        parts.append(sentence)
        length += len(sentence) + 1
    return " ".join(parts)


def page_bytes(size: int, kind: str) -> bytes:
    """The page as a file would hold it: an HTML page with one <p>, or a text dump of one line."""
    text = page_text(size)
    if kind == "text":
        return f"Long Paragraph Test\n\n{text}\n".encode()
    return (
        "<!doctype html><html><head><meta charset='utf-8'><title>Long Paragraph Test</title></head>"
        f"<body><article><h1>Long Paragraph Test</h1><p>{text}</p></article></body></html>"
    ).encode()


def run_one(size_kb: int, kind: str) -> None:
    """Child process: parse one page and print a JSON line with the seconds taken and peak memory."""
    from knowledge.ingest.pipeline import parse_document

    data = page_bytes(size_kb * 1000, kind)
    baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    article = parse_document(data, "html" if kind == "html" else "text", source=f"{size_kb} KB")
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KB on Linux
    stats = {"seconds": seconds, "peak_mb": peak / 1024, "baseline_mb": baseline / 1024}
    stats |= {"chars": len(article.text), "sentences": len(article.sentences), "quotes": len(article.quotes)}
    print(json.dumps(stats))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="50,100,200,500,1000,2000,4000", help="page sizes in KB")
    parser.add_argument("--limit", type=float, default=120.0, help="seconds allowed per size")
    parser.add_argument("--kind", choices=("html", "text"), default="html")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)  # the child process
    args = parser.parse_args()
    if args.one is not None:
        run_one(args.one, args.kind)
        return
    print(
        f"one-paragraph {args.kind} pages, each parsed in its own process, {args.limit:.0f} s allowed per size"
    )
    print(
        f"{'size':>8} {'seconds':>9} {'s/MB':>7} {'peak MB':>8} {'(imports)':>9} {'chars kept':>11} {'sentences':>10} {'quotes':>7}"
    )
    timed_out = False
    for size in (int(part) for part in args.sizes.split(",")):
        if timed_out:
            print(f"{size:>6}KB  skipped (a smaller size ran out of time)")
            continue
        command = [sys.executable, __file__, "--one", str(size), "--kind", args.kind]
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=args.limit, check=False)
        except subprocess.TimeoutExpired:
            print(f"{size:>6}KB  timed out after {args.limit:.0f} s")
            timed_out = True
            continue
        if done.returncode != 0:
            print(f"{size:>6}KB  failed: {done.stderr.strip().splitlines()[-1:]}")
            continue
        stats = json.loads(done.stdout.strip().splitlines()[-1])
        print(
            f"{size:>6}KB {stats['seconds']:>9.2f} {stats['seconds'] / (size / 1000):>7.2f} "
            f"{stats['peak_mb']:>8.0f} {stats['baseline_mb']:>9.0f} {stats['chars']:>11,} {stats['sentences']:>10,} {stats['quotes']:>7,}"
        )


if __name__ == "__main__":
    main()
