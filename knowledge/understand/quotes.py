"""Find the quotations in an article's paragraphs and attribute each to its speaker."""

from __future__ import annotations

import re
import sys
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field, replace
from functools import lru_cache
from itertools import accumulate

from knowledge.models import Quote, QuoteKind, Speaker
from knowledge.text.casing import is_title_case
from knowledge.text.lexicon import (
    ACCORDING_TO,
    BARE_CONTENT_CUES,
    CHARACTERIZING_VERBS,
    CUE_WORDS,
    INDIRECT_CUES,
    ROLE_NOUNS,
    TITLE_ROLES,
)
from knowledge.understand.confidence import Basis, confidence, for_name, unclear
from knowledge.understand.entities import default_recognizer, is_speaker
from knowledge.understand.sentences import split_sentences
from knowledge.understand.speakers import FLOATING, LEADING_WORDS, NAME_RUN, ROLE_PHRASE, Mention, Registry
from knowledge.understand.speakers import parse_mention as _parse_mention

# --- quotation marks ---
# Opening mark → the marks that may close it (mismatched curly/straight pairs are tolerated).
_DOUBLE_PAIRS = {"“": '”"', '"': '"”', "«": "»", "„": '“”"', "»": "«"}
_SINGLE_PAIRS = {"‘": "’'", "'": "'’", "‹": "›"}
_MASK = "¤"  # replaces quoted text so words inside quotes are never cue or speaker
# AP style types ” as two single marks (’’ or '') and sometimes “ as ‘‘: they pair like double marks.
_DOUBLED_OPEN = ("‘‘", "''")
_DOUBLED_CLOSE = ("’’", "''")
# One quotation mark of a kind (any opening or closing mark of its pairs), or first a doubled one.
_DOUBLE_CLASS = "[" + re.escape("".join(sorted({*_DOUBLE_PAIRS, *"".join(_DOUBLE_PAIRS.values())}))) + "]"
_SINGLE_CLASS = "[" + re.escape("".join(sorted({*_SINGLE_PAIRS, *"".join(_SINGLE_PAIRS.values())}))) + "]"
_DOUBLE_MARKS = re.compile(_DOUBLE_CLASS)
_DOUBLED_MARKS = re.compile("|".join([*(re.escape(d) for d in ("‘‘", "’’", "''")), _DOUBLE_CLASS]))
_SINGLE_MARKS = re.compile(_SINGLE_CLASS)

# --- cues: the words that say who speaks ---
_CUE = "|".join(sorted((re.escape(c) for c in CUE_WORDS), key=len, reverse=True))
_CUE_RE = re.compile(rf"\b(?P<cue>{_CUE})\b")
# A cue right after a closing mark: `“Can I?” Brooke asked.` is one sentence.
_CUE_FOLLOWS = re.compile(
    rf"^(?:(?:[Hh]e|[Ss]he|[Tt]hey|[Ii]t)|(?:[A-Z][\w.’'-]*\s+){{1,4}}?)\s*(?:\w+ly\s+)?(?:{_CUE})\b"
)
# Who a cue word is addressed to: "told reporters", "told the committee", "told Reuters".
_RECIPIENT = (
    r"(?:\s+(?:reporters|journalists|the\s+\w+(?:\s+\w+)?|an?\s+\w+(?:\s+\w+)?|him|her|them|us|me"
    r"|[A-Z][\w.&’'-]*(?:\s+[A-Z][\w.&’'-]*){0,3}))?"
)
_AFTER_CUE_INTRO = re.compile(
    rf"^{_RECIPIENT}(?:\s+(?:in|on|at|during|via|after|before|from|to|with)\s+[^,:.{_MASK}]{{1,50}})?"
    r"(?:\s*,\s*(?:adding|saying|noting|writing)|\s+(?:that|as saying|as having said))?\s*[:;,—–-]?\s*$"
)
# A cue after a partial quote belongs to a new clause when a conjunction comes first.
_NEW_CLAUSE = re.compile(rf"\b(?:while|whereas|and|but|as|although|though)\b(?=.*\b(?:{_CUE})\b)")
# Reported speech with the attribution after the words, verb first ("…, said Ahmad Ijaz, an economist"),
# or set off in the middle ("While bids are coming, Yearout said, there is no backlog").
_INVERTED_TAIL = re.compile(rf",\s+(?P<cue>{_CUE})\s+(?P<who>[A-Z][^.;!?]{{1,200}}?)\s*[.!?]?$")
_ASIDE_CUE = re.compile(
    rf"^(?P<before>.{{12,}}?),\s+(?P<who>[A-Z][\w.’'-]*(?:\s+[A-Z][\w.’'-]*){{0,3}})\s+(?P<cue>{_CUE}),\s+"
    r"(?P<after>.{12,})$"
)
# "Amazon released a statement saying, "…"": the statement's author speaks.
_STATEMENT_SAYING = re.compile(
    r"\s+(?:released|issued|put out|posted|sent|published|gave)\s+(?:a|an|its|his|her|their)\s+"
    r"(?:[\w-]+\s+){0,2}(?:statement|letter|post|tweet|note|message|response|reply)\s+"
    r"(?:saying|that said|which said|reading|stating)\s*[:,]?\s*$"
)
# "said Leigh Sears who is the concessions manager": a relative clause giving the speaker's role.
_WHO_IS = re.compile(r",?\s+who\s+(?:is|was|serves as|served as|works as)\s+(?=(?:the|a|an|[A-Z])\b)")
_QUOTED_AS_SAYING = re.compile(r"\s+(?:was|were|is|has been)\s+(?:quoted|reported)\s+as\s+saying\s*[:,]?\s*$")
# Cue-verb forms that are never nouns ("state", "reports" and "notes" may be role words).
_SPEECH_VERBS = frozenset(w for w in CUE_WORDS if w.endswith("ed") or w in ("said", "says", "told", "wrote"))
_THAT = re.compile(
    r"^(?P<recipient>" + _RECIPIENT + r")(?:\s+(?:in|on|at|during|after|last|this|earlier)"
    r"\s+[^,.]{1,40}?)?\s+that\s+(?P<content>.+)$"
)
# "said on Thursday it aims…": when or where it was said is not part of what was said.
_WHEN_SAID = re.compile(
    r"^\s*(?:(?:on|last|this|early|late)\s+)?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|week|"
    r"month|year)\s+|^\s*in\s+(?:a|an)\s+(?:statement|interview|email|letter)\s+"
)

