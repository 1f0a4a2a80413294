"""TF-IDF term vectors for sentences and articles, and the cosine similarity between them."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence

from knowledge.text.terms import content_words, light_stem

Vector = dict[str, float]


def terms(text: str) -> list[str]:
    """The meaningful words of ``text``, lowercased and lightly stemmed ("voted" and "votes" -> "vot")."""
    return [light_stem(w) for w in content_words(text) if len(w) > 1 or w.isdigit()]


def tfidf_vectors(documents: Sequence[Sequence[str]]) -> list[Vector]:
    """One unit-length TF-IDF vector per document (a list of terms), IDF taken over ``documents``."""
    frequency = Counter(term for document in documents for term in set(document))
    total = len(documents)
    vectors = []
    for document in documents:
        counts = Counter(document)
        vector = {t: (1 + math.log(c)) * math.log(1 + total / frequency[t]) for t, c in counts.items()}
        vectors.append(normalise(vector))
    return vectors


def count_vector(document: Sequence[str]) -> Vector:
    """A unit-length vector of raw term counts."""
    return normalise({t: float(c) for t, c in Counter(document).items()})


def centroid(vectors: Sequence[Vector]) -> Vector:
    """The unit-length sum of ``vectors``: what they share most."""
    total: Vector = {}
    for vector in vectors:
        for term, value in vector.items():
            total[term] = total.get(term, 0.0) + value
    return normalise(total)


def normalise(vector: Vector) -> Vector:
    """``vector`` scaled to unit length (an empty vector stays empty)."""
    norm = math.sqrt(sum(v * v for v in vector.values()))
    return {t: v / norm for t, v in vector.items()} if norm else {}


def cosine(first: Vector, second: Vector) -> float:
    """The cosine similarity of two unit-length vectors."""
    if len(first) > len(second):
        first, second = second, first
    return sum(v * second.get(t, 0.0) for t, v in first.items())
