"""Pick the sentences that best sum up an article, and the voices it quotes."""

from __future__ import annotations

import math
import re

from knowledge.models import Article, Quote, StoredArticle, Voice
from knowledge.summarize.vectors import Vector, centroid, cosine, count_vector, terms, tfidf_vectors
from knowledge.text.furniture import BOILERPLATE_SENTENCE

DEFAULT_SENTENCES = 3
MAX_SENTENCES = 10

# Weights of a sentence's score, tuned on the shared pages with benchmarks/summary_eval.py
# (re-run it after any change): news puts the point first, so position weighs most.
POSITION_WEIGHT = 1.0
POSITION_DECAY = 0.5  # position score of the k-th standalone sentence: 1 / k ** POSITION_DECAY
HEADLINE_WEIGHT = 0.5
CENTRALITY_WEIGHT = 1.0
QUOTED_PENALTY = 0.6  # times the share of the sentence inside quotation marks
DANGLING_PENALTY = 0.1  # a sentence opening with "He", "But", "It" leans on the one before
REDUNDANCY = 0.5  # weight of the similarity to sentences already chosen (maximal marginal relevance)
DUPLICATE = 0.6  # a sentence this similar to a chosen one is never added
MIN_WORDS = 6  # shorter sentences are fragments ("The verdict?")
STANDFIRST_WORDS = 10  # an unpunctuated first line this long is a standfirst, not a heading
HEADLINE_VOICE = 2  # a speaker named in the headline counts as quoted this many times more
LONG_WORDS = 20  # longer sentences read as paragraphs; they lose a little
LENGTH_PENALTY = 0.4  # what a sentence twice LONG_WORDS long loses (less for shorter ones)

_QUOTE_OPENERS = "\"“«„‘'"
# Words that make a sentence lean on the one before it.
_DANGLING = frozenset(
    "he she it they this that these those his her its their him them but however also so yet still "
    "meanwhile instead then there such".split()
)
_CONJUNCTIONS = ("and ", "but ", "or ", "so ", "yet ", "then ")
# "GLENMOOR, N.S. – ", "PORTVALE — " or "Portvale (Gazette) - " at the start of a story.
_DATELINE = re.compile(
    r"^(?P<place>[A-Z][\w.'’-]*(?:[ ,]+[A-Z][\w.'’-]*){0,4})\s*(?:\([^)]{1,30}\))?\s*(?:[–—]|--?)\s+(?=[A-Z“\"‘'])"
)
_WORD = re.compile(r"[^\W_]+")


def summarize(article: Article, count: int = DEFAULT_SENTENCES) -> list[int]:
    """Return the indices of up to ``count`` (1 to 10) summary sentences, in article order.

    Extractive: each sentence is taken verbatim. A sentence scores for its position among
    the sentences that can stand alone (news puts the point first), its share of the
    headline's terms, and its centrality (how close it is to the story as a whole); quotes,
    sentences that lean on the one before, and near-duplicates of a chosen one lose.
    Boilerplate, captions, headings and quote-only fragments are never chosen.
    """
    count = max(1, min(count, MAX_SENTENCES))
    sentences = article.sentences
    if not sentences:
        return []
    candidates = [i for i, s in enumerate(sentences) if is_candidate(s, first=i == 0, title=article.title)]
    if not candidates:
        candidates = [i for i, s in enumerate(sentences) if not _is_boilerplate(s)]  # short ones, then
    vectors = tfidf_vectors([terms(s) for s in sentences])
    story = centroid(vectors)
    title = set(terms(article.title))
    relevance: dict[int, float] = {}
    for rank, i in enumerate(candidates):
        words = len(sentences[i].split())
        position = 1.0 / (1 + rank) ** POSITION_DECAY
        headline = len(title & vectors[i].keys()) / len(title) if title else 0.0
        centrality = cosine(vectors[i], story)
        score = POSITION_WEIGHT * position + HEADLINE_WEIGHT * headline + CENTRALITY_WEIGHT * centrality
        score -= QUOTED_PENALTY * quoted_share(sentences[i])
        if rank and _leans_on_previous(sentences[i]):
            score -= DANGLING_PENALTY
        score -= LENGTH_PENALTY * min(1.0, max(0, words - LONG_WORDS) / LONG_WORDS)
        relevance[i] = score
    chosen: list[int] = []
    while len(chosen) < count:
        best, best_score = None, -math.inf
        for i, score in relevance.items():
            if i in chosen:
                continue
            overlap = max((cosine(vectors[i], vectors[j]) for j in chosen), default=0.0)
            if overlap > DUPLICATE:
                continue
            if score - REDUNDANCY * overlap > best_score:
                best, best_score = i, score - REDUNDANCY * overlap
        if best is None:
            break
        chosen.append(best)
    return sorted(chosen)