# --- quoted words that are no quotation ---
_NOT_QUOTE_BEFORE = re.compile(
    r"(?:so-called|known as|titled|entitled|dubbed|nicknamed|named|called|slogan|hashtag|"
    r"headlined|the words|the phrase|the term|the word|signs? reading|read|such as|chanted|chanting)\s*[:,]?\s*$",
    re.IGNORECASE,
)
# `the "Meth. We're on it." campaign`: a quoted name of a campaign, show or work.
_NOT_QUOTE_AFTER = re.compile(
    r"^\W{0,2}\s*(?:campaign|slogan|ad|ads|motto|movement|program|programme|initiative|hashtag|show|series|"
    r"podcast|song|album|film|movie|book|tour|brand|label|logo|sign|signs|banner|banners)\b"
)

# --- names and roles around a quote ---
_POSSESSIVE_END = re.compile(r"['’]s?$")
_ROLE_LINK_BEFORE = re.compile(r"\b(?:of|for|to|at|in|on)\s+(?:the\s+)?$")
_DETERMINERS = frozenset({"a", "an", "the", "his", "her", "its", "their"})
_DESCRIBED_BEFORE = re.compile(r"(?:\b(?:a|an|the|his|her|its|their)|,)\s*$", re.IGNORECASE)
_WHICH = re.compile(r",\s+which\b")
_LEADING_ARTICLE = re.compile(r"^(?:The|A|An)\s+")
_APPOSITION_CUED = re.compile(rf",\s+((?:a|an|the|his|her)\s[^;.{_MASK}]{{2,200}}?),\s+(?:{_CUE})\b")
_APPOSITION = re.compile(
    r",\s+((?:a|an|the|his|her)\s[^,;.]{2,120}?|[\w’'-]+\s[^,;.]{2,80}?)(?:,|\s+(?:said|told|says|added)\b)"
)
_ROLE_WORDS = frozenset({*ROLE_NOUNS, *(t for t in TITLE_ROLES if " " not in t)})
_ROLE_STARTS = frozenset("former then now acting interim deputy senior chief top longtime veteran".split())
_ROLE_BEFORE = re.compile(rf"(?:^|[\s(])(?P<role>{ROLE_PHRASE}),?\s+$")
# What may stand before a sentence's subject: a fronted phrase, then role words
# ("Last week State Department official", "Wild defenseman").
_SUBJECT_LEAD = re.compile(r"(?:[^,]{1,60},\s+){0,2}(?:[\w.’'-]+\s+){0,6}")
_PRONOUN_SUBJECT = re.compile(r"(He|She)\s+[a-z]")

# --- the subject of a speech verb ---
_WORD = re.compile(r"[A-Za-z]+")
_CLAUSE_BREAK = re.compile(r"(?:[;:]|,\s+(?:and|but|while|as)\b|,|\band\b|\bbut\b)\s*")
# A pronoun right before the verb is its subject ("saying he recalled"); a name needs a clause
# boundary before it, or it may be an object ("in the journal Nature" found).
_TRAILING_PRONOUN = re.compile(r"\b(?P<subject>[Hh]e|[Ss]he|[Tt]hey|[Ii]t)\s+$")
_TRAILING_SUBJECT = re.compile(
    r"(?:^|[,;:]\s*|\b(?:when|and|but|as|while|that|because|if|after|before|since|although|though|where)\s+)"
    r"(?P<subject>[Hh]e|[Ss]he|[Tt]hey|[Ii]t|[A-Z][\w.’'-]+(?:\s+[A-Z][\w.’'-]+){0,3})\s+$"
)
_TRAILING_TITLED = re.compile(
    r"\b(?P<role>[a-z]+)\s+(?P<subject>[A-Z][\w.’'-]+(?:\s+[A-Z][\w.’'-]+){1,3})\s+$"
)
# A pronoun or a capitalised name at the start of a clause, followed by a lowercase verb.
_CLAUSE_SUBJECT = re.compile(
    r"(?:^|[,;:]\s+|\b(?:that|and|but|when|as|while)\s+)(?P<subject>[Hh]e|[Ss]he|[Tt]hey|[Ii]t|"
    r"[A-Z][\w.’'-]+(?:\s+[A-Z][\w.’'-]+){0,3})\s+(?:[a-z]+ly\s+)?[a-z]+"
)


