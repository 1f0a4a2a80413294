"""Read a reader's question: what they want (the intent), about whom or which words, and what would answer it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from rapidfuzz import fuzz, process

from knowledge.models import Intent
from knowledge.text.cyrillic import has_cyrillic
from knowledge.text.lexicon import QUESTION_SAY_VERBS, alternation

Expects = Literal["money", "number", "percent", "duration", "age", "score", "date", "person", "place", "name"]

# Words that decide an intent; a typo in one of them ("waht", "sayd", "summarise") is corrected first.
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
    "stories",
    "quote",
    "quotes",
    "news",
)
_SAY_FORMS = ("say", "said", "says", "saying")
_SAY = alternation(QUESTION_SAY_VERBS)
# "testified" asks for words only with what was said ("who testified that ..."), not "who testified later".
_TESTIFY = r"testif(?:y|ies|ied)"
_SAY_WHAT = rf"(?:{_SAY}|{_TESTIFY})"
_ABOUT = r"(?:about|on|regarding|concerning|of|in|over)"
_WHO_SAID = re.compile(
    rf"^(?:who|whom|which (?:person|one|official|expert))(?:\s+(?:has|had|did|was|is|actually|really|"
    rf"exactly|first|was it that|is it that|was it who))*\s+"
    rf"(?:{_SAY}|{_TESTIFY}(?=\s+that\b)|made the (?:remark|comment|statement|claim)|(?:was|is)\s+quoted\s+(?:as\s+)?saying|"
    rf"(?:is|was)\s+(?:behind|the (?:source|author) of)(?:\s+(?:the\s+)?(?:words|quote|line|remark))?)\b"
    r"[\s:,]*(?:that\s+|the words\s+|these words\s*:?\s*|this\s*:\s*|the following\s*:?\s*)?(?P<quote>.*)$"
    r"|^whose (?:words|quote|line|remark|statement|comment) (?:is|are|was|were)\s*:?\s*(?P<quote2>.+)$"
    r"|^(?:who(?:'s| is) the (?:source|author) of)\s*:?\s*(?P<quote3>.+)$"
    r"|^(?P<quote4>.{8,}?)\s*[-–—:,?]*\s*(?:who|whom)\s+(?:said|says|wrote|made)\s+"
    r"(?:this|that|it|these words|those words|the line|the remark)?$"
    r"|^(?:who said it|who said that|who said this)\s*[:,-]?\s*(?P<quote5>.+)$",
    re.IGNORECASE,
)
_WHAT_SAID = re.compile(
    r"^(?:and\s+)?what\s+(?:did|does|do|has|had|was|is|have|would|will)\s+(?P<person>.+?)\s+"
    r"(?:have to\s+|been\s+|got to\s+|had to\s+)?"
    rf"(?:{_SAY_WHAT}|quoted(?:\s+as)?\s+saying)"
    rf"(?:\s+{_ABOUT}\s+(?P<topic>.+))?$"
    r"|^what\s+(?:is|was|are|were)\s+(?P<person2>.+?)['’]s?\s+(?:view|views|opinion|take|position|point|stance|"
    r"argument|comment|comments|message|response|reaction|quote|quotes)"
    rf"(?:\s+{_ABOUT}\s+(?P<topic2>.+))?$"
    r"|^(?:show\s+(?:me\s+)?|list\s+|give\s+(?:me\s+)?)?(?:the\s+|all\s+)?(?:quotes?|statements?|words|comments?|remarks?)"
    rf"\s+(?:from|by|of)\s+(?P<person3>.+?)(?:\s+{_ABOUT}\s+(?P<topic3>.+))?$"
    r"|^what\s+(?P<person4>[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3})\s+(?:said|says|thinks|thought|told)"
    rf"(?:\s+{_ABOUT}\s+(?P<topic4>.+))?$"
    r"|^(?:how did|how does)\s+(?P<person5>.+?)\s+(?:describe|react to|respond to|see|view)\s+(?P<topic5>.+)$"
    r"|^(?:did|does|has)\s+(?P<person6>.+?)\s+(?:say|said|comment|talk|speak)\s+(?:anything\s+)?"
    rf"{_ABOUT}\s+(?P<topic6>.+)$"
    # "what did X tell the teachers (about pay)", "what did X say to reporters": an audience named
    r"|^what\s+(?:did|does|has|had|would|will)\s+(?P<person7>.+?)\s+(?:tell|told|say to|said to)\s+"
    r"(?:the\s+|a\s+|an\s+|his\s+|her\s+|their\s+|its\s+)?[\w'’-]+(?:\s+[\w'’-]+)?"
    rf"(?:\s+{_ABOUT}\s+(?P<topic7>.+))?$",
    re.IGNORECASE,
)
_GROUPS = ("", "2", "3", "4", "5", "6", "7")
_PERSON_ABOUT = re.compile(
    r"^(?P<person>.+?)\s+(?:about|on|regarding|concerning)\s+(?P<topic>.+)$", re.IGNORECASE
)
# "Sokov on negotiations": a name of one to four words, then a topic. Loose: when no one of that
# name is quoted, the answer reads it as a plain question instead.
_NAME_ON = re.compile(
    r"^(?!(?:what|who|whom|whose|how|did|does|do|is|are|was|were|when|where|why|which|tell|show|any)\b)"
    r"(?P<person>[^\W\d][\w.'’-]+(?:\s+[^\W\d][\w.'’-]+){0,3})(?:['’]s\s+(?:quotes|words|view))?\s+"
    r"(?:on|about)\s+(?P<topic>.+)$",
    re.IGNORECASE,
)
_WHO_IS = re.compile(
    r"^(?:who(?:'s|\s+is|\s+was|\s+are)|tell me about|what (?:is|was) the (?:role|job|title|position) of|"
    r"what does\s+(?P<person2>.+?)\s+do)\s*(?P<person>(?!quoted\b|speaking\b|cited\b|interviewed\b)"
    r"[\w.'’ -]{2,60}?)?$",
    re.IGNORECASE,
)
_PEOPLE = re.compile(
    r"^(?:who(?:\s+else)?\s+(?:is|are|was|were|gets?|got|has been|have been)\s+(?:quoted|cited|interviewed|"
    r"speaking|talking|mentioned|named|in (?:it|this|the (?:article|story|piece|report)))"
    r"|who\s+(?:speaks|talks|spoke|talked|comments|commented|is speaking)"
    r"|people|speakers|sources|voices|quotes"
    r"|(?:list|show|name|give)(?:\s+me)?\s+(?:the|all)?\s*(?:people|speakers|sources|voices|experts|quotes)"
    r"|which (?:people|experts|officials|sources|persons)"
    r"|who are the (?:people|speakers|sources|experts|voices))\b",
    re.IGNORECASE,
)
_SUMMARY = re.compile(
    r"\b(?:summar(?:y|ies|ise|ize|ized|ised)|tl;?dr|gist|recap|overview|main points|key points|in short|"
    r"briefly|what(?:'s| is| was) (?:this|it|the (?:article|story|news|piece|report)) about|what happened"
    r"|sum (?:it|this) up)\b",
    re.IGNORECASE,
)
_ARTICLES = re.compile(
    r"^(?:(?:what|which|list|show|find|any|give|search)(?:\s+(?:me|for))?\s+(?:the\s+|other\s+)?"
    r"(?:articles?|stories|story|news|reports?|pieces?|coverage)"
    r"|(?:do|did) you have (?:any(?:thing)?|articles?|stories|news)"
    r"|what (?:do|did) you (?:have|know|got)|what have you got|anything|articles?|stories|news)\b"
    r"(?:.*?\b(?:about|on|regarding|concerning|mentioning|covering|with)\s+(?P<topic>.+))?",
    re.IGNORECASE,
)
_HELP = re.compile(
    r"^(?:help|\?|what can you do|what can i ask|how (?:does|do) (?:this|it|you) work|commands|start|hi|"
    r"hello|hey|menu)\W*$",
    re.IGNORECASE,
)
# The same intents asked in Russian (the answer quotes the English excerpt; names are matched by sound).
_RU_SAY = (
    r"(?:сказал|сказала|сказали|заявил|заявила|заявили|говорил|говорила|говорит|произн[её]с|произнесла|"
    r"утверждал|утверждала|написал|написала|пообещал|пообещала|назвал|назвала|сообщил|сообщила|отметил|"
    r"отметила|считает|думает|ответил|ответила)"
)
_RU_NAME = r"(?P<person>[А-ЯЁA-Z][\w.'’-]*(?:\s+[А-ЯЁA-Z][\w.'’-]*){0,3})"
_RU_WHO_SAID = re.compile(
    rf"^(?:а\s+)?(?:кто\s+(?:это\s+|же\s+)?{_RU_SAY}|чьи\s+(?:это\s+)?слова|чья\s+(?:это\s+)?цитата)"
    r"\s*[,:—-]?\s*(?:что\s+|слова\s+|фразу\s+)?(?P<quote>.+)$",
    re.I,
)
_RU_WHAT_SAID = re.compile(
    rf"^(?:а\s+)?что\s+(?:{_RU_SAY}\s+(?:[а-яё-]+\s+){{0,2}}?{_RU_NAME}|{_RU_NAME.replace('person', 'person2')}\s+{_RU_SAY})"
    r"(?:\s+(?:о|об|обо|про|насч[её]т|по поводу|по)\s+(?P<topic>.+))?$"
)
_RU_PEOPLE = re.compile(
    r"^(?:кого\s+(?:цитиру[ею]т|цитирует статья|процитировали)|кто\s+(?:цитируется|высказывается|"
    r"говорит в (?:статье|материале)))",
    re.I,
)
_RU_SUMMARY = re.compile(
    r"(?:о\s+ч[её]м\s+(?:эта\s+)?(?:статья|новость|текст|материал|речь)|^(?:кратко|вкратце|коротко|"
    r"краткое содержание|перескажи|резюмируй|в двух словах|суть)\b)",
    re.I,
)
_QUOTED_ONLY = re.compile(r"^[\"“”«‘'](?P<quote>[^\"“”«»]{8,})[\"“”»’']\W*$")
_WRAPPED = re.compile(
    r"^[\"“”«‘'](?P<inner>(?:who|what|whose|which|how|when|where|why)\b.+)[\"“”»’']\W*$", re.I
)
# "#3" anywhere, or "in article 3" / "from story #3" at the end: the article the reader points at.
_ARTICLE_REF = re.compile(
    r"(?:\s*(?:,|\b(?:in|from|of|for))\s*)?(?:#(?P<id>\d{1,9})\b|\b(?:article|story)\s+#?(?P<id2>\d{1,9})$)",
    re.I,
)
_EXPECTS: tuple[tuple[Expects, re.Pattern[str]], ...] = (
    (
        "duration",
        re.compile(
            r"^(?:for\s+)?how long\b(?!\s+ago\b)|^(?:for\s+)?how many (?:years|months|weeks|days|hours|minutes)\b",
            re.I,
        ),
    ),
    (
        "percent",
        re.compile(
            r"^(?:(?:what|which|how big an?|how large an?) (?:percentage|percent|share|proportion|fraction)\b|"
            r"(?:what|how much) (?:is|was|are|were|will be)\b.*\b(?:rate|percentage|share)\b|"
            r"what (?:[\w-]+\s+){1,3}(?:rate|percentage)\b(?!\s+of\b)|"
            r"by (?:what|how many) (?:percent|percentage points?)\b)",
            re.I,
        ),
    ),
    ("score", re.compile(r"^what (?:is|was) the (?:final |half-time |halftime )?score\b", re.I)),
    ("age", re.compile(r"^(?:how old|(?:what|at what) age)\b", re.I)),
    (
        "money",
        re.compile(
            r"^(?:how much\b.*\b(?:pay|paid|pays|cost|costs|spend|spent|spends|worth|price|fine|fined|earn|earned|"
            r"earns|charge|charged|sell|sold|buy|bought|salary|budget|fee|fees|owe|owed|donate|donated|invest|"
            r"invested|raise|raised|compensation|settlement|fund|funding|grant|bid|offer|offered|revenue|profit)\b|"
            r"what (?:is|was|were|are) the (?:price|cost|fine|fee|salary|budget|value|bill)\b)",
            re.I,
        ),
    ),
    (
        "number",
        re.compile(
            r"^(?:(?:in|for|of|at|by|to|on) how (?:many|much|long)|"
            r"how (?:many|much|long|old|far|big|large|tall|high|often|fast|heavy|deep|wide)|"
            r"what (?:percentage|percent|share|proportion|number|amount|sum|price|cost|age|size|rate|score)|"
            r"at what (?:price|cost|age|rate|speed)|by how much)\b",
            re.I,
        ),
    ),
    (
        "date",
        re.compile(
            r"^(?:when|(?:what|which) (?:date|day|year|month|time)|(?:in|on|by|since|until) (?:what|which) "
            r"(?:date|day|year|month))\b",
            re.I,
        ),
    ),
    ("place", re.compile(r"^(?:where|in (?:what|which) (?:city|country|town|state|place|region))\b", re.I)),
    (
        "name",
        re.compile(
            r"^(?:what (?:is|was|are|were) the names? of|(?:what|which) (?:company|firm|agency|group|team|"
            r"film|movie|book|song|party|organi[sz]ation|country|city|brand|website|site|app|show|"
            r"newspaper|channel|network|school|university|club|court|bank|law|bill|program|programme)|"
            r"which (?!(?:of|one|ones|is|was|are|were|do|does|did)\b)[a-z]+)\b",
            re.I,
        ),
    ),
    ("person", re.compile(r"^(?:who|whom|whose)\b", re.I)),
)


# "how many <things> did/does/are ...": the things a number in the answer must count.
_HOW_MANY = re.compile(
    r"^(?:(?:in|for|of|at|by|to|on)\s+)?how many\s+(?:more\s+|other\s+|new\s+|of\s+the\s+)?(?P<focus>.+?)"
    r"(?=\s+(?:did|does|do|has|have|had|is|are|was|were|will|would|can|could|in|at|on|of)\b|$)",
    re.I,
)
_FUNCTION_WORDS = frozenset("the a an of to in on at for by with and or that which who because".split())
# "who is <name>": a name is capitalized (particles aside) unless the whole question is in lower case.
_PRONOUNS = frozenset("he she it they we you i him her them this that these those there".split())
_PARTICLES = frozenset("van von der den de del della da di du le la al bin ibn el st".split())


@dataclass(frozen=True, slots=True)
class Question:
    """A parsed question: the intent, the words, person or topic it is about, and what would answer it."""

    text: str
    intent: Intent
    quote: str | None = None
    person: str | None = None
    topic: str | None = None
    expects: Expects | None = None  # for a plain question: the kind of words an answer must hold
    article_id: int | None = None  # "in article 3", "#3": the article the reader points at
    focus: str | None = None  # "how many <focus>": the things (one to three words) a number must count

    # Typed questions: what the bot's commands and buttons ask, with no sentence to read back.

    @classmethod
    def who_said(cls, words: str, *, article_id: int | None = None) -> Question:
        """Who said these words (typed loosely)?"""
        quote = _strip_marks(words) or None
        return cls(f"who said {words}", "who_said", quote=quote, expects="person", article_id=article_id)

    @classmethod
    def what_said(cls, person: str, topic: str | None = None, *, article_id: int | None = None) -> Question:
        """What did this person (a name or a description) say, about ``topic`` if given?

        A topic written after the name ("Sokov about talks") is taken apart from it.
        """
        if topic is None and (match := _PERSON_ABOUT.match(person.strip())):
            person, topic = match["person"], match["topic"]
        text = f"what did {person} say" + (f" about {topic}" if topic else "")
        return cls(text, "what_said", person=_strip_marks(person), topic=_topic(topic), article_id=article_id)

    @classmethod
    def people(cls, *, article_id: int | None = None) -> Question:
        """Who is quoted (in one article, or in the newest ones)?"""
        return cls("who is quoted", "people", article_id=article_id)

    @classmethod
    def summary(cls, *, article_id: int | None = None) -> Question:
        """A summary of one article (the newest when none is named)."""
        return cls("summary", "summary", article_id=article_id)

    @classmethod
    def help(cls, *, article_id: int | None = None) -> Question:
        """What can be asked (about one article, with examples from it)?"""
        return cls("help", "help", article_id=article_id)


def parse_question(text: str) -> Question:
    """Classify a question and pull out its quoted words, person, topic and expected answer.

    Robust to casing, a trailing "?", a whole question in quotation marks, stray quotation
    marks, small typos in the words that carry the intent ("waht did Sokov sya"), and a
    few word orders ("<words> - who said that?", "Sokov on negotiations").
    """
    raw = re.sub(r"\s+", " ", text).strip()
    cleaned = raw.rstrip("?!. ").strip()
    if match := _WRAPPED.match(cleaned):
        cleaned = match["inner"].rstrip("?!. ").strip()
    cleaned, article_id = _article_reference(cleaned)
    question = _classify(raw, _fix_question_words(cleaned))
    if question is None:
        question = _classify(raw, _fix_say_words(_fix_question_words(cleaned))) or Question(
            raw, "fact", expects=_expects(cleaned), focus=_focus(cleaned)
        )
    return _with(question, article_id=article_id)


def _classify(raw: str, cleaned: str) -> Question | None:
    if not cleaned or _HELP.match(cleaned):
        return Question(raw, "help")
    if has_cyrillic(cleaned):
        return _classify_russian(raw, cleaned)
    if match := _QUOTED_ONLY.match(cleaned):
        return Question(raw, "who_said", quote=_strip_marks(match["quote"]))
    if match := _WHO_SAID.match(cleaned):
        quote = next((match[k] for k in ("quote", "quote2", "quote3", "quote4", "quote5") if match[k]), "")
        return Question(raw, "who_said", quote=_strip_marks(quote) or None, expects="person")
    if match := _WHAT_SAID.match(cleaned):
        groups = match.groupdict()
        person = next(groups[f"person{k}"] for k in _GROUPS if groups[f"person{k}"])
        topic = next((groups[f"topic{k}"] for k in _GROUPS if groups.get(f"topic{k}")), None)
        return Question(raw, "what_said", person=_strip_marks(person), topic=_topic(topic))
    if _SUMMARY.search(cleaned):
        return Question(raw, "summary")
    if match := _ARTICLES.match(cleaned):
        return Question(raw, "articles", topic=_topic(match["topic"]))
    if _PEOPLE.match(cleaned):
        return Question(raw, "people")
    if (match := _WHO_IS.match(cleaned)) and _is_name(match["person"] or match["person2"] or "", cleaned):
        person = (match["person"] or match["person2"] or "").strip()
        return Question(raw, "people", person=_strip_marks(person) or None, expects="person")
    if match := _NAME_ON.match(cleaned):
        return Question(raw, "what_said", person=match["person"], topic=_topic(match["topic"]))
    return None


def _classify_russian(raw: str, cleaned: str) -> Question | None:
    """A question asked in Russian: who said, what did X say (about T), who is quoted, a summary."""
    cleaned = cleaned[:1].lower() + cleaned[1:]  # names are told by their capital letter
    if match := _RU_WHO_SAID.match(cleaned):
        return Question(raw, "who_said", quote=_strip_marks(match["quote"]) or None, expects="person")
    if match := _RU_WHAT_SAID.match(cleaned):
        person = _strip_marks(match["person"] or match["person2"] or "")
        return Question(raw, "what_said", person=person, topic=_topic(match["topic"]))
    if _RU_PEOPLE.match(cleaned):
        return Question(raw, "people")
    if _RU_SUMMARY.search(cleaned):
        return Question(raw, "summary")
    return None


def _is_name(words: str, question: str) -> bool:
    """Whether words read as someone's name: capitalized, unless the reader types in lower case."""
    names = _strip_marks(words).split()
    if not names or names[0].lower() in _PRONOUNS:  # "who was he competing against": not a name
        return False
    if question == question.lower():
        return True
    return all(w[:1].isupper() or w.lower() in _PARTICLES for w in names)


