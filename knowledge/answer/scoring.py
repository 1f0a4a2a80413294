"""Scoring pieces the families of questions share: a ranked passage, term weights, quotation marks."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from knowledge.answer.corpus import Corpus
from knowledge.models import Passage
from knowledge.text.matching import idf, is_number_word
from knowledge.text.terms import related_terms

QUOTATION = re.compile(r"[\"“”«»]")  # a sentence holding one of these holds a quote


class Scored(NamedTuple):
    """A candidate passage with its raw score (higher is a surer answer); unpacks as ``score, passage``."""

    score: float
    passage: Passage


def standing(similar: Sequence[tuple[float, Passage]]) -> list[Scored]:
    """Each passage found by meaning scored by how many standard deviations its cosine stands above the mean
    of all of them (a cosine alone says little: every sentence of an article is somewhat close to a
    question about it), in the same order."""
    if not similar:
        return []
    cosines = [cosine for cosine, _ in similar]
    mean = sum(cosines) / len(cosines)
    spread = (sum((c - mean) ** 2 for c in cosines) / len(cosines)) ** 0.5 or 1.0
    return [Scored((cosine - mean) / spread, passage) for cosine, passage in similar]


def term_weights(terms: Iterable[str], corpus: Corpus) -> dict[str, float]:
    """Each term's IDF; number words weigh less (articles write numbers many ways)."""
    wanted = set(terms)
    wanted |= {r for t in wanted for r in related_terms(t)}
    frequencies, total = corpus.term_frequencies(wanted)
    return {
        t: idf(frequencies.get(t, 0), max(total, 1)) * (0.3 if is_number_word(t) else 1.0) for t in wanted
    }