@dataclass(frozen=True, slots=True)
class Span:
    """A quoted passage inside one paragraph: the offsets of its text, without the marks.

    ``opening`` and ``closing`` are the widths of its marks: two for the AP-style doubled
    single marks (‘‘…’’), one otherwise.
    """

    start: int
    end: int
    closed: bool
    opening: int = 1
    closing: int = 1

    @property
    def outer_start(self) -> int:
        """The offset of the opening mark."""
        return self.start - self.opening

    @property
    def outer_end(self) -> int:
        """The offset just past the closing mark."""
        return self.end + self.closing

    def text(self, paragraph: str) -> str:
        return paragraph[self.start : self.end]


@dataclass(frozen=True, slots=True)
class _Attribution:
    mention: Mention
    cue: str | None


# A quote standing alone after a sentence about someone goes to that person.
_FLOATING = _Attribution(Mention("pronoun", FLOATING), None)


@dataclass(slots=True)
class _Paragraph:
    """One paragraph being read: spans waiting for a cue, and the last attribution made."""

    text: str
    masked: str
    bounds: list[tuple[int, int]]
    base: int
    registry: Registry
    quotes: list[Quote]
    last: _Attribution | None = None
    carried: bool = False  # ``last`` comes from the paragraph before (a quote left open, a "said:")
    last_at: int = -1  # the sentence of the last attribution made in this paragraph
    pending: list[tuple[Span, QuoteKind]] = field(default_factory=list)

    def read(self, span: Span) -> None:
        """Classify and attribute one span; a span without a cue waits for the next one that has one."""
        kind = _kind(self.text, self.masked, span, self.bounds)
        if kind is None:
            return
        found = _attribute(self.masked, span, self.bounds, kind)
        if found is None:
            self.pending.append((span, kind))
            return
        for waiting, waiting_kind in self.pending:  # `"…" "…," she said`: the cue covers both
            self._add(waiting, waiting_kind, found, "shared")
        self.pending.clear()
        self._add(span, kind, found, "own")
        self.last = found
        self.carried = False
        self.last_at = self.base + _sentence_of(span.start, self.bounds)

    def finish(self) -> None:
        """Spans still waiting continue the last speaker (`"…," he said. "…"`), or float."""
        for span, kind in self.pending:
            if kind != "direct":
                continue
            if _has_cue_nearby(self.masked, span, self.bounds):
                self._add(span, kind, None, "own")  # a cue we could not read: no speaker rather than a guess
            elif (subject := self._new_subject_before(span)) is not None:
                self._add(span, kind, subject, "floating")
            elif self.last is not None:
                self._add(span, kind, self.last, "carried" if self.carried else "continued")
            else:
                self._add(span, kind, _FLOATING, "floating")
        self.pending.clear()

    def _new_subject_before(self, span: Span) -> _Attribution | None:
        """Someone else who is the subject of a sentence after the last attribution and before ``span``
        ("Tom Lee disagreed. "…""): the quote goes to them, not to the earlier speaker."""
        if self.last is None:
            return None
        position = self.base + _sentence_of(span.start, self.bounds)
        name = self.registry.new_subject_between(self.last_at, position)
        return _Attribution(Mention("name", name, name=name), None) if name else None

    def _add(self, span: Span, kind: QuoteKind, found: _Attribution | None, basis: Basis) -> None:
        index = _sentence_of(span.start, self.bounds)
        position = self.base + index
        if found is not None and not _may_speak(found.mention, self.masked[slice(*self.bounds[index])]):
            found = None  # "Florida", "East Asian": a place or a word, not someone who speaks
        entity = self.registry.resolve(found.mention, position) if found else None
        sure = confidence(basis, _way(found.mention), found.cue is not None) if found and entity else 0.0
        self.quotes.append(
            Quote(
                text=span.text(self.text).strip().rstrip(",").strip(),
                speaker=entity.name if entity else None,
                speaker_role=entity.role if entity else None,
                cue=found.cue if found else None,
                kind=kind,
                sentence=position,
                confidence=sure,
            )
        )


