"""Score how well a question's words, a quoted fragment or a name match article text."""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Sequence

from rapidfuzz import fuzz, process

from knowledge.lexicon import STOPWORDS, TITLES
from knowledge.models import Speaker

_QUESTION_WORDS = frozenset(
    [
        "what",
        "when",
        "where",
        "which",
        "who",
        "whom",
        "whose",
        "why",
        "how",
        "many",
        "much",
        "did",
        "does",
        "do",
        "is",
        "are",
        "was",
        "were",
        "has",
        "have",
        "had",
        "article",
        "story",
        "report",
        "tell",
        "me",
        "please",
        "according",
    ]
)


def normalize(text: str) -> str:
    """Lowercase, fold accents and curly marks, drop punctuation, collapse spaces."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.lower().replace("’", "'").replace("‘", "'")
    text = re.sub(r"'s\b", "", text)
    return re.sub(r"[^\w]+", " ", text).strip()


def content_words(text: str) -> list[str]:
    """The words of ``text`` that carry meaning (no stop or question words)."""
    return [w for w in normalize(text).split() if w not in STOPWORDS and w not in _QUESTION_WORDS]


def fragment_score(fragment: str, text: str) -> float:
    """How surely ``text`` contains ``fragment``, typed loosely (0..1).

    Half alignment (rapidfuzz partial_ratio: the fragment as a near-substring), half
    coverage (the share of the fragment's words found, each allowing a typo), so missing
    words, typos and small reorderings all still score high.
    """
    query, target = normalize(fragment), normalize(text)
    if not query or not target:
        return 0.0
    alignment = fuzz.partial_ratio(query, target) / 100
    return 0.5 * alignment + 0.5 * word_coverage(query.split(), target.split())


def word_coverage(words: Sequence[str], target: Sequence[str]) -> float:
    """The share of ``words`` present in ``target``, counting stems and typos a little less."""
    if not words:
        return 0.0
    vocabulary = list(set(target))
    return sum(_presence(word, vocabulary) for word in words) / len(words)


def name_score(query: str, speaker: Speaker) -> float:
    """How well ``query`` ("Sokov", "Nikolai Sokov", "N. Sokov", "Sokof") names ``speaker`` (0..1)."""
    query = _strip_title(normalize(query))
    if not query:
        return 0.0
    best = 0.0
    for form in {speaker.name, *speaker.aliases}:
        name = _strip_title(normalize(form))
        tokens = name.split()
        candidates = [name, tokens[-1]] if tokens else [name]
        if len(tokens) > 1:
            candidates.append(f"{tokens[0][0]} {tokens[-1]}")  # initials: "n sokov"
        for candidate in candidates:
            best = max(best, fuzz.ratio(query, candidate) / 100)
        if len(query.split()) > 1:
            best = max(best, fuzz.token_set_ratio(query, name) / 100 - 0.05)
    return best


def _strip_title(name: str) -> str:
    words = name.split()
    while len(words) > 1 and words[0] in TITLES:
        words = words[1:]
    return " ".join(words)


class SentenceRanker:
    """BM25-style weighting of question words over a set of sentences."""

    def __init__(self, sentences: Sequence[str]) -> None:
        self.sentences = [content_words(s) for s in sentences]
        frequency: Counter[str] = Counter()
        for words in self.sentences:
            frequency.update(set(words))
        total = max(len(self.sentences), 1)
        self.idf = {w: math.log(1 + (total - n + 0.5) / (n + 0.5)) for w, n in frequency.items()}
        self.default_idf = math.log(1 + (total + 0.5) / 0.5)
        self.average = sum(len(w) for w in self.sentences) / total if self.sentences else 1.0

    def coverage(self, question: Sequence[str], index: int) -> float:
        """The IDF-weighted share of the question's words that sentence ``index`` holds (0..1)."""
        words = self.sentences[index]
        if not question:
            return 0.0
        total = sum(self._idf(w) for w in question)
        found = sum(self._idf(w) * _presence(w, words) for w in question)
        return found / total if total else 0.0

    def rank(self, question: Sequence[str], limit: int = 5) -> list[tuple[int, float]]:
        """The best sentences for ``question`` as (index, coverage), best first."""
        scored = [(i, self.coverage(question, i)) for i in range(len(self.sentences))]
        scored = [(i, s) for i, s in scored if s > 0]
        scored.sort(key=lambda item: (-item[1], len(self.sentences[item[0]])))
        return scored[:limit]

    def _idf(self, word: str) -> float:
        return self.idf.get(word, self.default_idf)


def _presence(word: str, words: Sequence[str]) -> float:
    """1 for the word itself, less for the same stem or a typo, else 0."""
    if word in words:
        return 1.0
    stem = word[:5] if len(word) > 5 else None
    if stem and any(w.startswith(stem) for w in words):
        return 0.8
    if len(word) > 3 and process.extractOne(word, words, scorer=fuzz.ratio, score_cutoff=80):
        return 0.8
    return 0.0
