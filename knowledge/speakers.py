"""Recognise who a speaker phrase names and keep the article's registry of speakers."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from knowledge.lexicon import ORGANISATION_WORDS, ROLE_NOUNS, TITLES, UNNAMED_SOURCE
from knowledge.models import Speaker, SpeakerKind

MentionKind = Literal["name", "pronoun", "nominal", "unnamed"]

_PARTICLES = r"(?:van|von|de|der|den|da|del|della|di|du|la|le|bin|ibn|al|el|st\.)"
_CAP = r"(?:[A-Z][A-Za-z'’\-]*[a-z][A-Za-z'’\-]*|[A-Z]{2,}|[A-Z]\.(?:\s?[A-Z]\.)*|Mc[A-Z][a-z]+)"
NAME = re.compile(rf"{_CAP}(?:\s+(?:{_PARTICLES}\s+)*{_CAP}){{0,5}}")
# "North Korea’s state media": a capitalised owner and a lowercase body.
_POSSESSIVE_BODY = re.compile(rf"^(?P<owner>{NAME.pattern})['’]s?\s+(?P<body>[a-z][a-z -]{{1,40}})$")
_LEADING_WORDS = re.compile(
    r"^(?:(?:and|but|while|as|so|then|also|meanwhile|however|later|earlier|now|yet)\s*,?\s+)+",
    re.IGNORECASE,
)
_TRAILING_WORDS = re.compile(
    r"(?:\s+(?:also|later|then|once|previously|has|had|have|was|were|is|would|will|had|"
    r"reportedly|repeatedly|recently|simply|further|earlier|again|quickly|finally|"
    r"flatly|publicly|privately|bluntly|angrily|told|on \w+|in \w+))+$",
    re.IGNORECASE,
)
_DETERMINER = re.compile(r"^(?:the|a|an|one|two|three|several|some|many|other|another)\s+", re.I)
_PRONOUNS = {"he", "she", "they", "it", "we", "i"}
_MODIFIERS = {
    "foreign",
    "prime",
    "vice",
    "deputy",
    "former",
    "senior",
    "chief",
    "acting",
    "general",
    "interior",
    "defense",
    "defence",
    "finance",
    "state",
    "health",
    "head",
    "assistant",
    "associate",
    "executive",
    "press",
    "white",
    "house",
    "u.s.",
    "us",
    "federal",
}


@dataclass(frozen=True, slots=True)
class Mention:
    """A phrase that names a speaker, as written: a name, a pronoun, a description or a source."""

    kind: MentionKind
    text: str
    name: str | None = None
    role: str | None = None
    entity: SpeakerKind = "person"


def parse_mention(phrase: str) -> Mention | None:
    """Read a speaker phrase ("Dr. Jane Q. Smith, the chair of X", "he", "the expert").

    Returns None when the phrase cannot be a speaker (a clause, a stray word).
    """
    phrase = _TRAILING_WORDS.sub("", _LEADING_WORDS.sub("", phrase.strip(" ,;:—–-\t"))).strip(" ,")
    if not phrase or len(phrase) > 250 or re.search(r"[\"“”]|['’]s?$", phrase):
        return None
    lowered = phrase.lower()
    if lowered in _PRONOUNS:
        return Mention("pronoun", lowered, entity="organisation" if lowered == "it" else "person")
    head, _, role = phrase.partition(", ")
    role = role.strip(" ,") or None
    if role is not None and _DETERMINER.match(head) and NAME.fullmatch(role):
        head, role = role, _DETERMINER.sub("", head)  # "the head librarian, Samuel Ortiz"
    if role is not None and not _is_role(role):
        return None
    if role is not None and re.match(r"(?:who|which|whose|whom)\b", role):
        role = None  # a relative clause tells something about them, not their role
    if _POSSESSIVE_BODY.match(head):
        return Mention("name", head, name=head, role=role, entity="organisation")
    if UNNAMED_SOURCE.match(head):
        return Mention("unnamed", head, name=head.lower(), entity="unnamed")
    if _DETERMINER.match(head):
        return _nominal(head, role)
    return _named(head, role)


def _is_role(role: str) -> bool:
    """An apposition reads like a role: it starts with a determiner, a lowercase word or a title."""
    first = role.split()[0]
    return (
        first.lower() in {"a", "an", "the", "who", "his", "her", "their", "its", "one"}
        or first[0].islower()
        or first.lower().rstrip(".") in TITLES
        or len(role.split()) <= 8
    ) and len(role.split()) <= 40


def _nominal(head: str, role: str | None) -> Mention | None:
    words = head.split()
    last = words[-1].lower()
    body = _DETERMINER.sub("", head)
    if body[:1].isupper() and NAME.fullmatch(body):
        return _named(body, role)  # "the Pentagon"
    if last in ORGANISATION_WORDS or last in {"media", "police", "ministry", "government"}:
        return Mention("nominal", head, name=head.lower(), entity="organisation")
    if last in ROLE_NOUNS and len(words) <= 5:
        return Mention("nominal", head, role=last, entity="person")
    if re.fullmatch(r"\d+-year-old", last):
        return Mention("nominal", head, entity="person")
    return None


def _named(head: str, role: str | None) -> Mention | None:
    if not NAME.fullmatch(head):
        if re.fullmatch(r"(?:[a-z-]+\s+){0,3}[a-z]+", head) and head.split()[-1] in ROLE_NOUNS:
            return None
        return _role_then_name(head, role)
    tokens = head.split()
    title_role, tokens = _peel_titles(tokens)
    if not tokens:
        return None
    name = " ".join(tokens)
    words = {t.lower().strip(".,’'") for t in name.replace("’s", "").split()}
    entity: SpeakerKind = "organisation" if words & ORGANISATION_WORDS else "person"
    if len(tokens) == 1 and tokens[0].isupper() and len(tokens[0]) > 1 and "." not in tokens[0]:
        entity = "organisation"  # NASA, KCNA
    return Mention("name", head, name=name, role=role or title_role, entity=entity)


def _role_then_name(head: str, role: str | None) -> Mention | None:
    """ "senior fellow Jane Smith" → Jane Smith, role "senior fellow"."""
    match = re.search(rf"(?:^|\s)(?P<name>{NAME.pattern})$", head)
    if not match or match.start("name") == 0:
        return None
    prefix = head[: match.start("name")].strip()
    if not re.fullmatch(r"[A-Za-z.\- ]{1,60}", prefix) or prefix.split()[-1].lower() in {"the", "a"}:
        return None
    inner = _named(match["name"], role)
    if inner is None or inner.entity != "person":
        return inner
    return Mention("name", head, name=inner.name, role=role or prefix, entity="person")


def _peel_titles(tokens: list[str]) -> tuple[str | None, list[str]]:
    """Split "Foreign Minister Lena Park" into the role "Foreign Minister" and "Lena Park"."""
    last_title = -1
    for i, token in enumerate(tokens[:-1]):
        key = token.lower().rstrip(".")
        if key in TITLES or (key in _MODIFIERS and i + 1 < len(tokens) - 1):
            last_title = i
        elif last_title >= 0 or i > 0:
            break
    if last_title < 0:
        return None, tokens
    role_tokens = tokens[: last_title + 1]
    role_words = [t for t in role_tokens if TITLES.get(t.lower().rstrip("."), "") is not None]
    return (" ".join(role_words) or None), tokens[last_title + 1 :]


@dataclass(slots=True)
class _Entity:
    name: str
    kind: SpeakerKind
    role: str | None = None
    aliases: set[str] = field(default_factory=set)
    quotes: int = 0


@dataclass(slots=True)
class Registry:
    """The people and organisations an article mentions, resolved as the text is read in order."""

    entities: list[_Entity] = field(default_factory=list)
    _recent: list[tuple[int, _Entity, bool]] = field(default_factory=list)  # (paragraph, who, spoke)

    def resolve(self, mention: Mention, paragraph: int, *, speaking: bool = True) -> _Entity | None:
        """Return the entity ``mention`` refers to, registering new names as they appear."""
        entity = self._find(mention, paragraph)
        if entity is not None:
            self._recent.append((paragraph, entity, speaking))
            if speaking:
                entity.quotes += 1
        return entity

    def introduce(self, mention: Mention, paragraph: int) -> None:
        """Note a name seen in the text (not as a speaker) so later references can reach it."""
        if mention.kind == "name" and mention.entity == "person" and mention.name:
            if len(mention.name.split()) >= 2 or self._by_name(mention.name):
                self.resolve(mention, paragraph, speaking=False)

    def speakers(self) -> tuple[Speaker, ...]:
        """The registry as values: every entity that was quoted, in order of appearance."""
        return tuple(
            Speaker(name=e.name, role=e.role, kind=e.kind, aliases=tuple(sorted(e.aliases - {e.name})))
            for e in self.entities
            if e.quotes
        )

    def _find(self, mention: Mention, paragraph: int) -> _Entity | None:
        if mention.kind == "pronoun":
            return self._antecedent(mention, paragraph)
        if mention.kind == "nominal" and mention.entity == "person":
            return self._by_role(mention.role, paragraph)
        assert mention.name is not None
        entity = self._by_name(mention.name) if mention.kind == "name" else None
        if entity is None:
            entity = next((e for e in self.entities if e.name == mention.name), None)
        if entity is None:
            entity = _Entity(mention.name, mention.entity, mention.role)
            self.entities.append(entity)
        elif len(mention.name) > len(entity.name) and mention.name.endswith(entity.name):
            entity.aliases.add(entity.name)
            entity.name = mention.name  # "Sokov" seen first, "Nikolai Sokov" later
        entity.aliases.add(mention.text if mention.kind == "name" else mention.name)
        if mention.role and not entity.role:
            entity.role = mention.role
        return entity

    def _by_name(self, name: str) -> _Entity | None:
        tokens = name.split()
        for entity in reversed(self.entities):
            if entity.name == name or name in entity.aliases:
                return entity
        if len(tokens) == 1 or all(t.endswith(".") for t in tokens[:-1]):
            same_last = [e for e in self.entities if e.kind == "person" and e.name.split()[-1] == tokens[-1]]
            if len(same_last) == 1:
                return same_last[0]
        for entity in self.entities:  # "Jane Smith" after "Jane Q. Smith"
            full = entity.name.split()
            if len(tokens) >= 2 and full[0] == tokens[0] and full[-1] == tokens[-1]:
                return entity
        return None

    def _antecedent(self, mention: Mention, paragraph: int) -> _Entity | None:
        want = "organisation" if mention.text == "it" else "person"
        recent = [
            (p, e, spoke)
            for p, e, spoke in reversed(self._recent)
            if paragraph - p <= 2 and (e.kind == want or (want == "organisation" and e.kind == "unnamed"))
        ]
        if mention.text == "they":
            recent = [(p, e, s) for p, e, s in reversed(self._recent) if paragraph - p <= 2]
        if not recent:
            return None
        speaking = [e for _, e, spoke in recent if spoke]
        return speaking[0] if speaking else recent[0][1]

    def _by_role(self, noun: str | None, paragraph: int) -> _Entity | None:
        """ "the expert": the last person with that role, else the most recent named speaker."""
        recent = [
            (e, spoke) for p, e, spoke in reversed(self._recent) if e.kind == "person" and paragraph - p <= 3
        ]
        if noun:
            for entity, _ in recent:
                if entity.role and noun in entity.role.lower():
                    return entity
        speaking = [e for e, spoke in recent if spoke]
        return speaking[0] if speaking else None
