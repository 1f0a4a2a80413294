"""Score how well a question, a loosely typed fragment, a name or a role description matches a text."""

from __future__ import annotations

import math
import re
from collections.abc import Collection, Mapping, Sequence
from functools import lru_cache

from rapidfuzz import fuzz, process

from knowledge.models import Speaker
from knowledge.text.lexicon import (
    IGNORED_TITLES,
    QUESTION_WORDS,
    ROLE_NOUNS,
    ROLE_SYNONYMS,
    STOPWORDS,
    TITLE_ROLES,
)
from knowledge.text.terms import lemma, normalize, related_terms

_NUMBER_WORDS = frozenset(
    "one two three four five six seven eight nine ten eleven twelve dozen hundr thousand million billion both"
    " first second third".split()
)

# Abbreviations of roles, each with what it stands for (a reader's "vp" for an article's "vice president").
_ROLE_ABBREVIATIONS: tuple[tuple[str, ...], ...] = (
    ("vp", "vice president"),
    ("svp", "senior vice president"),
    ("exec", "executive", "execs", "executives"),
    ("ceo", "chief executive", "chief executive officer"),
    ("cfo", "chief financial officer"),
    ("coo", "chief operating officer"),
    ("cto", "chief technology officer"),
    ("gov", "governor"),
    ("sen", "senator"),
    ("rep", "representative", "congressman", "congresswoman"),
    ("ag", "attorney general"),
    ("pm", "prime minister"),
    ("fed", "federal reserve"),
    ("da", "district attorney"),
)
_OWNER = 0.3  # "X's lawyer": a role that does not mention X fits this share as well
_DESCRIPTION = re.compile(r"^(?:the|a|an|his|her|their|its|our|my|your)\s|['’]s?\s", re.I)
_ROLE_VOCABULARY = frozenset({*ROLE_NOUNS, *IGNORED_TITLES, *(t.lower() for t in TITLE_ROLES)})


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
    return sum(presence(word, vocabulary) for word in words) / len(words)


def weighted_coverage(
    terms: Sequence[str],
    target: Collection[str],
    weights: Mapping[str, float],
    *,
    background: Collection[str] = (),
) -> float:
    """The weighted share of ``terms`` that ``target`` holds (0..1).

    A related word or a typo counts 0.8; a term only in ``background`` (the article's title: what
    a sentence is about without naming it, "its 25 locations") counts half.
    """
    total = found = 0.0
    vocabulary = list(target)
    for term in terms:
        weight = weights.get(term, 1.0)
        total += weight
        hit = presence(term, vocabulary)
        if hit < 1.0 and any(r in target for r in related_terms(term)):
            hit = 0.8
        if hit < 0.5 and background and presence(term, list(background)):
            hit = 0.5
        found += weight * hit
    return found / total if total else 0.0


def idf(document_frequency: int, documents: int) -> float:
    """BM25's inverse document frequency: rare terms weigh more than common ones."""
    return math.log(1 + (documents - document_frequency + 0.5) / (document_frequency + 0.5))


def is_number_word(term: str) -> bool:
    """Whether a term is a number ("25", "two", "dozen"): weak evidence, as articles write numbers many ways."""
    return term.isdigit() or term in _NUMBER_WORDS


def name_score(query: str, speaker: Speaker) -> float:
    """How well ``query`` ("Sokov", "Nikolai Sokov", "N. Sokov", "Sokof") names ``speaker`` (0..1).

    One word is read as a surname (or a one-word name), scoring by its similarity; a first
    name alone scores less (a weaker clue). Several words are read as first name and surname,
    both of which must fit ("Oksar Ostrowski" is Oskar Ostrowski, not Elena Ostrowski); an
    initial fits any first name it starts; a part of a longer name ("Dick Clark" for "Dick Clark
    Productions") fits nearly as well as the whole.
    """
    asked = list(name_tokens(query))
    if not asked:
        return 0.0
    best = 0.0
    for form in {speaker.name, *speaker.aliases}:
        tokens = list(name_tokens(form))
        if not tokens:
            continue
        if len(asked) == 1:
            best = max(best, _ratio(asked[0], tokens[-1]), _ratio(asked[0], " ".join(tokens)))
            if len(tokens) > 1:
                best = max(best, _ratio(asked[0], " ".join(tokens[1:])), 0.85 * _ratio(asked[0], tokens[0]))
            continue
        best = max(best, _ratio(" ".join(asked), " ".join(tokens)))
        if len(tokens) > 1:
            first = (
                1.0 if len(asked[0]) == 1 and tokens[0].startswith(asked[0]) else _ratio(asked[0], tokens[0])
            )
            last = _ratio(" ".join(asked[1:]), " ".join(tokens[1:]))
            best = max(best, 0.55 * last + 0.45 * first)
        if len(tokens) > len(asked) and set(asked) <= set(tokens):
            best = max(best, 0.95)
    return best