@dataclass(slots=True)
class QuoteReader:
    """Reads an article's paragraphs in order: splits their sentences, finds their quotes and speakers.

    The text is read sentence by sentence, so that "he said" reaches the person the reader last
    met: names are registered as they appear, then the sentence's quotes are attributed, or its
    reported speech when it holds no quotation.
    """

    registry: Registry = field(default_factory=Registry)
    _found: list[Quote] = field(default_factory=list, init=False)
    _sentences: int = field(default=0, init=False)  # sentences read so far
    _carried: _Attribution | None = field(default=None, init=False)  # a quote left open at a paragraph's end

    def read(self, paragraph: str) -> list[str]:
        """Read the next paragraph and return its sentences (quotes point into the article's sentences)."""
        spans = find_spans(paragraph)
        masked = mask_quotes(paragraph, spans)
        bounds = _sentence_bounds(paragraph, spans)
        base = self._sentences
        sentences = [paragraph[a:b].strip() for a, b in bounds]
        self._sentences += len(sentences)
        reading = _Paragraph(
            paragraph, masked, bounds, base, self.registry, self._found, self._carried, True, base - 1
        )
        by_sentence: dict[int, list[Span]] = {}
        for span in spans:  # each span's sentence, found once (a long paragraph has thousands of both)
            by_sentence.setdefault(_sentence_of(span.outer_start, bounds), []).append(span)
        for index, (start, end) in enumerate(bounds):
            _introduce_names(masked[start:end], self.registry, base + index)
            own = by_sentence.get(index, [])
            if own:
                for span in own:
                    reading.read(span)
            elif reported := _indirect(masked[start:end], self.registry, base + index):
                self._found.append(reported)
        reading.finish()
        self._carried = reading.last if spans and not spans[-1].closed else None
        if not spans and paragraph.rstrip().endswith(":"):  # "Jane Smith, an analyst, said:" then the quote
            self._carried = _cue_before(masked)
        return sentences

    def quotes(self) -> list[Quote]:
        """The quotes read so far in reading order, each under the name and role the article ends with."""
        final = self.registry.final_names()  # "Fiona" quoted first, "Fiona Parry" named later: one person
        quotes = [
            replace(q, speaker=final[q.speaker][0], speaker_role=final[q.speaker][1] or q.speaker_role)
            if q.speaker in final
            else q
            for q in self._found
        ]
        people = {e.name for e in self.registry.entities if e.kind == "person"}
        quotes = [
            replace(q, confidence=for_name(q.confidence, q.speaker, q.speaker in people)) if q.speaker else q
            for q in quotes
        ]
        quotes = [  # a wrong name is worse than none: an unsure attribution keeps the words, not the name
            replace(q, speaker=None, speaker_role=None) if q.speaker and unclear(q.confidence) else q
            for q in quotes
        ]
        quotes.sort(key=lambda q: q.sentence)
        return quotes

    def speakers(self) -> tuple[Speaker, ...]:
        """The registry as values: everyone quoted so far, in order of appearance."""
        return self.registry.speakers()


def _may_speak(mention: Mention, sentence: str) -> bool:
    """Whether a named speaker reads as a person, an organisation or a group where it stands (the
    recognizer of ``knowledge.understand.entities``); descriptions and pronouns always may."""
    if mention.kind != "name" or not mention.name:
        return True
    return is_speaker(default_recognizer().kinds(sentence, [mention.name])[0])


def _way(mention: Mention) -> str:
    """How a speaker phrase names its speaker, for the confidence: "name", "pronoun", "nominal" (a
    description), "unnamed" (an anonymous source), with "-org" for a body ("the ministry")."""
    return mention.kind if mention.entity == "person" else f"{mention.kind}-org"


def find_spans(paragraph: str) -> list[Span]:
    """Return the top-level quoted spans of a paragraph, double marks first, then single ones.

    A mark opens only before a non-space and closes only after one, so inch marks and
    apostrophes (don’t, the ’90s, O’Neill) are never taken for quotation marks. An
    unclosed mark runs to the end of the paragraph (a quote continued in the next one).
    """
    doubled = "’’" in paragraph or "''" in paragraph or "‘‘" in paragraph
    spans = _pair(paragraph, _DOUBLE_PAIRS, _DOUBLED_MARKS if doubled else _DOUBLE_MARKS, [])
    singles = _pair(paragraph, _SINGLE_PAIRS, _SINGLE_MARKS, spans)
    singles = [s for s in singles if s.closed and len(s.text(paragraph).split()) >= 3]
    return sorted(spans + singles, key=lambda s: s.start)


def _pair(text: str, pairs: dict[str, str], marks: re.Pattern[str], taken: list[Span]) -> list[Span]:
    """Pair the opening and closing ``marks`` of ``text`` outside the spans already ``taken``."""
    spans: list[Span] = []
    opener: tuple[int, str, int] | None = None
    covered = [(s.outer_start, s.outer_end) for s in taken]
    for mark in marks.finditer(text):
        i, char = mark.start(), mark.group()
        if any(start <= i < end for start, end in covered):
            continue
        before = text[i - 1] if i else " "
        after = text[i + len(char) : i + len(char) + 1] or " "
        if len(char) == 2:
            if opener is not None and char in _DOUBLED_CLOSE and not before.isspace():
                spans.append(_closed(opener, i, 2))
                opener = None
            elif opener is None and char in _DOUBLED_OPEN and not after.isspace() and not before.isalnum():
                opener = (i, "“", 2)
            continue
        if (
            opener is not None
            and char in pairs[opener[1]]
            and (not before.isspace() or _ends_nested(text, i))
        ):
            if char in "'’" and after.isalnum():
                continue  # an apostrophe inside a word
            spans.append(_closed(opener, i, 1))
            opener = None
        elif opener is None and char in pairs and (not after.isspace() or char in "“«„"):
            if char in "'’" or (char == '"' and before.isalnum()):
                if before.isalnum():
                    continue
            opener = (i, char, 1)
    if opener is not None and len(text) - opener[0] > opener[2] + 1:
        spans.append(Span(opener[0] + opener[2], len(text), closed=False, opening=opener[2], closing=0))
    return spans


