"""Scoring pieces the families of questions share: a ranked passage, term weights, quotation marks."""

from __future__ import annotations

import re
from collections.abc import Iterable
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


def term_weights(terms: Iterable[str], corpus: Corpus) -> dict[str, float]:
    """Each term's IDF; number words weigh less (articles write numbers many ways)."""
    wanted = set(terms)
    wanted |= {r for t in wanted for r in related_terms(t)}
    frequencies, total = corpus.term_frequencies(wanted)
    return {
        t: idf(frequencies.get(t, 0), max(total, 1)) * (0.3 if is_number_word(t) else 1.0) for t in wanted
    }