def summary_sentence(article: Article, index: int) -> str:
    """Sentence ``index`` as a summary shows it: verbatim, without the dateline that opens a story."""
    sentence = article.sentences[index]
    return strip_dateline(sentence) if index == 0 else sentence


def strip_dateline(sentence: str) -> str:
    """Drop a leading dateline ("GLENMOOR, N.S. — ", "Portvale – ") from the first sentence of a story."""
    match = _DATELINE.match(sentence)
    if not match:
        return sentence
    place = match.group("place")
    rest = sentence[match.end() :]
    if len(place.split()) > 5 or len(rest.split()) < MIN_WORDS:
        return sentence
    return rest


def is_candidate(sentence: str, *, first: bool = False, title: str = "") -> bool:
    """Whether ``sentence`` can stand in a summary: no boilerplate, heading, caption or quote-only fragment."""
    text = sentence.strip()
    words = text.split()
    if len(words) < MIN_WORDS or _is_boilerplate(text):
        return False
    if text[0] in _QUOTE_OPENERS or text[0].islower():
        return False  # a summary states; it does not open on someone's words or mid-sentence
    if text.endswith(("?", ":", "…")) or text.rstrip("”\"’'").endswith("?"):
        return False  # questions and lines introducing an embed or a list
    if not text.rstrip("”\"’')").endswith((".", "!")):
        if not (first and len(words) >= STANDFIRST_WORDS):
            return False  # headings, list items, related links, captions
    letters = [c for c in text if c.isalpha()]
    if letters and sum(c.isupper() for c in letters) > 0.6 * len(letters):
        return False  # a heading in capitals
    return not (title and terms(text) == terms(title))


def quoted_share(sentence: str) -> float:
    """The share of a sentence's characters inside double quotation marks."""
    inside, depth, total = 0, False, 0
    for char in sentence:
        if char in '“”"':
            depth = char == "“" or (char == '"' and not depth)
            continue
        total += 1
        inside += depth
    return inside / total if total else 0.0


def key_voices(article: StoredArticle, limit: int = 5) -> list[Voice]:
    """The people and organisations an article quotes, each with the quote that best carries their point.

    People come before organisations, then the most prominent: quoted most, a name in the headline
    counting as ``HEADLINE_VOICE`` quotes more.
    The best quote is a direct one that stands on its own (readable length, not a question, not
    opening on "And" or "He") and shares most with the story's central terms; a speaker quoted
    only in reported speech keeps no sample.
    """
    story = centroid(tfidf_vectors([terms(s) for s in article.sentences]))
    headline = set(terms(article.title))
    ranked: list[tuple[tuple[bool, bool, int, int], Voice]] = []
    for speaker in article.speakers:
        said = [q for q in article.quotes if q.speaker == speaker.name]
        if not said or speaker.kind == "unnamed":
            continue
        best = max(
            (q for q in said if q.kind in ("direct", "partial")),
            key=lambda q: _quote_score(q, story),
            default=None,
        )
        voice = Voice(speaker, article.id, len(said), best.text if best else None, article.url)
        # The name and one-word aliases: a longer alias may carry a role ("Envoy to Ruritania Ann Lee").
        names = [speaker.name, *(a for a in speaker.aliases if " " not in a)]
        named = bool(headline & set(terms(" ".join(names))))
        first = min(q.sentence for q in said)
        prominence = len(said) + (HEADLINE_VOICE if named else 0)
        ranked.append(((speaker.kind != "person", best is None, -prominence, first), voice))
    ranked.sort(key=lambda item: item[0])
    return [voice for _, voice in ranked[:limit]]


def _quote_score(quote: Quote, story: Vector) -> float:
    text = quote.text.strip()
    words = len(text.split())
    score = 1.0 if 8 <= words <= 40 else 0.6 if 4 <= words <= 60 else 0.2
    score *= 1.0 if quote.kind == "direct" else 0.8
    if text.lower().startswith(_CONJUNCTIONS):
        score -= 0.3  # needs the words before it
    if text.rstrip("”\"’'").endswith("?"):
        score -= 0.3  # a question rarely carries the speaker's point
    return score + cosine(count_vector(terms(text)), story) - 0.001 * quote.sentence


def _is_boilerplate(sentence: str) -> bool:
    return BOILERPLATE_SENTENCE.search(sentence) is not None


def _leans_on_previous(sentence: str) -> bool:
    first = _WORD.match(sentence.lower())
    return first is not None and first.group() in _DANGLING
