"""How close in meaning a question is to each sentence and quote of the articles at hand (cosine similarity)."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from knowledge.meaning.encoder import Encoder
from knowledge.meaning.vectors import ArticleVectors, similarities


class Meaning:
    """An encoder and the stored vectors of some articles; each question is encoded once."""

    def __init__(self, encoder: Encoder, vectors: Mapping[int, ArticleVectors]) -> None:
        self.encoder = encoder
        self.vectors = dict(vectors)
        self._asked: dict[str, np.ndarray] = {}

    def question(self, text: str) -> np.ndarray:
        """The question's vector (encoded on first use)."""
        if text not in self._asked:
            self._asked[text] = self.encoder.query(text)
        return self._asked[text]

    def sentences(self, text: str, article_id: int) -> np.ndarray | None:
        """The cosine of ``text`` with each sentence of the article; None when it has no vectors."""
        vectors = self.vectors.get(article_id)
        return None if vectors is None else similarities(self.question(text), vectors.sentences)

    def quotes(self, text: str, article_id: int) -> np.ndarray | None:
        """The cosine of ``text`` with each quote of the article; None when it has no vectors."""
        vectors = self.vectors.get(article_id)
        return None if vectors is None else similarities(self.question(text), vectors.quotes)
