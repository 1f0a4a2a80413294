"""Read a reader's question: what they want (the intent) and about whom or which words."""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from knowledge.models import Intent

_VOCABULARY = (
    "who",
    "what",
    "said",
    "say",
    "says",
    "did",
    "does",
    "summary",
    "summarize",
    "quoted",
    "articles",
    "about",
    "people",
    "whose",
)
_SAY = (
    r"(?:say|said|says|saying|tell|told|think|thinks|thought|predict|predicted|claim|claimed|"
    r"argue|argued|warn|warned|add|added|write|wrote|state|stated|mean|comment|comments|"
    r"testify|testified|insist|insisted|note|noted|believe|believes|suggest|suggested)"
)
_WHO_SAID = re.compile(
    rf"^(?:who|whom)(?:\s+(?:has|had|did|was|is|actually|really))?\s+"
    rf"(?:{_SAY}|made the (?:remark|comment|statement)|(?:was|is)\s+quoted\s+(?:as\s+)?saying|wrote)\b"
    r"[\s:,]*(?:that\s+|the words\s+|this\s*:?\s*)?(?P<quote>.*)$"
    r"|^whose (?:words|quote|line) (?:is|are|was|were)\s*:?\s*(?P<quote2>.+)$"
    r"|^(?:who(?:'s| is) the (?:source|author) of)\s*:?\s*(?P<quote3>.+)$",
    re.IGNORECASE,
)
_WHAT_SAID = re.compile(
    r"^what\s+(?:did|does|do|has|had|was|is|have)\s+(?P<person>.+?)\s+(?:have to\s+)?"
    rf"(?:{_SAY}|quoted(?:\s+as)?\s+saying)"
    r"(?:\s+(?:about|on|regarding|concerning|of|in)\s+(?P<topic>.+))?$"
    r"|^what\s+(?:is|was|are)\s+(?P<person2>.+?)['’]s\s+(?:view|opinion|take|position|point|stance|argument)"
    r"(?:\s+(?:about|on|of|regarding)\s+(?P<topic2>.+))?$"
    r"|^(?:quotes?|statements?|words)\s+(?:from|by|of)\s+(?P<person3>.+?)(?:\s+(?:about|on)\s+(?P<topic3>.+))?$"
    r"|^what\s+(?P<person4>[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3})\s+(?:said|says|thinks)"
    r"(?:\s+(?:about|on)\s+(?P<topic4>.+))?$",
    re.IGNORECASE,
)
_WHO_IS = re.compile(
    r"^(?:who(?:'s|\s+is|\s+was)|tell me about)\s+(?P<person>(?!quoted\b|speaking\b|cited\b)"
    r"[\w.'’ -]{2,60}?)$",
    re.IGNORECASE,
)
_PEOPLE = re.compile(
    r"^(?:who(?:\s+else)?\s+(?:is|are|was|were|gets?|got)\s+(?:quoted|cited|interviewed|speaking|"
    r"talking|mentioned|in (?:it|the (?:article|story)))|who\s+(?:speaks|talks)"
    r"|people|speakers|sources|voices"
    r"|(?:list|show|name)(?:\s+me)?\s+(?:the|all)?\s*(?:people|speakers|sources|voices)|which people"
    r"|who are the (?:people|speakers|sources|experts))\b",
    re.IGNORECASE,
)
_SUMMARY = re.compile(
    r"\b(?:summar(?:y|ise|ize)|tl;?dr|gist|recap|overview|main points|key points|in short|"
    r"what(?:'s| is| was) (?:this|it|the (?:article|story|news)) about|what happened)\b",
    re.IGNORECASE,
)
_ARTICLES = re.compile(
    r"^(?:(?:what|which|list|show)(?:\s+me)?\s+(?:the\s+)?(?:articles|stories|news)|articles|stories)\b"
    r"(?:.*?\b(?:about|on|regarding)\s+(?P<topic>.+))?",
    re.IGNORECASE,
)
_HELP = re.compile(
    r"^(?:help|\?|what can you do|how (?:does|do) (?:this|it|you) work|commands|start|hi|hello)\W*$",
    re.IGNORECASE,
)
_QUOTED_ONLY = re.compile(r"^[\"“”«‘'](?P<quote>.{8,})[\"“”»’']\W*$")


@dataclass(frozen=True, slots=True)
class Question:
    """A parsed question: the intent and the words, person or topic it is about."""

    text: str
    intent: Intent
    quote: str | None = None
    person: str | None = None
    topic: str | None = None


def parse_question(text: str) -> Question:
    """Classify a question and pull out its quoted words, person and topic.

    Robust to casing, a trailing "?", stray quotation marks and small typos in the
    question words ("waht did Sokov sya").
    """
    raw = re.sub(r"\s+", " ", text).strip()
    cleaned = _fix_question_words(raw.rstrip("?!. ").strip())
    if not cleaned or _HELP.match(cleaned):
        return Question(raw, "help")
    if match := _QUOTED_ONLY.match(cleaned):
        return Question(raw, "who_said", quote=_strip_marks(match["quote"]))
    if match := _WHO_SAID.match(cleaned):
        quote = match["quote"] or match["quote2"] or match["quote3"] or ""
        return Question(raw, "who_said", quote=_strip_marks(quote) or None)
    if match := _WHAT_SAID.match(cleaned):
        groups = match.groupdict()
        person = next(groups[k] for k in ("person", "person2", "person3", "person4") if groups[k])
        topic = next((groups[k] for k in ("topic", "topic2", "topic3", "topic4") if groups[k]), None)
        return Question(raw, "what_said", person=_strip_marks(person), topic=topic)
    if _SUMMARY.search(cleaned):
        return Question(raw, "summary")
    if match := _ARTICLES.match(cleaned):
        return Question(raw, "articles", topic=match["topic"])
    if _PEOPLE.match(cleaned):
        return Question(raw, "people")
    if match := _WHO_IS.match(cleaned):
        return Question(raw, "people", person=match["person"].strip())
    return Question(raw, "fact")


def _fix_question_words(text: str) -> str:
    """Correct typos in the first two words ("waht did", "who sayd") against the question vocabulary."""
    words = text.split(" ")
    for i, word in enumerate(words[:2]):
        lowered = word.lower()
        if len(lowered) < 3 or lowered in _VOCABULARY or not lowered.isalpha():
            continue
        best = process.extractOne(lowered, _VOCABULARY, scorer=fuzz.ratio, score_cutoff=75)
        if best is not None and abs(len(best[0]) - len(lowered)) <= 1:
            words[i] = best[0]
    return " ".join(words)


def _strip_marks(text: str) -> str:
    return text.strip().strip("\"“”«»‘’'`").strip().rstrip("?").strip()
