"""Tiny builders for tests: articles from a few written lines, and a library over a temp SQLite file."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from knowledge.ingest.pipeline import parse_text
from knowledge.library import Library
from knowledge.models import Article

HEADLINE = "Harbour Town Debates New Ferry Schedule"


def make_dump(*paragraphs: str, title: str = HEADLINE, header: str = "- The Test Gazette, 2031") -> str:
    """A raw page dump: a site label, a headline, then the given paragraphs."""
    return "\n".join([header, "", title, "", *paragraphs])


def make_article(*paragraphs: str, title: str = HEADLINE, url: str | None = None) -> Article:
    """Parse the given paragraphs as an article body."""
    return parse_text(make_dump(*paragraphs, title=title), url=url)


def make_library(tmp_path: Path, *, encoder: StandInEncoder | None = None) -> Library:
    """A library over a fresh SQLite file (matching by meaning with ``encoder``)."""
    return Library(f"sqlite:///{tmp_path / 'test.db'}", encoder=encoder)


class StandInEncoder:
    """A tiny deterministic encoder for tests: a bag of word "concepts" hashed into 64 dimensions.

    Words in one group of ``concepts`` share a dimension, so "reopen" and "traffic will return" can mean
    the same thing without any shared word; every other word is its own concept.
    """

    def __init__(self, concepts: Sequence[Sequence[str]] = (), *, name: str = "stand-in", dim: int = 64) -> None:
        self.name = name
        self.dim = dim
        self._concept = {w: group[0] for group in concepts for w in group}
        self.encoded = 0  # how many texts were encoded (passages and questions)

    def _vector(self, text: str) -> np.ndarray:
        vector = np.zeros(self.dim, dtype=np.float32)
        for word in re.findall(r"\w+", text.lower()):
            if len(word) > 3 or word in self._concept:
                concept = self._concept.get(word, word)
                vector[int(hashlib.md5(concept.encode()).hexdigest(), 16) % self.dim] += 1.0
        norm = float(np.linalg.norm(vector))
        return vector / norm if norm else vector

    def passages(self, texts: Sequence[str]) -> np.ndarray:
        self.encoded += len(texts)
        return np.stack([self._vector(t) for t in texts]) if texts else np.zeros((0, self.dim), np.float32)

    def query(self, text: str) -> np.ndarray:
        self.encoded += 1
        return self._vector(text)


FERRY_STORY = (
    "PORTVALE, (Gazette) - The Portvale harbour board voted on Monday to add two evening ferry "
    "crossings from next spring, after months of complaints from commuters.",
    "Dana Whitfield, the chair of the harbour board, said the change would cost about 300,000 dollars "
    "a year.",
    '"People have been stuck on the pier for an hour after work, and that is not acceptable," '
    'Whitfield said. "We heard them."',
    "Marcus Lee, a spokesman for the ferry operators' union, told reporters that crews would need "
    "at least six more weeks of training before the new timetable starts.",
    '"We support more crossings, but not at the expense of safety," he said.',
    "Some residents of the island disagree with the board's priorities.",
    'Priya Nair, who runs a bakery near the terminal, said: "Nobody asked the island what it needs."',
)


CLINIC_TITLE = "Hospital Opens Night Clinic for Ferry Crews"
CLINIC_STORY = (
    "MILLBROOK, (Gazette) - The Millbrook county hospital will open a night clinic for ferry crews in "
    "March, the health board said on Tuesday.",
    "Sandra Lee, a nurse who will run the clinic, said crews often finish their shifts after midnight.",
    '"Nobody should have to choose between sleep and a doctor," Lee said.',
    "The clinic will cost about 120,000 dollars a year and will treat some 40 patients a week.",
    "Omar Haddad, the treasurer of the health board, said the money would come from the harbour levy.",
    '"It is a small price for a healthy crew," Haddad said.',
)


def make_pdf(pages: list[list[str]], *, title: str | None = None) -> bytes:
    """A minimal PDF whose pages show the given lines in Helvetica, top to bottom."""
    objects: list[bytes] = []
    page_ids = [3 + 2 * i for i in range(len(pages))]
    font_id = 3 + 2 * len(pages)
    objects.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    kids = " ".join(f"{i} 0 R" for i in page_ids)
    objects.append(f"<< /Type /Pages /Kids [{kids}] /Count {len(pages)} >>".encode())
    for page_id, lines in zip(page_ids, pages, strict=True):
        ops = ["BT", "/F1 11 Tf", "14 TL", "50 780 Td"]
        for line in lines:
            escaped = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
            ops.append(f"({escaped}) Tj T*")
        ops.append("ET")
        stream = "\n".join(ops).encode("latin-1")
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 842] /Contents {page_id + 1} 0 R "
            f"/Resources << /Font << /F1 {font_id} 0 R >> >> >>".encode()
        )
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    info_id = None
    if title:
        objects.append(f"<< /Title ({title}) >>".encode("latin-1"))
        info_id = len(objects)
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    info = f" /Info {info_id} 0 R" if info_id else ""
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R{info} >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def make_html(
    *paragraphs: str,
    title: str = HEADLINE,
    published: str = "2031-02-03",
    author: str = "Ana Torres",
    site: str = "The Test Gazette",
) -> str:
    """A news page: navigation, metadata, an article body, a related-links aside and a footer."""
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    return f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>{title} | {site}</title>
<meta property="og:title" content="{title}"><meta property="og:site_name" content="{site}">
<meta name="author" content="{author}">
<meta property="article:published_time" content="{published}T08:00:00Z">
</head><body><nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav>
<article><h1>{title}</h1><p class="byline">By {author}</p>
{body}
</article>
<aside><h2>Related stories</h2><ul><li><a href="/x">Ferry fares rise again</a></li></ul></aside>
<footer><p>Subscribe to our newsletter</p><p>All rights reserved.</p></footer></body></html>"""


def make_feed(base: str, paths: list[str]) -> str:
    """An RSS feed announcing the pages at ``paths``."""
    items = "".join(
        f"<item><title>Story {i}</title><link>{base}{p}</link>"
        f"<pubDate>Mon, 03 Feb 2031 08:00:00 GMT</pubDate></item>"
        for i, p in enumerate(paths)
    )
    return (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>Gazette</title>'
        f"<link>{base}/</link><description>News</description>{items}</channel></rss>"
    )
