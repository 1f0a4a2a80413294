"""An article's sentence and quote vectors: made by an encoder, packed small for the database, searched."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from knowledge.meaning.encoder import Encoder
from knowledge.models import Article

# Unit vectors are kept as signed bytes: each component times 127, rounded. The cosine moves by well under
# 0.01, and 384 dimensions take 384 bytes a sentence.
_SCALE = 127.0


@dataclass(frozen=True, slots=True, eq=False)
class ArticleVectors:
    """The vectors of one article's sentences and quotes, in their order, and the model that made them."""

    model: str
    sentences: np.ndarray  # one row per sentence
    quotes: np.ndarray  # one row per quote

    @property
    def centre(self) -> np.ndarray:
        """The article as one unit vector: the mean of its sentences' (to find the articles a question is
        about when it shares no word with them)."""
        if self.sentences.size == 0:
            return np.zeros(self.quotes.shape[-1] if self.quotes.size else 0, dtype=np.float32)
        mean = self.sentences.mean(axis=0)
        norm = float(np.linalg.norm(mean))
        return mean / norm if norm else mean


def embed_article(article: Article, encoder: Encoder) -> ArticleVectors:
    """Encode every sentence and quote of an article (one batch)."""
    texts = [*article.sentences, *(q.text for q in article.quotes)]
    matrix = encoder.passages(texts)
    count = len(article.sentences)
    return ArticleVectors(encoder.name, matrix[:count], matrix[count:])


def pack(matrix: np.ndarray) -> bytes:
    """Rows of unit vectors as signed bytes."""
    return np.clip(np.rint(matrix * _SCALE), -127, 127).astype(np.int8).tobytes()


def unpack(blob: bytes, dim: int) -> np.ndarray:
    """The rows ``pack`` made, as float32 (nearly unit length)."""
    return np.frombuffer(blob, dtype=np.int8).reshape(-1, dim).astype(np.float32) / _SCALE


def similarities(query: np.ndarray, matrix: np.ndarray) -> np.ndarray:
    """The cosine of the query with each row (rows and query of unit length)."""
    if matrix.size == 0:
        return np.zeros(0, dtype=np.float32)
    return matrix @ query


def best(scores: np.ndarray, limit: int) -> Sequence[int]:
    """The indices of the ``limit`` highest scores, highest first."""
    if limit >= len(scores):
        return [int(i) for i in np.argsort(-scores)]
    top = np.argpartition(-scores, limit)[:limit]
    return [int(i) for i in top[np.argsort(-scores[top])]]
