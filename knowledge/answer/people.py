"""Find the people quoted in a corpus by name, surname, initials, a near spelling or the role they hold."""

from __future__ import annotations

from dataclasses import dataclass

from knowledge.answer.corpus import Corpus
from knowledge.answer.tuning import NAME_MATCH, SPEAKER_CANDIDATES, UNNAMED_ROLE
from knowledge.models import Speaker, Voice
from knowledge.text.cyrillic import has_cyrillic, sounds_like, to_latin
from knowledge.text.matching import describes_role, name_score, role_score
from knowledge.text.terms import normalize


@dataclass(frozen=True, slots=True)
class Person:
    """Everyone quoted under one name across the corpus, with how well the name matched."""

    name: str
    score: float
    voices: tuple[Voice, ...]

    @property
    def quotes(self) -> int:
        """How many quotes they have across the corpus."""
        return sum(v.quotes for v in self.voices)

    @property
    def speaker(self) -> Speaker:
        """One speaker standing for them: the name, with up to two of the roles they are quoted in."""
        roles = list(dict.fromkeys(v.speaker.role for v in self.voices if v.speaker.role))
        first = self.voices[0].speaker
        return Speaker(self.name, "; ".join(roles[:2]) or None, first.kind, first.aliases)

    @property
    def names(self) -> set[str]:
        """Every spelling of the name their quotes are stored under."""
        return {v.speaker.name for v in self.voices}


def find_people(name: str, corpus: Corpus) -> list[Person]:
    """Everyone whose name, surname, initials or a near spelling matches ``name``, best first; a name typed
    in Cyrillic matches the Latin one it sounds like ("Хейли" finds Nikki Haley)."""
    if has_cyrillic(name):
        return _by_sound(name, corpus)
    groups: dict[str, list[Voice]] = {}
    for voice in corpus.find_speakers(name, SPEAKER_CANDIDATES):
        groups.setdefault(normalize(voice.speaker.name), []).append(voice)
    people = [
        Person(voices[0].speaker.name, name_score(name, _all_forms(voices)), tuple(voices))
        for voices in groups.values()
    ]
    people.sort(key=lambda p: (-p.score, -p.quotes))
    if not people or people[0].score < NAME_MATCH:
        return _by_role(name, corpus) or people
    if _unnamed(people[0]):  # "the owner" is also a role: someone named in it is the better answer
        named = [p for p in _by_role(name, corpus) if not _unnamed(p)]
        if named:
            return named + [p for p in people if not _unnamed(p)]
    return people


def _by_sound(typed: str, corpus: Corpus) -> list[Person]:
    """The people whose name (or an alias) sounds like the Cyrillic ``typed``: a whole match scores 1.

    Candidates: the speakers whose names share letters with its transliteration, and everyone quoted in
    the newest articles (a transliteration may share few letters with the name: "Heyli" and "Haley")."""
    candidates = [
        *corpus.find_speakers(to_latin(typed), SPEAKER_CANDIDATES),
        *corpus.voices(SPEAKER_CANDIDATES),
    ]
    unique = {(v.article_id, v.speaker.name): v for v in reversed(candidates)}  # the fuller voice kept
    groups: dict[str, list[Voice]] = {}
    for voice in unique.values():
        if voice.speaker.kind != "unnamed" and any(
            sounds_like(typed, form) for form in (voice.speaker.name, *voice.speaker.aliases)
        ):
            groups.setdefault(normalize(voice.speaker.name), []).append(voice)
    people = [Person(voices[0].speaker.name, 1.0, tuple(voices)) for voices in groups.values()]
    people.sort(key=lambda p: -p.quotes)
    return people


def _unnamed(person: Person) -> bool:
    """Whether the article never names this speaker ("the owner", "a spokesman")."""
    return all(v.speaker.kind == "unnamed" for v in person.voices)


def _by_role(description: str, corpus: Corpus) -> list[Person]:
    """The people quoted whose role (or the titles before their name) fits ``description``, best first.

    A fit scores between NAME_MATCH and NAME_MATCH + 0.1, higher for a role the description covers more
    of, so one plain "President" wins "the president" over a long "executive vice president of ...", and
    several people in the same role are all offered ("which one?"). A speaker the article leaves unnamed
    ("the owner") fits ``UNNAMED_ROLE`` as well, so a named speaker in that role comes first.
    """
    if not describes_role(description):  # a name no one here goes by: there is no role to look for
        return []
    groups: dict[str, list[Voice]] = {}
    for voice in [
        *corpus.find_speakers(description, SPEAKER_CANDIDATES),
        *corpus.find_roles(description, SPEAKER_CANDIDATES),
    ]:
        groups.setdefault(normalize(voice.speaker.name), []).append(voice)
    people: list[Person] = []
    for voices in groups.values():
        voices = list({(v.article_id, v.speaker.name): v for v in voices}.values())
        fit = max(role_score(description, v.speaker) for v in voices)
        if all(v.speaker.kind == "unnamed" for v in voices):  # "the owner": a named speaker in the role wins
            fit *= UNNAMED_ROLE
        if fit > 0 and any(v.quotes for v in voices):
            people.append(Person(voices[0].speaker.name, NAME_MATCH + 0.1 * fit, tuple(voices)))
    people.sort(key=lambda p: (-p.score, -p.quotes))
    return people


def _all_forms(voices: list[Voice]) -> Speaker:
    """One speaker holding every name and alias the voices go by."""
    aliases = {a for v in voices for a in (v.speaker.name, *v.speaker.aliases)}
    return Speaker(voices[0].speaker.name, aliases=tuple(sorted(aliases)))