def _ends_nested(text: str, i: int) -> bool:
    """A closing double mark set off by a space after a nested quote's own closing mark: `… ‘…’ ”`."""
    return text[i] == "”" and text[max(i - 2, 0) : i] in ("’ ", "' ")


def _closed(opener: tuple[int, str, int], close_at: int, closing: int) -> Span:
    """The span from an ``opener`` (offset, mark, width) to a closing mark at ``close_at``."""
    return Span(opener[0] + opener[2], close_at, closed=True, opening=opener[2], closing=closing)


def mask_quotes(paragraph: str, spans: list[Span]) -> str:
    """Replace every quoted text by a mask of the same length, keeping offsets stable."""
    chars = list(paragraph)
    for span in spans:
        chars[span.start : span.end] = _MASK * (span.end - span.start)
    return "".join(chars)


@lru_cache(maxsize=8192)
def parse_mention(phrase: str) -> Mention | None:
    """Read a speaker phrase, ignoring quoted words inside it (`the "Pose" actor`); a pure, cached read."""
    return _parse_mention(re.sub(r"\s+", " ", re.sub(rf"[\"“‘']?{_MASK}+[\"”’']?", " ", phrase)))


def _sentence_bounds(paragraph: str, spans: list[Span]) -> list[tuple[int, int]]:
    """Sentence offsets, never breaking inside a quotation, so a quote stays whole with its cue."""
    bounds: list[tuple[int, int]] = []
    cursor = 0
    ordered = sorted((s.start, s.end) for s in spans)
    starts = [start for start, _ in ordered]
    reach = list(accumulate((end for _, end in ordered), max))  # the furthest end of the first k spans
    for sentence in split_sentences(paragraph):
        start = paragraph.find(sentence, cursor)
        cursor = start + len(sentence)
        opened = bisect_left(starts, start)  # spans opening before this sentence starts
        inside = opened > 0 and reach[opened - 1] > start
        cue_follows = (
            bool(bounds)
            and paragraph[start - 2 : start].strip()[-1:] in "\"”’»'"
            and (
                _CUE_FOLLOWS.match(sentence) is not None  # `“Can I?” Brooke asked.` is one sentence
            )
        )
        if bounds and (inside or cue_follows):
            bounds[-1] = (bounds[-1][0], cursor)
        else:
            bounds.append((start, cursor))
    return bounds


_AFTER_ANY = sys.maxsize  # sorts after any end offset, so a sentence starting at the offset counts


def _sentence_of(offset: int, bounds: list[tuple[int, int]]) -> int:
    """The sentence holding ``offset`` (bounds are in order and do not overlap): a binary search."""
    i = bisect_right(bounds, (offset, _AFTER_ANY)) - 1  # the last sentence starting at or before offset
    for j in (i - 1, i):  # the first that holds it, as a scan from the start would find
        if j >= 0 and bounds[j][0] <= offset < bounds[j][1] + 1:
            return j
    return max(len(bounds) - 1, 0)


def _introduce_names(masked: str, registry: Registry, position: int) -> None:
    """Register the sentence's full names with their roles, in order.

    A role is read from an apposition after the name ("Jane Smith, a senior fellow at X,")
    or from the words before it ("Wild coach Bruce Boudreau", "Carlineo's attorney, Sonya
    Zoghlin"). A person named at the start of the sentence is its subject, whom a
    following "he said" most likely means.
    """
    opening = masked.lstrip(f"{_MASK} \"“”‘’'«»—–-(")
    for match in NAME_RUN.finditer(masked):
        name = _POSSESSIVE_END.sub("", match.group(0))  # "Zach Parise’s goal"
        mention = _name_after_role(masked, match) or parse_mention(name)
        if mention is None:
            continue
        role = _role_after(masked[match.end() : match.end() + 250]) or _role_before(masked, mention, match)
        if role:
            mention = replace(mention, role=role)
        if _WHICH.match(masked, match.end()) and mention.kind == "name":
            mention = replace(mention, entity="organisation")  # "Big Machine, which was bought"
        lead = opening.find(match.group(0))
        is_subject = (
            lead >= 0
            and _SUBJECT_LEAD.fullmatch(opening[:lead]) is not None
            and not _CUE_RE.search(opening[:lead])
        )
        registry.introduce(mention, position, subject=is_subject)
    if pronoun := _PRONOUN_SUBJECT.match(opening):
        registry.resolve(Mention("pronoun", pronoun.group(1).lower()), position, speaking=False)


