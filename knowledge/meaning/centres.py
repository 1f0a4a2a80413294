"""Find the articles a question is about by meaning alone: each article's centre vector, searched in memory."""

from __future__ import annotations

import threading
from collections.abc import Iterable

import numpy as np

from knowledge.meaning.vectors import best


class CentreIndex:
    """Every article's centre vector as one matrix; articles are added as their vectors are made.

    An article removed or remade keeps its old row until the process restarts: it only brings a candidate
    whose vectors are then not found (or are the new ones), never a wrong answer.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._ids = np.zeros(0, dtype=np.int64)
        self._matrix: np.ndarray | None = None
        self.last_id = 0  # the highest article number added

    def add(self, rows: Iterable[tuple[int, np.ndarray]]) -> None:
        """Add articles' centres (in increasing article order)."""
        rows = list(rows)
        if not rows:
            return
        ids = np.array([i for i, _ in rows], dtype=np.int64)
        matrix = np.stack([v for _, v in rows]).astype(np.float32)
        with self._lock:
            self._ids = np.concatenate([self._ids, ids])
            self._matrix = matrix if self._matrix is None else np.concatenate([self._matrix, matrix])
            self.last_id = max(self.last_id, int(ids.max()))

    def nearest(self, query: np.ndarray, limit: int) -> list[int]:
        """The ``limit`` articles whose centre is closest to ``query``, closest first."""
        with self._lock:
            if self._matrix is None:
                return []
            scores = self._matrix @ query
            return [int(self._ids[i]) for i in best(scores, limit)]
