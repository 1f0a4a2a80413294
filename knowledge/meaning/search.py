"""How close in meaning a question is to each sentence and quote of the articles at hand (cosine similarity)."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from knowledge.meaning.encoder import Encoder
from knowledge.meaning.vectors import ArticleVectors, similarities


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

    def remember(self, text: str, vector: np.ndarray) -> None:
        """Use an already encoded question's vector."""
        self._asked[text] = vector

    def sentences(self, text: str, article_id: int) -> np.ndarray | None:
        """The cosine of ``text`` with each sentence of the article; None when it has no vectors."""
        vectors = self._of(article_id)
        return None if vectors is None else similarities(self.question(text), vectors.sentences)

    def quotes(self, text: str, article_id: int) -> np.ndarray | None:
        """The cosine of ``text`` with each quote of the article; None when it has no vectors."""
        vectors = self._of(article_id)
        return None if vectors is None else similarities(self.question(text), vectors.quotes)