def _name_after_role(masked: str, match: re.Match[str]) -> Mention | None:
    """A name whose capitalised words begin with the end of a role: in "Attorney for the District of
    Harbour County Jane Dobbs" the words "Harbour County" belong to the role, not to the name."""
    name = match.group(0)
    if name.count(" ") < 2 or not _ROLE_LINK_BEFORE.search(masked, max(0, match.start() - 10), match.start()):
        return None
    window = masked[max(0, match.start() - 90) : match.start()]
    clause = window[window.rfind(",") + 1 :].split()
    if (
        not clause
        or clause[0].lower() in _DETERMINERS
        or not any(w.lower() in _ROLE_WORDS for w in clause[-8:])
    ):
        return None  # cheap tests: a description (", the director of …") or no role word at all
    tokens = name.split()
    for cut in range(1, len(tokens) - 1):
        role = _ROLE_BEFORE.search(window + " ".join(tokens[:cut]) + " ")
        if role is None:
            continue
        if _DESCRIBED_BEFORE.search(window, 0, role.start("role")):
            return None  # "an adviser to the Harbour Energy Trust": a description ending in a place
        mention = parse_mention(" ".join(tokens[cut:]))
        if mention is not None and mention.kind == "name" and mention.entity == "person":
            return mention
    return None


def _role_after(after: str) -> str | None:
    """ ", a senior fellow at X, said" → "a senior fellow at X"; ", 35," and ", however," are no roles."""
    if not after.startswith(","):
        return None
    appos = _APPOSITION_CUED.match(after) or _APPOSITION.match(after)
    if appos is None:
        return None
    role = appos.group(1).strip()
    first = role.split()[0].lower()
    if first in ("a", "an", "the", "his", "her") or first in _ROLE_STARTS or re.search(r"['’]s$", first):
        return role
    return role if first.rstrip("s") in ROLE_NOUNS or first in TITLE_ROLES else None


def _role_before(masked: str, mention: Mention, match: re.Match[str]) -> str | None:
    """The role words right before a name: "former special envoy to Ukraine Kurt Volker"."""
    if mention.entity != "person" or not mention.name:
        return None
    start = masked.rfind(mention.name, match.start(), match.end() + 1)
    window = masked[max(0, start - 120) : max(start, 0)]
    found = _ROLE_BEFORE.search(window) if _may_end_in_role(window) else None
    return _after_cue_word(_LEADING_ARTICLE.sub("", LEADING_WORDS.sub("", found["role"]))) if found else None


def _after_cue_word(role: str) -> str | None:
    """ "said chief inspector" → "chief inspector": a speech verb before the role words is no part of it."""
    words = role.split()
    cues = [i for i, word in enumerate(words) if word in _SPEECH_VERBS]
    return " ".join(words[cues[-1] + 1 :]) or None if cues else role


def _may_end_in_role(window: str) -> bool:
    """A cheap test that ``_ROLE_BEFORE`` may match: the last word is a role word or capitalised (or odd)."""
    words = window.rsplit(None, 1)
    last = words[-1].rstrip(",") if words and window[-1:].isspace() else ""
    if not last:
        return False
    if not last.isascii() or not ("a" <= last[0] <= "z"):
        return True
    return last.lower() in _ROLE_WORDS or last.lower()[:-1] in _ROLE_WORDS


def _kind(paragraph: str, masked: str, span: Span, bounds: list[tuple[int, int]]) -> QuoteKind | None:
    """Decide whether a span is a direct or partial quote, or not a quotation at all."""
    text = span.text(paragraph).strip()
    words = text.split()
    sentence_start = bounds[_sentence_of(span.outer_start, bounds)][0]
    before = masked[sentence_start : span.outer_start].strip()
    if not words or _NOT_QUOTE_BEFORE.search(before) or _NOT_QUOTE_AFTER.match(masked[span.outer_end :]):
        return None
    if len(words) <= 4 and is_title_case(words):
        return None  # a title, a name or a slogan
    starts_sentence = not before or re.fullmatch(r"[-—–(\[]|and|but|so", before, re.I) is not None
    introduced = bool(before) and re.search(r"[:;,—–]$", before) is not None
    if starts_sentence or (introduced and len(words) >= 4):
        return "direct"
    if len(words) <= 2 and not _CUE_RE.search(masked[sentence_start : bounds[-1][1]]):
        return None  # a scare-quoted word with no one speaking
    return "partial"


def _attribute(
    masked: str, span: Span, bounds: list[tuple[int, int]], kind: QuoteKind
) -> _Attribution | None:
    """Find the cue and speaker of a span in its own sentence: after it, then before it."""
    sentence = _sentence_of(span.start, bounds)
    end_of_sentence = bounds[sentence][1] if span.closed else len(masked)
    after = masked[span.outer_end : end_of_sentence]  # later quotes stay masked: `the "Pose" actor said`
    if _MASK in after and _CUE_RE.search(head := after.split(_MASK)[0]):
        after = head  # `"…" and said, "…," X said`: the later quote has its own cue
    start_of_sentence = bounds[_sentence_of(max(span.outer_start, 0), bounds)][0]
    before = masked[start_of_sentence : max(span.outer_start, 0)]  # other quotes in it stay masked
    if re.search(rf"\b(?:{_CUE})\s*[,:]\s*$", before):  # `and said, "…"`: the nearest cue is the speaker's
        return _cue_before(before) or _cue_after(after) or _cue_governing(before)
    if kind == "partial" and (_NEW_CLAUSE.search(after) or not _CUE_RE.search(after)):
        # `Ruiz called it "a disgrace," while Okafor said …`: the verb before governs
        return _cue_before(before) or _cue_governing(before) or _cue_after(after)
    return _cue_after(after) or _cue_before(before) or _cue_governing(before)


