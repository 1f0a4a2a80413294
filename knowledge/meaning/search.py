"""How close in meaning a question is to each sentence and quote of the articles at hand (cosine similarity)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from itertools import groupby

import numpy as np

from knowledge.meaning.encoder import Encoder
from knowledge.meaning.vectors import ArticleVectors, similarities
from knowledge.models import Passage


class Meaning:
    """An encoder and the vectors of some articles, fetched (by ``load``) when first needed; each question
    is encoded once, and only when it is matched by meaning."""

    def __init__(self, encoder: Encoder, load: Callable[[int], ArticleVectors | None]) -> None:
        self.encoder = encoder
        self._load = load
        self._vectors: dict[int, ArticleVectors | None] = {}
        self._asked: dict[str, np.ndarray] = {}

    def _of(self, article_id: int) -> ArticleVectors | None:
        if article_id not in self._vectors:
            self._vectors[article_id] = self._load(article_id)
        return self._vectors[article_id]

    def question(self, text: str) -> np.ndarray:
        """The question's vector (encoded on first use)."""
        if text not in self._asked:
            self._asked[text] = self.encoder.query(text)
        return self._asked[text]

    def sentences(self, text: str, article_id: int) -> np.ndarray | None:
        """The cosine of ``text`` with each sentence of the article; None when it has no vectors."""
        vectors = self._of(article_id)
        return None if vectors is None else similarities(self.question(text), vectors.sentences)

    def quotes(self, text: str, article_id: int) -> np.ndarray | None:
        """The cosine of ``text`` with each quote of the article; None when it has no vectors."""
        vectors = self._of(article_id)
        return None if vectors is None else similarities(self.question(text), vectors.quotes)

    def closest(
        self, text: str, passages: Sequence[Passage], *, quotes: bool, limit: int
    ) -> list[tuple[float, Passage]]:
        """The ``limit`` passages closest in meaning to ``text``, with their cosine, closest first.

        ``passages`` are an article's sentences (or its quotes, with ``quotes``) in article order, one
        article after another; an article without vectors (or whose vectors no longer fit) is left out."""
        found: list[tuple[float, Passage]] = []
        for article_id, group in groupby(passages, key=lambda p: p.article_id):
            own = list(group)
            cosines = (self.quotes if quotes else self.sentences)(text, article_id)
            if cosines is not None and len(cosines) == len(own):
                found.extend((float(c), p) for c, p in zip(cosines, own, strict=True))
        found.sort(key=lambda item: -item[0])
        return found[:limit]
