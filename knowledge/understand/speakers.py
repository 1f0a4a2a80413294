"""Recognise who a speaker phrase names and keep the article's registry of speakers."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from itertools import takewhile
from typing import Literal

from knowledge.models import Speaker, SpeakerKind
from knowledge.text.lexicon import (
    CUE_WORDS,
    MONTHS,
    ORGANISATION_WORDS,
    RELATIVE_DAYS,
    ROLE_NOUNS,
    TITLE_ROLES,
    UNNAMED_SOURCE,
    WEEKDAYS,
)

MentionKind = Literal["name", "pronoun", "nominal", "unnamed"]

_PARTICLES = r"(?:van|von|de|der|den|da|del|della|di|du|la|le|bin|ibn|al|el|st\.)"
_CAP = (
    r"(?:(?:Mr|Mrs|Ms|Dr|Prof|Sen|Rep|Gov|Gen|Lt|Col|Capt|Sgt|Adm|Rev|St|Jr|Sr)\.|"
    r"[A-Z][A-Za-z'’\-]*[a-z][A-Za-z'’\-]*|[A-Z]{2,}|[A-Z]\.(?:\s?[A-Z]\.)*|Mc[A-Z][a-z]+)"
)
NAME = re.compile(rf"{_CAP}(?:\s+(?:{_PARTICLES}\s+)*{_CAP}){{0,5}}")
# A run of capitalised words as long as a name after a long title may be:
# "State Teachers Association President Keith Gambill".
NAME_RUN = re.compile(rf"{_CAP}(?:\s+(?:{_PARTICLES}\s+)*{_CAP}){{0,9}}")
# Organisations may join capitalised words with small ones: "Department of Conservation".
ORG_NAME = re.compile(rf"{_CAP}(?:\s+(?:(?:of|for|and|on|the|de|&)\s+)*{_CAP}){{0,8}}")
# "North Korea’s state media": a capitalised owner and a lowercase body.
_POSSESSIVE_BODY = re.compile(rf"^(?P<owner>{NAME.pattern})['’]s?\s+(?P<body>[a-z-]+(?:\s[a-z-]+){{0,2}})$")
# Words that open a clause before its subject ("But director Ava DuVernay"): never part of a name or role.
LEADING_WORDS = re.compile(
    r"^(?:(?:and|but|while|as|so|then|also|meanwhile|however|later|earlier|now|yet|even|when|after|before|"
    r"because|if|since|although|though|once|until|whereas)\s*,?\s+)+",
    re.IGNORECASE,
)
_TRAILING_WORDS = re.compile(
    r"(?:\s+(?:also|later|then|once|previously|has|had|have|was|were|is|would|will|had|since|already|"
    r"long|often|never|still|just|even|first|last|\w+ly|told|on \w+|in \w+))+$",
    re.IGNORECASE,
)
_FUNCTION_WORDS = frozenset(
    "as and or that which while when to with by from into than but if have has had been was were is are in on at".split()
)
_COLLECTIVE = re.compile(
    r"(?:[a-z-]+\s+){0,2}(?:media|police|prosecutors|authorities|investigators|government)"
)
_ROLE_WORD = "|".join(sorted({*ROLE_NOUNS, *(t for t in TITLE_ROLES if " " not in t)}, key=len, reverse=True))
_CAPS = r"[A-Z][\w.’'&-]*"
# Words that say what someone is, standing before their name:
# "Wild coach", "former special envoy to Ukraine", "Acting U.S. Attorney for the District of Massachusetts".
ROLE_PHRASE = (
    rf"(?:(?:former|then|now|acting|interim|deputy|senior|chief|top|longtime|veteran|{_CAPS})\s+){{0,4}}"
    r"(?:(?!(?:with|and|or|of|to|for|the|a|an|in|on|at|by|from|as|against|after|before|than)\b)[a-z-]+\s+){0,2}"
    rf"(?i:{_ROLE_WORD})s?(?:\s+(?:to|of|for|at|in|on)\s+(?:the\s+)?{_CAPS}(?:\s+{_CAPS}){{0,3}}){{0,2}}"
)
# Descriptions that may point back to someone introduced in other words ("the expert" → a named fellow).
GENERIC_REFERENCES = frozenset(
    "expert analyst official spokesman spokeswoman spokesperson source researcher scientist diplomat "
    "lawmaker economist observer".split()
)
_DOCUMENTS = frozenset({"statement", "release", "report", "letter", "filing", "complaint", "indictment"})
_DETERMINER = re.compile(
    r"^(?:the|a|an|one|two|three|several|some|many|other|another|his|her|their|its)\s+", re.I
)
_PRONOUNS = {"he", "she", "they", "it", "we", "i"}
# A role told in a relative clause: ", a deckhand who lives in Portvale".
_RELATIVE_ROLE = re.compile(
    r", (?:a|an|the)\s[^,]*?\b(?:who|which|that)\s+(?:\w+\s+){0,3}(?:in|on|at|near)\s+[A-Z]\w+$"
)
_LEADING_FUNCTION_WORDS = frozenset(
    "The A An This That These Those In On At By For With From Of To When While After Before During Since "
    "Although Though But And Or So If As Both Neither Either".split()
)
# Capitalised words that are never a speaker's name on their own.
# Shapes that look like a capitalised name but are not one: a state ("N.J.", "Calif."), a party tag
# ("R-Utah", "D-N.Y."), a lone abbreviation with periods.
_NOT_A_NAME = re.compile(r"(?:[A-Z]\.){2,3}|[RDI]-[A-Z][\w.]*|[A-Z][a-z]{1,4}\.")
_DATE_WORDS = frozenset(
    {*WEEKDAYS, *(m for m in MONTHS if m != "May"), *RELATIVE_DAYS}
)  # "May" and "August" may be names; "May" is left out, "August" rarely names a speaker
NOT_NAMES = frozenset((*WEEKDAYS, *MONTHS, *RELATIVE_DAYS)).union(
    """This That These Those The A An It He She They We I His Her Their Its Our My Your There Here When While
    After Before During Since Although Though But And Or So If As In On At By For With From Of To""".split()
)
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

# A person followed by where they work: "Jane Dobbs of the Kent police", "… from Kent Police".
_AFFILIATION = re.compile(
    r"(?P<who>.+?)\s+(?P<prep>of|from|at|with)\s+"
    r"(?P<body>(?:the\s+)?(?=[\w.&’'-]*[A-Z])[\w.&’'-]+(?:\s+(?:[\w.&’'-]+)){0,6})"
)
_THE = re.compile(r"^the\s+")
# Asides that sit between commas after a subject and are never its role: "Twitter, however, said".
_ASIDE = re.compile(
    r",\s+(?:however|meanwhile|too|also|though|instead|therefore|then|in turn|in fact|indeed|"
    r"for (?:its|his|her|their) part|for example|for instance|nonetheless|nevertheless|moreover|"
    r"likewise|similarly|in response)(?=,|$)",
    re.IGNORECASE,
)
_SUFFIXES = {"jr", "sr", "ii", "iii", "iv"}
_GENDER = {"he": "male", "she": "female"}
FLOATING = "(floating)"  # the pronoun-like reference of a quote that stands alone: anyone recent
# "the company said" may mean the last business met; never a government body ("the company" is not the FDA).
_BUSINESS_NOUNS = frozenset({"company", "firm", "carrier", "retailer", "automaker", "airline", "bank"})
_PUBLIC_BODY_WORDS = frozenset(
    {"department", "ministry", "agency", "government", "council", "police", "court", "office", "commission"}
)
_NEW_SUBJECT_WINDOW = 12  # events looked at for a change of subject (a paragraph's worth)
# How far back (in sentences) a pronoun or a description may reach for its person.
_NEAR, _FAR = 2, 8


@dataclass(frozen=True, slots=True)
class Mention:
    """A phrase that names a speaker, as written: a name, a pronoun, a description or a source.

    ``known_only`` marks a guess (a lone capitalised word read as a clause's subject): it
    may only refer to someone already met, never register a new speaker.
    """

    kind: MentionKind
    text: str
    name: str | None = None
    role: str | None = None
    entity: SpeakerKind = "person"
    known_only: bool = False


def parse_mention(phrase: str) -> Mention | None:
    """Read a speaker phrase ("Dr. Jane Q. Smith, the chair of X", "he", "the expert").

    Returns None when the phrase cannot be a speaker (a clause, a stray word).
    """
    whole = LEADING_WORDS.sub("", _ASIDE.sub("", phrase).strip(" ,;:—–-\t"))
    phrase = _TRAILING_WORDS.sub("", whole).strip(" ,")
    if _RELATIVE_ROLE.search(whole):  # "a deckhand who lives in Portvale": the place ends the clause
        phrase = whole.strip(" ,")
    if not phrase or len(phrase) > 250 or re.search(r"[\"“”]|['’]s?$", phrase):
        return None
    lowered = phrase.lower()
    if lowered in _PRONOUNS:
        return Mention("pronoun", lowered, entity="organisation" if lowered == "it" else "person")
    head, _, apposition = phrase.partition(", ")
    role: str | None = apposition.strip(" ,") or None
    if role is not None and _DETERMINER.match(head) and not NAME.fullmatch(role):
        described = _role_then_name(role, None)  # "another witness, former adviser Fiona Hill"
        if described is not None and described.entity == "person":
            return described
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
    if _COLLECTIVE.fullmatch(head.lower()) and head[1:] == head[1:].lower():
        return Mention("nominal", head, name=head.lower(), entity="organisation")  # "State media", "police"
    if _DETERMINER.match(head):
        return _nominal(head, role)
    return _named(head, role) or _affiliated(head, role) or _organisation(head)


def _affiliated(head: str, role: str | None) -> Mention | None:
    """ "chief inspector Jane Dobbs from the Kent police" → Jane Dobbs, role "chief inspector from the
    Kent police"; "Jane Dobbs of the Harbour Trust" → role "Harbour Trust"."""
    match = _AFFILIATION.fullmatch(head)
    if match is None:
        return None
    person = _named(match["who"], role)
    if (
        person is None
        or person.entity != "person"
        or person.name == match["who"]
        and " " not in (person.name or "")
    ):
        return None
    body = f"{person.role} {match['prep']} {match['body']}" if person.role else _THE.sub("", match["body"])
    return replace(person, text=head, role=role or body)


def _organisation(head: str) -> Mention | None:
    """ "New Zealand Department of Conservation": a capitalised name with small joining words."""
    words = {w.lower().strip(".,") for w in head.split()}
    if ORG_NAME.fullmatch(head) and words & ORGANISATION_WORDS:
        return Mention("name", head, name=head, entity="organisation")
    return None


def _is_role(role: str) -> bool:
    """An apposition reads like a role: "a senior fellow at X", "the mayor", "Disney’s chairman", "35"."""
    first = role.split()[0]
    return len(role.split()) <= 40 and (
        first.lower() in {"a", "an", "the", "who", "his", "her", "their", "its", "one", "then", "now"}
        or first[0].islower()
        or first[0].isdigit()
        or first.lower().rstrip(".") in TITLE_ROLES
        or re.search(r"['’]s$", first) is not None
        or (first.isupper() and len(first) <= 5)
    )


def _nominal(head: str, role: str | None) -> Mention | None:
    words = head.split()
    last = words[-1].lower()
    body = _DETERMINER.sub("", head)
    if any(w.lower() in _FUNCTION_WORDS for w in words[1:]):
        return None  # a clause, not a description: "the software as the company"
    if body[:1].isupper() and NAME.fullmatch(body):
        return _named(body, role)  # "the Pentagon"
    if body[:1].isupper() and (organisation := _organisation(body)):
        return organisation  # "the New Zealand Department of Conservation"
    if words[0].lower() == "the" and last in _DOCUMENTS:
        return Mention("pronoun", "it", entity="organisation")  # "the statement said": its author
    if last in ORGANISATION_WORDS or last in {"media", "police", "ministry", "government"}:
        return Mention("nominal", head, name=head.lower(), entity="organisation")
    if words[-1][:1].isupper() and (named := re.search(rf"{NAME.pattern}$", body)):
        inner = parse_mention(named.group(0))  # "the 14th-ranked Schwartzman"
        if inner is not None and inner.kind == "name":
            described = body[: named.start()].strip()
            return replace(inner, role=inner.role or described or None)
    if last in ROLE_NOUNS and len(words) <= 5:
        if words[0].lower() in ("a", "an", "one", "another"):
            return Mention("unnamed", head, name=head.lower(), entity="unnamed")  # someone new, not "the" one
        return Mention("nominal", head, name=head.lower(), role=last, entity="person")
    if re.fullmatch(r"\d+-year-old", last):
        return Mention("nominal", head, entity="person")
    return None


def _named(head: str, role: str | None) -> Mention | None:
    if not NAME.fullmatch(head):
        if re.fullmatch(r"(?:[a-z-]+\s+){0,3}[a-z]+", head) and head.split()[-1] in ROLE_NOUNS:
            return None
        return _role_then_name(head, role)
    tokens = head.split()
    while len(tokens) > 1 and (tokens[0] in _LEADING_FUNCTION_WORDS or tokens[0].lower() in CUE_WORDS):
        tokens = tokens[1:]  # "In Washington", "The Pentagon"; "Replied Stephen" after a quote
    if len(tokens) == 1 and (tokens[0] in NOT_NAMES or tokens[0].lower() in _PRONOUNS):
        return None
    if any(t in _DATE_WORDS for t in tokens) or _NOT_A_NAME.fullmatch(" ".join(tokens)):
        return None  # "Last December", "N.J.", "R-Utah": a date, a state, a party tag
    if all(_is_role_word(t) for t in tokens):  # "US President": a role with no name, meaning who holds it
        role = tokens[-1].lower().rstrip(".")
        return Mention("nominal", head, name=" ".join(tokens).lower(), role=role, entity="person")
    title_role, tokens = _peel_titles(tokens)
    org_prefix, tokens = _peel_affiliation(tokens)
    inner_role, tokens = _peel_role_words(tokens)
    if inner_role is None and len(tokens) == 2 and _is_role_word(tokens[0]) and _is_plain_name_word(tokens[1]):
        inner_role, tokens = tokens[0], tokens[1:]  # "Realtor Ghulam": a role, then the surname
    if not tokens:
        return None
    name = " ".join(tokens)
    words = {t.lower().strip(".,’'") for t in name.replace("’s", "").split()}
    entity: SpeakerKind = "organisation" if words & ORGANISATION_WORDS else "person"
    if len(tokens) == 1 and tokens[0].isupper() and len(tokens[0]) > 1 and "." not in tokens[0]:
        entity = "organisation"  # NASA, KCNA
    if inner_role:
        inner_role = " ".join(filter(None, (title_role, org_prefix, inner_role)))
    return Mention(
        "name", head, name=name, role=role or inner_role or title_role or org_prefix, entity=entity
    )


def _peel_role_words(tokens: list[str]) -> tuple[str | None, list[str]]:
    """Split "Harbour Police Commissioner Jane Dobbs" into the role "Harbour Police Commissioner" and
    "Jane Dobbs": the last title or role word that two or three plain name words follow (the role may be
    one word: "Investigator Robert Cornett")."""
    for i in range(len(tokens) - 3, -1, -1):
        key = tokens[i].lower().rstrip(".")
        if key not in TITLE_ROLES and key not in ROLE_NOUNS:
            continue
        rest = tokens[i + 1 :]
        if len(rest) <= 3 and all(_is_plain_name_word(t) for t in rest):
            return " ".join(tokens[: i + 1]), rest
        break
    return None, tokens


def _is_role_word(token: str) -> bool:
    """A word of a role rather than of a name: a title, a role noun, or a short abbreviation ("US")."""
    key = token.lower().strip(".,")
    return key in TITLE_ROLES or key in ROLE_NOUNS or (token.isalpha() and token.isupper() and len(token) <= 3)


def _is_plain_name_word(token: str) -> bool:
    """A word that can be part of a person's name: capitalised, and no title, role or organisation word."""
    key = token.lower().strip(".,")
    return (
        token[:1].isupper()
        and not (token.isupper() and len(token) > 2)
        and key not in TITLE_ROLES
        and key not in ROLE_NOUNS
        and key not in ORGANISATION_WORDS
        and token not in NOT_NAMES
    )


def _peel_affiliation(tokens: list[str]) -> tuple[str | None, list[str]]:
    """Split "Browns DL Sheldon Richardson" or "Ukraine Kurt Volker" into affiliation and name.

    Leading organisation or place words, abbreviations and titles go when at least a
    first name and a surname remain that are neither.
    """
    cut = 0
    for i, token in enumerate(tokens[:-2]):
        if token.isupper() and 2 <= len(token) <= 4 and token.isalpha():
            cut = i + 1  # "Browns DL …", "NASA CEO …": everything up to the abbreviation
    while len(tokens) - cut > 2:
        token = tokens[cut].rstrip(".,").lower()
        if token not in ORGANISATION_WORDS and token not in TITLE_ROLES:
            break
        cut += 1
    rest = tokens[cut:]
    if cut == 0 or len(rest) < 2 or any(t.lower() in ORGANISATION_WORDS for t in rest):
        return None, tokens
    return " ".join(tokens[:cut]), rest


def _role_then_name(head: str, role: str | None) -> Mention | None:
    """ "senior fellow Jane Smith" → Jane Smith, role "senior fellow"; "Mr. Trump" → Trump."""
    tokens = head.split()
    for size in (2, 3, 4, 1):  # the shortest full name first: "… of Massachusetts Joshua Levy"
        if size >= len(tokens):
            continue
        name, prefix = " ".join(tokens[-size:]), " ".join(tokens[:-size])
        if not NAME.fullmatch(name) or not (re.fullmatch(ROLE_PHRASE, prefix) or is_role_prefix(prefix)):
            continue
        inner = _named(name, role)
        if inner is None or inner.entity != "person":
            continue
        described = " ".join(
            w for w in prefix.split() if TITLE_ROLES.get(w.lower().rstrip("."), "") is not None
        )
        return Mention(
            "name", head, name=inner.name, role=role or inner.role or described or None, entity="person"
        )
    return None


def is_role_prefix(prefix: str) -> bool:
    """Words that can stand before a name as its role: "Wild defenseman", "State Department official",
    "former special envoy to Ukraine", "Mr." — at most six words, ending in a role noun or title."""
    words = prefix.split()
    if not words or len(words) > 6 or not re.fullmatch(r"[\w.’'\- ]+", prefix):
        return False
    last = words[-1].lower().rstrip(".")
    return last in ROLE_NOUNS or last in TITLE_ROLES or last.rstrip("s") in ROLE_NOUNS


def _peel_titles(tokens: list[str]) -> tuple[str | None, list[str]]:
    """Split "Foreign Minister Lena Park" into the role "Foreign Minister" and "Lena Park"."""
    last_title = -1
    for i, token in enumerate(tokens[:-1]):
        key = token.lower().rstrip(".")
        if key in TITLE_ROLES or (key in _MODIFIERS and i + 1 < len(tokens) - 1):
            last_title = i
        elif last_title >= 0 or i > 0:
            break
    if last_title < 0:
        return None, tokens
    role_tokens = tokens[: last_title + 1]
    role_words = [t for t in role_tokens if TITLE_ROLES.get(t.lower().rstrip("."), "") is not None]
    return (" ".join(role_words) or None), tokens[last_title + 1 :]


@dataclass(slots=True)
class _Entity:
    name: str
    kind: SpeakerKind
    role: str | None = None
    aliases: set[str] = field(default_factory=set)
    quotes: int = 0
    gender: str | None = None  # learned from the pronouns the article uses for them

    @property
    def tokens(self) -> list[str]:
        """The name's words without a generational suffix ("James P. Kennedy Jr." → James P. Kennedy)."""
        words = self.name.split()
        return words[:-1] if len(words) > 2 and words[-1].rstrip(".,").lower() in _SUFFIXES else words


@dataclass(slots=True)
class _Event:
    position: int  # the sentence
    entity: _Entity
    how: Literal["mention", "subject", "speaker"]


@dataclass(slots=True)
class Registry:
    """The people and organisations an article mentions, resolved as the text is read in order."""

    entities: list[_Entity] = field(default_factory=list)
    _events: list[_Event] = field(default_factory=list)

    def resolve(self, mention: Mention, position: int, *, speaking: bool = True) -> _Entity | None:
        """Return the entity ``mention`` (at sentence ``position``) refers to, registering new names."""
        entity = self._find(mention, position)
        if entity is not None:
            how: Literal["mention", "subject", "speaker"] = "speaker" if speaking else "mention"
            if mention.kind == "pronoun" and not speaking:
                how = "subject"  # "He was arrested …" keeps the same person in focus
            self._events.append(_Event(position, entity, how))
            if speaking:
                entity.quotes += 1
            if mention.kind == "pronoun" and mention.text in _GENDER and entity.gender is None:
                entity.gender = _GENDER[mention.text]
        return entity

    def introduce(self, mention: Mention, position: int, *, subject: bool = False) -> None:
        """Note a name seen in the text (not as a speaker) so later references can reach it."""
        if mention.kind != "name" or not mention.name:
            return
        if (
            mention.entity == "person"
            and (len(mention.name.split()) >= 2 or self._by_name(mention.name))
            or mention.entity == "organisation"
            and (subject or self._by_name(mention.name))
        ):
            entity = self._find(mention, position)
        else:
            return
        if entity is not None:
            self._events.append(_Event(position, entity, "subject" if subject else "mention"))

    def speakers(self) -> tuple[Speaker, ...]:
        """The registry as values: every entity that was quoted, in order of appearance."""
        return tuple(
            Speaker(name=e.name, role=e.role, kind=e.kind, aliases=tuple(sorted(e.aliases - {e.name})))
            for e in self.entities
            if e.quotes
        )

    def final_names(self) -> dict[str, tuple[str, str | None]]:
        """Each name a speaker went by while reading → (the name and role the article ends with)."""
        final: dict[str, tuple[str, str | None]] = {}
        for entity in self.entities:
            for alias in {*entity.aliases, entity.name}:
                final.setdefault(alias, (entity.name, entity.role))
        return final

    def _find(self, mention: Mention, position: int) -> _Entity | None:
        if mention.kind == "pronoun":
            return self._antecedent(mention, position)
        if mention.kind == "nominal" and mention.entity == "person":
            generic = mention.role in GENERIC_REFERENCES
            found = self._by_role(mention.role, position, generic=generic)
            if found is not None or generic or not mention.name:
                return found
            mention = replace(mention, kind="unnamed", entity="unnamed")  # "the patient": someone unnamed
        if mention.kind == "nominal" and mention.entity == "organisation" and mention.name:
            if body := self._by_description(mention.name, position):
                return body  # "the company said": the company the story is about
        assert mention.name is not None
        entity = self._by_name(mention.name) if mention.kind == "name" else None
        if entity is None:
            entity = next((e for e in self.entities if e.name == mention.name), None)
        if entity is None and mention.known_only:
            return None
        if entity is not None and entity.kind == "person" and _namesake(mention.name, entity.name):
            entity = next((e for e in self.entities if e.name == mention.name), None)  # another person
        if entity is None:
            entity = _Entity(mention.name, mention.entity, mention.role)
            self.entities.append(entity)
        elif len(mention.name.split()) > len(entity.name.split()) and entity.kind == "person":
            entity.aliases.add(entity.name)
            entity.name = mention.name  # "Sokov" seen first, "Nikolai Sokov" later
        entity.aliases.add(mention.text if mention.kind == "name" else mention.name)
        if mention.role and (not entity.role or _fuller(mention.role, entity.role)):
            entity.role = mention.role  # the first role given, or a fuller one: "Sen." then "State Sen."
        if mention.kind == "name" and mention.entity == "organisation" and entity.kind == "person":
            entity.kind = "organisation"  # "Big Machine, which …": what looked like a name is a company
        return entity

    def _by_name(self, name: str) -> _Entity | None:
        """The known entity a name refers to: the same name, or the one person it can be short for."""
        for entity in reversed(self.entities):
            if entity.name == name or name in entity.aliases:
                return entity
        tokens = [t for t in name.split() if not t.endswith(".")] or name.split()
        people = [e for e in self.entities if e.kind == "person"]
        # "Van Der Beek" in "James Van Der Beek", "Kennedy" in "James P. Kennedy Jr.", or the reverse
        matches = [e for e in people if _is_part(tokens, e.tokens) or _is_part(e.tokens, tokens)]
        if not matches and len(tokens) > 1:  # "Fiona" met first, "Fiona Parry" now: the same person
            matches = [e for e in people if e.tokens == tokens[:1]]
        if not matches and len(tokens) == 1:  # "Jerry" for Jerry Jones, when no one else is a Jerry
            matches = [e for e in people if len(e.tokens) > 1 and e.tokens[0] == tokens[0]]
        longest = max((len(e.tokens) for e in matches), default=0)
        matches = [e for e in matches if len(e.tokens) == longest]
        if len(matches) > 1 and len(tokens) == 1:
            return self._most_recent(matches)  # "Jones" when Stephen and Jerry Jones are both in the story
        return matches[0] if len(matches) == 1 else None

    def _most_recent(self, candidates: list[_Entity]) -> _Entity | None:
        """Of several people a surname may mean, the one the text met last (None if it met none)."""
        for event in reversed(self._events):
            if any(event.entity is c for c in candidates):
                return event.entity
        return None

    def _antecedent(self, mention: Mention, position: int) -> _Entity | None:
        """The person (or, for "it", the organisation) a pronoun most likely means.

        In order: a speaker of the last two sentences, their subject, the last speaker
        within eight sentences, the last person mentioned within two.
        """

        def fits(entity: _Entity) -> bool:
            if mention.text == FLOATING:
                return True
            if mention.text == "it":
                return entity.kind in ("organisation", "unnamed")
            if mention.text in _GENDER and entity.gender not in (None, _GENDER[mention.text]):
                return False
            return entity.kind == "person" or (mention.text == "they" and entity.kind != "person")

        recent = [e for e in self._recent(position) if fits(e.entity)]
        near = [e for e in recent if position - e.position <= _NEAR]
        tiers = [
            [e for e in near if e.how == "speaker"],
            [e for e in near if e.how == "subject"],
            [e for e in recent if e.how == "speaker"],
        ]
        if mention.text != FLOATING:  # a quote with no cue at all never goes to a mere mention
            tiers.append(near)
        for tier in tiers:
            if tier:
                return tier[0].entity
        return None

    def _recent(self, position: int) -> Iterator[_Event]:
        """The events of the last ``_FAR`` sentences before ``position``, newest first (reading stops at the
        first older one, so a long article costs the same per reference as a short one)."""
        return takewhile(lambda e: position - e.position <= _FAR, reversed(self._events))

    def new_subject_between(self, after: int, before: int) -> str | None:
        """The person other than the last speaker who was the subject of a sentence after sentence ``after``
        and before sentence ``before`` (the last such), if any."""
        speaker = next((e.entity for e in reversed(self._events) if e.how == "speaker"), None)
        for event in reversed(self._events[-_NEW_SUBJECT_WINDOW:]):
            if (
                after < event.position < before
                and event.how == "subject"
                and event.entity is not speaker
                and event.entity.kind == "person"
            ):
                return event.entity.name
        return None

    def _by_description(self, description: str, position: int) -> _Entity | None:
        """The organisation a description ("the company", "the ministry") means: the last one met in the
        last few sentences whose name holds its noun ("the ministry" for the Defence Ministry), or, for a
        plain "the company" / "the firm", the last business met."""
        noun = description.split()[-1]
        recent = [
            e.entity
            for e in self._recent(position)
            if e.entity.kind == "organisation"
        ]
        named = [e for e in recent if noun in e.name.lower().split()]
        if named:
            return named[0]
        if noun in _BUSINESS_NOUNS:
            return next((e for e in recent if not set(e.name.lower().split()) & _PUBLIC_BODY_WORDS), None)
        return None

    def _by_role(self, noun: str | None, position: int, *, generic: bool = True) -> _Entity | None:
        """ "the librarian": the last person with that role; else the most recent speaker, who for a
        specific word ("the actor") must have no other role the article gave."""
        recent = [
            e for e in self._recent(position) if e.entity.kind == "person"
        ]
        if noun:
            for event in recent:
                if event.entity.role and noun in event.entity.role.lower():
                    return event.entity
        speaking = [e.entity for e in recent if e.how != "mention" and (generic or e.entity.role is None)]
        return speaking[0] if speaking else None


def _fuller(new: str, old: str) -> bool:
    """Whether role ``new`` says all ``old`` says and more ("State Sen." after "Sen.")."""
    return len(new) > len(old) and old.lower().strip(" .") in new.lower()


def _is_part(short: list[str], full: list[str]) -> bool:
    """True when ``short`` is the end or the start of ``full`` (a surname, or a first name + middle)."""
    if not short or len(short) >= len(full):
        return False
    return full[-len(short) :] == short or (len(short) >= 2 and full[: len(short)] == short)


def _namesake(longer: str, known: str) -> bool:
    """Whether ``longer`` names someone else than the person already known by the full name ``known``:
    one more given name before it ("John Stephen Jones", the son, after "Stephen Jones", the father). A
    name met first by one word ("Sokov", then "Nikolai Sokov") is the same person."""
    words, known_words = longer.split(), known.split()
    extra = len(words) - len(known_words)
    return (
        len(known_words) >= 2
        and extra >= 1
        and words[extra:] == known_words
        and all(w[:1].isupper() and not w.endswith(".") for w in words[:extra])
    )