def _cue_governing(text: str) -> _Attribution | None:
    """A quotation inside the reporter's sentence goes to the subject of the nearest speech verb.

    `North Korea insisted the drills were a "test"` · `Trump slammed the hearings as a "disgrace"`.
    """
    verbs = [m for m in _WORD.finditer(text) if m.group(0) in CUE_WORDS or m.group(0) in CHARACTERIZING_VERBS]
    for match in reversed(verbs):
        if subject := _subject_of(text, match.start(), match.group(0)):
            return _Attribution(subject, match.group(0))
    return None


def _subject_of(text: str, verb_start: int, verb: str) -> Mention | None:
    """Who does the verb at ``verb_start``: after a comma, an -ing verb belongs to the main clause
    (`He urged X to act, saying …`); otherwise the phrase right before it."""
    before = text[:verb_start]
    if verb.endswith("ing") and before.rstrip().endswith(","):
        for match in _CLAUSE_SUBJECT.finditer(before):
            if mention := _guess(match["subject"]):
                return mention
    return _subject_before(before)


def _cue_after(text: str) -> _Attribution | None:
    """`"…," Sokov said` · `"…," said Jane Smith, a fellow at X` · `"…," he told Reuters`."""
    text = text.lstrip(" ,;:—–-")
    if match := re.match(
        rf"^(?P<cue>{_CUE})\s+(?P<who>.+?)\s*(?:[.;!?](?=\s*[\"“‘'«{_MASK}])|[.;!?]?\s*$)", text
    ):
        if mention := parse_mention(_cut_clause(match["who"])):
            return _Attribution(mention, match["cue"])
    if match := re.match(
        r"^(?P<who>[^;!?]{1,250}?)\s+(?:was|were)\s+(?:quoted|reported)\s+as\s+saying", text
    ):
        if mention := parse_mention(match["who"]):
            return _Attribution(mention, "quoted as saying")
    if match := ACCORDING_TO.search(text):
        if (match.start() == 0 or text[: match.start()].rstrip().endswith(",")) and (
            mention := parse_mention(_cut_clause(text[match.end() :].strip(" .,")))
        ):
            return _Attribution(mention, "according to")  # `"…" are thought to matter, according to X`
    for match in _CUE_RE.finditer(text):
        who = text[: match.start()]
        if len(who.split()) > 40:
            break
        if mention := parse_mention(who) or parse_mention(who.rsplit(",", 1)[-1]):
            return _Attribution(mention, match["cue"])  # `"…" and affects X, Noem said`
        if who.count(",") == 0 and len(who.split()) > 6:
            break
    if match := re.search(rf",\s+(?P<cue>{_CUE})\s+(?P<who>[^.;!?]+?)\s*(?:[.;!?]|$)", text):
        if mention := parse_mention(_cut_clause(match["who"])):
            return _Attribution(mention, match["cue"])  # `"…" despite X, said another witness, Y`
    return None


def _cut_clause(text: str) -> str:
    """Keep a speaker phrase and its apposition, dropping a trailing clause (", adding that…"); a "who is"
    clause giving the role is read as an apposition ("Leigh Sears who is the manager")."""
    text = _WHO_IS.sub(", ", text, count=1)
    return re.split(r",\s+(?:adding|saying|noting|who|which|before|after|as|in|during)\b", text)[0]


def _cue_before(text: str) -> _Attribution | None:
    """`Sokov said: "…"` · `Smith told reporters, "…"` · `According to Smith, "…"` · `She added that "…"`."""
    text = text.rstrip()
    if match := ACCORDING_TO.search(text):
        if mention := parse_mention(text[match.end() :].strip(" ,")):
            return _Attribution(mention, "according to")
    if match := _QUOTED_AS_SAYING.search(text):
        if mention := _subject_before(text[: match.start()] + " "):
            return _Attribution(mention, "quoted as saying")
    if match := _STATEMENT_SAYING.search(text):
        if mention := _subject_before(text[: match.start()] + " "):
            return _Attribution(mention, "said in a statement")
    for match in reversed(list(_CUE_RE.finditer(text))):
        if not _AFTER_CUE_INTRO.match(text[match.end() :]):
            continue
        subject = _subject_of(text, match.start(), match["cue"])
        if subject is not None:
            return _Attribution(subject, match["cue"])
    if text.endswith(":") and (subject := _subject_before(text.rstrip(":").split(" put it")[0])):
        return _Attribution(subject, None)
    return None