def role_score(description: str, speaker: Speaker) -> float:
    """How well a description ("the police commissioner", "Eloise's mom", "the spokesman") fits
    ``speaker``'s role and the title words of their name (0..1).

    Every word of the description (after a possessor: "Eloise's mom" asks for a mother) must be in the role,
    the name or an alias, as itself, an inflection, a typo or a role synonym ("press secretary" for
    "spokesman", "Dr." for "doctor"); else 0. Then the score is the share of the role's words the
    description covers, so "the president" fits a plain "President" better than "executive vice president
    of a think tank". A possessor the role also names ("Carlineo's lawyer" for "Carlineo's attorney") counts
    as covered; a role that does not name the possessor fits only ``_OWNER`` as well.
    """
    asked = described_words(description)
    if not asked:
        return 0.0
    role = normalize(speaker.role or "")
    text = " ".join([role, *(normalize(n) for n in (speaker.name, *speaker.aliases))])
    words = text.split()
    stems = [lemma(w) for w in words]
    padded = f" {text} "
    covered = 0
    for word in asked:
        options = role_options(word)
        if not any(f" {o} " in padded for o in options) and not presence(lemma(word), stems):
            return 0.0
        covered += 1
    owner = _owner_words(description)
    named = [w for w in owner if presence(lemma(w), stems)]
    role_words = [w for w in (role or strip_title(normalize(speaker.name))).split() if w not in STOPWORDS]
    fit = min(1.0, (covered + len(named)) / max(len(role_words), 1))
    return fit * _OWNER if owner and not named else fit


def described_words(description: str) -> list[str]:
    """The words of a description a role must hold: those after a possessor, without function words;
    a spelt-out role that has an abbreviation is one word ("vice president" -> "vp")."""
    head = re.split(r"['’]s?\s+", description)[-1]
    text = f" {normalize(head)} "
    for group in _ROLE_ABBREVIATIONS:
        for phrase in group[1:]:
            if " " in phrase:
                text = text.replace(f" {phrase} ", f" {group[0]} ")
    return [w for w in text.split() if w not in STOPWORDS and w not in QUESTION_WORDS]


def describes_role(description: str) -> bool:
    """Whether what a reader asked about reads as a description ("the spokesman", "Eloise's mom",
    "police commissioner") rather than a name: a determiner or a possessor, or a role word in it."""
    if _DESCRIPTION.search(description.strip()):
        return True
    return any(
        w in _ROLE_VOCABULARY or w.rstrip("s") in _ROLE_VOCABULARY or len(role_options(w)) > 1
        for w in described_words(description)
    )


def role_options(word: str) -> tuple[str, ...]:
    """A described word with the other ways a role may write it (synonyms, abbreviations), itself last."""
    return _ROLE_ALTERNATIVES.get(word, ()) + (word,)


def _owner_words(description: str) -> list[str]:
    """The possessor's words in a description ("carlineo" in "Carlineo's lawyer"), if it has one."""
    parts = re.split(r"['’]s?\s+", description)
    if len(parts) < 2:
        return []
    return [
        w for w in normalize(" ".join(parts[:-1])).split() if w not in STOPWORDS and w not in QUESTION_WORDS
    ]


def _alternatives(groups: Sequence[Sequence[str]]) -> dict[str, tuple[str, ...]]:
    """Each phrase of the groups, with the other phrases of every group it is in."""
    table: dict[str, list[str]] = {}
    for group in groups:
        for phrase in group:
            table.setdefault(phrase, []).extend(p for p in group if p != phrase)
    return {phrase: tuple(dict.fromkeys(others)) for phrase, others in table.items()}


_ROLE_ALTERNATIVES = _alternatives((*ROLE_SYNONYMS, *_ROLE_ABBREVIATIONS))


@lru_cache(maxsize=65536)
def name_tokens(name: str) -> tuple[str, ...]:
    """The words of a name, normalized, without leading titles."""
    return tuple(strip_title(normalize(name)).split())


def _ratio(a: str, b: str) -> float:
    return fuzz.ratio(a, b) / 100


def strip_title(name: str) -> str:
    """Drop leading titles ("dr", "mayor") from a normalized name."""
    words = name.split()
    while len(words) > 1 and words[0] in IGNORED_TITLES:
        words = words[1:]
    return " ".join(words)


def presence(word: str, words: Sequence[str]) -> float:
    """1 for the word itself, less for the same stem or a typo, else 0."""
    if word in words:
        return 1.0
    stem = word[:5] if len(word) > 5 else None
    if stem and any(w.startswith(stem) for w in words):
        return 0.8
    if len(word) == 5 and any(w.startswith(word) and len(w) <= len(word) + 4 for w in words):
        return 0.8  # "legal" in "legalized", as a longer word's stem is in it above
    if len(word) > 3:  # a typo: close spelling and about the same length ("websit" is not "west")
        close = process.extract(word, words, scorer=fuzz.ratio, score_cutoff=80, limit=5)
        if any(abs(len(w) - len(word)) <= 1 for w, _, _ in close):
            return 0.8
    return 0.0
