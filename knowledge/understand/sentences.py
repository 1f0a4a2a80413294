"""Split paragraphs into sentences without breaking at abbreviations, initials or inside quotes."""

from __future__ import annotations

import re

ABBREVIATIONS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "sr",
        "jr",
        "st",
        "mt",
        "gen",
        "lt",
        "col",
        "capt",
        "sgt",
        "cpl",
        "adm",
        "gov",
        "sen",
        "rep",
        "rev",
        "hon",
        "pres",
        "u.s",
        "u.k",
        "u.n",
        "e.u",
        "no",
        "nos",
        "vol",
        "inc",
        "corp",
        "co",
        "ltd",
        "llc",
        "vs",
        "etc",
        "e.g",
        "i.e",
        "approx",
        "dept",
        "est",
        "fig",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "a.m",
        "p.m",
        "ph.d",
        "b.a",
        "m.a",
        "d.c",
        "n.y",
        "l.a",
        "calif",
        "fla",
        "tex",
        "wash",
        "mass",
        "ariz",
        "colo",
        "conn",
        "ill",
        "ind",
        "kan",
        "mich",
        "minn",
        "miss",
        "mo",
        "neb",
        "nev",
        "okla",
        "ore",
        "pa",
        "tenn",
        "va",
        "wis",
        "wyo",
        "ave",
        "blvd",
        # ranks and titles that stand before a name ("Brig. Gen. Pat Ryder", "Supt. Ray Hall")
        "brig",
        "maj",
        "supt",
        "insp",
        "det",
        "cmdr",
        "cdr",
        "atty",
        "msgr",
        "fr",
        "pvt",
        "spc",
        "sens",
        "reps",
        "govs",
        "ret",
    ]
)
# A candidate boundary: terminal punctuation, any closing quotes or brackets, then a space.
_BOUNDARY = re.compile(r"[.!?…]+[\"'”’»)\]]*\s+")
_NEXT_STARTS_SENTENCE = re.compile(r"[\"'“‘«(\[]{0,2}[A-Z0-9]")


def split_sentences(paragraph: str) -> list[str]:
    """Return the sentences of one paragraph, in order, stripped.

    A boundary is terminal punctuation (with any closing quotation marks) followed by
    a capital letter, a digit or an opening quotation mark; a period after a known
    abbreviation or a single initial ("M. V. Ramana") is not a boundary.
    """
    sentences: list[str] = []
    start = 0
    for match in _BOUNDARY.finditer(paragraph):
        end = match.end()
        if not _NEXT_STARTS_SENTENCE.match(paragraph, end):
            continue
        if _ends_with_abbreviation(paragraph[start : match.start() + 1]):
            continue
        sentences.append(paragraph[start:end].strip())
        start = end
    tail = paragraph[start:].strip()
    if tail:
        sentences.append(tail)
    return sentences


def _ends_with_abbreviation(text: str) -> bool:
    if not text.endswith("."):
        return False
    word = re.split(r"[\s(\"“‘']", text[:-1])[-1]
    if len(word) == 1 and word.isalpha() and word.isupper():
        return True  # an initial: "M. V. Ramana", "Jane Q. Smith"
    if word.lower() in ABBREVIATIONS or word.rsplit("-", 1)[-1].lower() in ABBREVIATIONS:
        return True  # "Gov.", and "then-Rep." before a name
    return re.fullmatch(r"(?:[A-Za-z]\.)+[A-Za-z]", word) is not None
