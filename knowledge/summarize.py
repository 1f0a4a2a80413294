"""Pick the sentences that best sum up an article, and the voices it quotes."""

from __future__ import annotations

import re

from rapidfuzz import fuzz

from knowledge.models import Article, Voice
from knowledge.search import content_words

MIN_WORDS = 8  # shorter sentences are rarely self-contained (captions, fragments)


def summarize(article: Article, count: int = 3) -> list[int]:
    """Return the indices of ``count`` summary sentences, in article order.

    Extractive: each sentence is taken verbatim. A sentence scores for its position
    (news puts the point first), its share of the headline's words, and its centrality
    (how much of the story it shares words with); near-duplicates of a chosen sentence
    are skipped.
    """
    count = max(1, min(count, 10))
    sentences = article.sentences
    candidates = [i for i, s in enumerate(sentences) if _is_candidate(s)] or list(range(len(sentences)))
    title = set(content_words(article.title))
    words = [set(content_words(s)) for s in sentences]
    everything = set().union(*words) if words else set()
    scores: dict[int, float] = {}
    for i in candidates:
        position = 1.0 / (1 + i) ** 0.5
        headline = len(words[i] & title) / len(title) if title else 0.0
        centrality = sum(len(words[i] & other) > 1 for other in words) / max(len(words), 1)
        scores[i] = 1.2 * position + 0.8 * headline + 0.6 * centrality + 0.1 * len(words[i] & everything) / 40
    chosen: list[int] = []
    for i in sorted(scores, key=lambda k: -scores[k]):
        if any(fuzz.token_set_ratio(sentences[i], sentences[j]) > 80 for j in chosen):
            continue
        chosen.append(i)
        if len(chosen) == count:
            break
    return sorted(chosen)


def key_voices(article: Article, limit: int = 5) -> list[Voice]:
    """The people and organisations quoted most, each with their first quotation (if any)."""
    voices: list[Voice] = []
    for speaker in article.speakers:
        said = [q for q in article.quotes if q.speaker == speaker.name]
        if not said or speaker.kind == "unnamed":
            continue
        direct = [q for q in said if q.kind == "direct"] or [q for q in said if q.kind == "partial"]
        voices.append(
            Voice(
                speaker=speaker,
                article_id=article.id or 0,
                quotes=len(said),
                sample=direct[0].text if direct else None,
            )
        )
    voices.sort(key=lambda v: (v.speaker.kind != "person", -v.quotes))
    return voices[:limit]


def _is_candidate(sentence: str) -> bool:
    if len(sentence.split()) < MIN_WORDS:
        return False
    return re.match(r"^[\"“«‘]", sentence) is None  # a summary states, it does not quote