def _subject_before(text: str) -> Mention | None:
    """The speaker phrase that ends ``text`` (just before a cue word).

    Tried in order: a relative clause's noun (`a career officer who`), the whole clause,
    the phrase after each comma or conjunction (`…in May, Zippy Duvall, the president
    of X,`), a name or pronoun right before the verb (`… when Sondland`), then the
    subject of the clause the verb belongs to (`During the call, he asked …, called`).
    """
    if text.rstrip().endswith(" who"):
        words = text.rstrip()[:-4].split()
        for size in range(min(6, len(words)), 0, -1):
            if mention := parse_mention(" ".join(words[-size:])):
                return mention
        return None
    if trailing := _TRAILING_PRONOUN.search(text) or _TRAILING_SUBJECT.search(text):
        if mention := parse_mention(trailing["subject"]):
            return mention
    if titled := _TRAILING_TITLED.search(text):  # "… in what host Tom Bergeron" described
        if titled["role"].lower() in ROLE_NOUNS and (mention := parse_mention(titled["subject"])):
            return replace(mention, role=mention.role or titled["role"])
    stripped = text.rstrip(" ,")
    starts = [0] + [m.end() for m in _CLAUSE_BREAK.finditer(stripped)]
    for start in starts:
        if mention := parse_mention(stripped[start:]):
            return mention
    for match in reversed(list(_CLAUSE_SUBJECT.finditer(stripped))):
        if mention := _guess(match["subject"]):
            return mention
    return None


def _guess(phrase: str) -> Mention | None:
    """A subject read off the clause's shape: a lone capitalised word must be someone already met."""
    mention = parse_mention(phrase)
    if mention is not None and mention.kind == "name" and len(phrase.split()) == 1:
        return replace(mention, known_only=True)
    return mention


def _has_cue_nearby(masked: str, span: Span, bounds: list[tuple[int, int]]) -> bool:
    """A cue in the span's own sentence whose speaker we could not read: better no speaker than a guess."""
    start, end = bounds[_sentence_of(span.start, bounds)]
    return _CUE_RE.search(masked[start:end]) is not None


def _indirect(sentence: str, registry: Registry, position: int) -> Quote | None:
    """Reported speech in a sentence without a quotation: `X said (that) …`, `…, X said.`"""
    result = _reported(sentence)
    if result is None:
        return None
    attribution, content = result
    if len(content.split()) < 4:
        return None
    entity = registry.resolve(attribution.mention, position)
    if entity is None:
        return None
    return Quote(
        text=content.strip().rstrip(".").strip(),
        speaker=entity.name,
        speaker_role=entity.role,
        cue=attribution.cue,
        kind="indirect",
        sentence=position,
        confidence=confidence("own", _way(attribution.mention), True),
    )


def _reported(sentence: str) -> tuple[_Attribution, str] | None:
    sentence = sentence.strip()
    if match := re.match(r"^According to (?P<who>[^,]{2,120}),\s+(?P<content>.+)$", sentence):
        if mention := parse_mention(match["who"]):
            return _Attribution(mention, "according to"), match["content"]
    if match := re.search(r",\s+according to (?P<who>[^,.]{2,120})\.?$", sentence):
        if mention := parse_mention(match["who"]):
            return _Attribution(mention, "according to"), sentence[: match.start()]
    tail = re.search(
        rf",\s+(?P<who>[^.;]{{1,250}}?)\s+(?P<cue>{_CUE})(?:\s+[\w.’'-]+){{0,3}}"
        r"(?:\s+(?:in|on|at|during|via|after|before|from|to|with|this|last)\s+[^,.]{1,50})?\s*[.!?]?$",
        sentence,
    )
    if tail:
        for comma in re.finditer(r",\s+", sentence[: tail.start("cue")]):
            mention = parse_mention(sentence[comma.end() : tail.start("cue")])
            if mention is not None:
                return _Attribution(mention, tail["cue"]), sentence[: comma.start()]
    if inverted := _INVERTED_TAIL.search(sentence):  # "…, said Ahmad Ijaz, an economist at X."
        if mention := parse_mention(_cut_clause(inverted["who"])):
            return _Attribution(mention, inverted["cue"]), sentence[: inverted.start()]
    if aside := _ASIDE_CUE.match(sentence):  # "While …, Yearout said, there is no backlog …"
        if mention := parse_mention(aside["who"]):
            return _Attribution(mention, aside["cue"]), f"{aside['before']} {aside['after']}"
    for match in _CUE_RE.finditer(sentence):
        lemma = CUE_WORDS[match["cue"]]
        if lemma not in INDIRECT_CUES or match.start() == 0:
            continue
        subject = parse_mention(sentence[: match.start()])
        if subject is None:
            continue
        rest = sentence[match.end() :]
        if that := _THAT.match(rest):
            return _Attribution(subject, match["cue"]), that["content"]
        if lemma in BARE_CONTENT_CUES and lemma != "tell" and re.match(r"^\s+\w", rest):
            return _Attribution(subject, match["cue"]), _WHEN_SAID.sub("", rest)
    return None