def _expects(text: str) -> Expects | None:
    return next((kind for kind, pattern in _EXPECTS if pattern.match(text)), None)


def _focus(text: str) -> str | None:
    """The things "how many <things> …" counts: the first two words after "how many" that are not
    function words ("school districts" in "how many school districts shut down because of the rally")."""
    match = _HOW_MANY.match(text)
    if match is None:
        return None
    words = [w for w in match["focus"].lower().split() if w not in _FUNCTION_WORDS]
    return " ".join(words[:2]) or None


def _article_reference(text: str) -> tuple[str, int | None]:
    """Take "in article 3" / "#3" off the question; return the rest and the id."""
    match = _ARTICLE_REF.search(text)
    if match is None or (match.start() == 0 and match.end() == len(text)):
        return text, None
    rest = (text[: match.start()] + text[match.end() :]).strip(" ,")
    return rest, int(match["id"] or match["id2"])


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


def _fix_say_words(text: str) -> str:
    """Correct a misspelt "say" anywhere ("what did Sokov sya about talks"), for a second reading."""
    words = text.split(" ")
    for i, word in enumerate(words):
        lowered = word.lower()
        if not (3 <= len(lowered) <= 7 and lowered.isalpha()) or lowered in _SAY_FORMS:
            continue
        swapped = next((f for f in _SAY_FORMS if sorted(f) == sorted(lowered)), None)  # "sya", "siad"
        best = process.extractOne(lowered, _SAY_FORMS, scorer=fuzz.ratio, score_cutoff=80)
        if swapped or (best is not None and abs(len(best[0]) - len(lowered)) <= 1):
            words[i] = swapped or best[0]  # type: ignore[index]
    return " ".join(words)


def _topic(topic: str | None) -> str | None:
    if topic is None:
        return None
    topic = _strip_marks(
        re.sub(r"^(?:the (?:topic|subject|issue|question) of)\s+", "", topic.strip(), flags=re.I)
    )
    return topic or None


def _with(question: Question, *, article_id: int | None) -> Question:
    if article_id is None:
        return question
    return Question(
        question.text,
        question.intent,
        question.quote,
        question.person,
        question.topic,
        question.expects,
        article_id,
        question.focus,
    )


def _strip_marks(text: str) -> str:
    return text.strip().strip("\"“”«»‘’'`").strip().rstrip("?").strip()
