"""Turn text into search terms, and score how well a question, a quoted fragment or a name matches."""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Collection, Mapping, Sequence
from functools import lru_cache

from rapidfuzz import fuzz, process

from knowledge.lexicon import ROLE_NOUNS, ROLE_SYNONYMS
from knowledge.lexicon import TITLES as NAME_TITLES
from knowledge.models import Speaker

# Words that carry no meaning for matching (function words, reporting verbs, question words).
STOPWORDS = frozenset(
    """a about above across after afterwards again all almost also although always am among an and
    another any anyone anything are around as at be became because been before being below between both but
    by can cannot could did do does doing done down during each either else ever every few for from further
    had has have having he her here hers herself him himself his how however i if in into is it its itself
    just let may me might more most much must my myself neither no nor not now of off often on once one only
    or other others our ours ourselves out over own per perhaps quite rather really same shall she should
    since so some still such than that the their theirs them themselves then there these they this those
    though through thus to too under until up upon us very via was we were what whatever when where whether
    which while who whom whose why will with within without would yet you your yours yourself s t d ll m re ve
    said say says saying tell tells told added adding according asked ask""".split()
)
# Words that only frame a question ("what did the article say about ...").
QUESTION_WORDS = frozenset(
    """what when where which who whom whose why how many much did does do is are was were has have had tell
    me please according article articles story stories news anything something know""".split()
)
# Honorifics and titles that may precede a name and are ignored when matching one.
TITLES = frozenset(
    """mr mrs ms miss mx dr prof professor sir dame lord lady rev father sister sen senator rep representative
    gov governor mayor president minister secretary ambassador gen general col colonel lt capt captain sgt
    judge justice chief coach officer detective sheriff chancellor councillor councilor commissioner""".split()
)
# Irregular forms and their base ("bought" matches "buy"); regular ones are handled by _stem.
_IRREGULAR = {
    form: base
    for base, forms in {
        "arise": "arose arisen",
        "be": "am is are was were been being",
        "bear": "bore born borne",
        "beat": "beaten",
        "become": "became",
        "begin": "began begun",
        "bend": "bent",
        "bind": "bound",
        "bite": "bit bitten",
        "bleed": "bled",
        "blow": "blew blown",
        "break": "broke broken",
        "breed": "bred",
        "bring": "brought",
        "build": "built",
        "burn": "burnt",
        "buy": "bought",
        "catch": "caught",
        "choose": "chose chosen",
        "cling": "clung",
        "come": "came",
        "creep": "crept",
        "deal": "dealt",
        "dig": "dug",
        "do": "did done does",
        "draw": "drew drawn",
        "drink": "drank drunk",
        "drive": "drove driven",
        "eat": "ate eaten",
        "fall": "fell fallen",
        "feed": "fed",
        "feel": "felt",
        "fight": "fought",
        "find": "found",
        "flee": "fled",
        "fly": "flew flown flies",
        "forbid": "forbade",
        "forget": "forgot forgotten",
        "forgive": "forgave forgiven",
        "freeze": "froze frozen",
        "get": "got gotten",
        "give": "gave given",
        "go": "went gone goes",
        "grow": "grew grown",
        "hang": "hung",
        "have": "has had",
        "hear": "heard",
        "hide": "hid hidden",
        "hold": "held",
        "keep": "kept",
        "kneel": "knelt",
        "know": "knew known",
        "lay": "laid",
        "lead": "led",
        "leave": "left",
        "lend": "lent",
        "lie": "lain",
        "light": "lit",
        "lose": "lost",
        "make": "made",
        "mean": "meant",
        "meet": "met",
        "overcome": "overcame",
        "pay": "paid",
        "prove": "proven",
        "ride": "rode ridden",
        "ring": "rang rung",
        "rise": "rose risen",
        "run": "ran",
        "say": "said",
        "see": "saw seen",
        "seek": "sought",
        "sell": "sold",
        "send": "sent",
        "shake": "shook shaken",
        "shine": "shone",
        "shoot": "shot",
        "show": "shown",
        "shrink": "shrank shrunk",
        "sing": "sang sung",
        "sink": "sank sunk",
        "sit": "sat",
        "sleep": "slept",
        "slide": "slid",
        "speak": "spoke spoken",
        "spend": "spent",
        "spin": "spun",
        "stand": "stood",
        "steal": "stole stolen",
        "stick": "stuck",
        "sting": "stung",
        "strike": "struck stricken",
        "swear": "swore sworn",
        "sweep": "swept",
        "swim": "swam swum",
        "swing": "swung",
        "take": "took taken",
        "teach": "taught",
        "tear": "tore torn",
        "tell": "told",
        "think": "thought",
        "throw": "threw thrown",
        "understand": "understood",
        "wake": "woke woken",
        "wear": "wore worn",
        "weep": "wept",
        "win": "won",
        "withdraw": "withdrew withdrawn",
        "write": "wrote written",
        "man": "men",
        "woman": "women",
        "child": "children",
        "person": "people",
        "mouse": "mice",
        "foot": "feet",
        "tooth": "teeth",
        "die": "died dies dying",
    }.items()
    for form in forms.split()
}
# Words whose "-ed" is part of the word, not a past tense ("feed" is not "fee" + "-ed").
_ROOT_ED = frozenset(
    """bleed breed creed deed exceed feed greed heed need proceed reed seed speed steed succeed weed embed
    shred hundred kindred naked wicked sacred bed red shed wed""".split()
)
_KEEP_S = frozenset("news series species always perhaps various famous serious politics economics".split())
# Words a reader may use for what an article words differently: each group's words stand in for one another
# when a search is widened (they are never merged into one term). General news usage, not any one story.
_SYNONYMS = (
    "buy purchase acquire acquisition",
    "sell sale",
    "pay paid cost spend price fee charge",
    "fine penalty",
    "die kill dead death fatal",
    "win victory beat",
    "lose defeat loss",
    "start begin launch open",
    "end finish close",
    "rise increase grow climb",
    "fall drop decline decrease",
    "job employment work",
    "car vehicle",
    "vote ballot",  # not "election": an election is not the vote a question asks about
    "law legislation bill",
    "sue lawsuit",
    "arrest detain",
    "charge accuse",
    "injure hurt wound injury",
    "doctor physician",
    "company firm business",
    "location store shop branch site outlet",
    "meet meeting talks",
    "talk negotiation negotiate",
    "agreement deal accord",
    "face against opponent",
    "film movie",
    "award prize honor honour trophy",
    "goods products",
    "ad advertising advertisement",
    "child kid",
    "home house",
    "city town",
    "country nation",
    "leader chief head",
    "president leader",
    "minister secretary",
    "police officer",
    "study research survey",
    "scientist researcher",
    "user customer subscriber",
    "people person",
    "student pupil",
    "teacher educator",
    "worker employee staff",
    "plan proposal",
    "government administration",
    "attack assault strike",
    "fight brawl",
    "ban prohibit",
    "money fund funding cash",
    "shot save",
    "team club side",
    "season year",
    "ceremony awards",
    "big large",
    "fire sack dismiss oust",
    "kidnap abduct abduction kidnapping seize",
    "troops soldier service members military servicemen",
    "manager coach",
    "match game fixture",
    "helicopter chopper aircraft",
    "ceo boss head executive chief",
    "close shut shutdown",
    "emit release emission",
    "arrest custody detain apprehend",
    "professor teach lecturer academic",
    "age old aged",
    "killed dead die death",
    "hostage captive",
    "free release freed",
    "donate contribution donation",
    "employ work hire job",
    "quit resign retire retirement",
    "speech address speak",
    "travel visit trip fly",
    "treatment treat therapy",
    "crash collision accident",
    "attendance attend crowd spectator",
    "sick ill illness disease",
    "medicine drug pill tablet",
    "delete remove",
    "gun firearm weapon",
    "score result",
    "percent percentage share proportion",
    "tell inform",
    "sue lawsuit litigation",
    "protest rally demonstration march",
    "strike walkout",
    "injure injury hurt wounded",
    "rule ruling verdict decision judgment",
    "jail prison imprison sentence",
    "fund funding money budget",
    "cut reduce reduction slash",
    "warn warning caution",
    "join enter",
    "founded founder start launch establish",
    "gun handgun rifle pistol firearm weapon",
    "crowd attendance fans spectators audience",
    "score result outcome",
    "slogan tagline motto catchphrase",
    "vp vice",
    "exec executive",
    "beach strand shore",
    "register registration signup enroll activate join",
    "kickoff start",
    "witness bystander onlooker",
    "marijuana cannabis weed pot",
    "resident locals inhabitant",
)
_LEMMA_SYNONYMS: dict[str, frozenset[str]] = {}
# Phrasal compounds that are also written as one word ("kick off" / "kickoff", "sign up" / "signup").
_COMPOUND = re.compile(r"\b(kick|sign|log|shut|walk|check|lay)\s+(off|up|in|down|out)\b")
# "how long", "how old": the word after "how" asks for the kind of answer (a length of time, an age), it is
# not a word the answer must hold.
_HOW_FRAME = re.compile(r"\bhow (?:long|old|far|big|large|tall|high|often|fast|heavy|deep|wide|soon)\b")
_US = re.compile(r"(?<![\w.])U\.?S\.?(?:A\b\.?)?(?!\w)")
# Bump when index_terms or speaker names change: databases indexed before are re-indexed when opened.
TERMS_VERSION = "4"
_WORD = re.compile(r"[^\W_]+")
_THOUSANDS = re.compile(r"(?<=\d)[,.](?=\d{3}(?!\d))")
_POSSESSIVE = re.compile(r"'s\b")


def normalize(text: str) -> str:
    """Lowercase, fold accents and curly marks, drop punctuation and possessive 's, collapse spaces."""
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text.replace("’", "'").replace("‘", "'"))
        text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.lower()
    text = _THOUSANDS.sub("", text)
    text = _POSSESSIVE.sub("", text)
    return " ".join(_WORD.findall(text))


def content_words(text: str) -> list[str]:
    """The words of ``text`` that carry meaning (no stop or question words), as written."""
    return [w for w in normalize(text).split() if w not in STOPWORDS and w not in QUESTION_WORDS]


def index_terms(text: str) -> list[str]:
    """The search terms of ``text``: its meaningful words reduced to a base form ("bought" -> "buy")."""
    return [term for word in _joined(normalize(_country(text))).split() if (term := _index_term(word))]


def _country(text: str) -> str:
    """Spell "US" / "U.S." as "usa", so the country is not read as the stopword "us"."""
    return _US.sub(" usa ", text) if "U" in text else text


def _joined(text: str) -> str:
    """Write phrasal compounds as one word, as they are also spelt ("kick off" -> "kickoff")."""
    return _COMPOUND.sub(lambda m: m[1] + m[2], text) if " " in text else text


@lru_cache(maxsize=65536)
def _index_term(word: str) -> str:
    """The search term of one normalized word ("" for a stopword or a lone letter)."""
    if word in STOPWORDS or (len(word) == 1 and not word.isdigit()):
        return ""
    return lemma(word)


def query_terms(text: str) -> list[str]:
    """The search terms of a question: as ``index_terms``, without the words that frame the question."""
    text = _HOW_FRAME.sub("how", normalize(_country(text)))
    words = [w for w in _joined(text).split() if w not in STOPWORDS and w not in QUESTION_WORDS]
    terms = [lemma(w) for w in words if len(w) > 1 or w.isdigit()]
    return list(dict.fromkeys(terms))


def related_terms(term: str) -> tuple[str, ...]:
    """Other terms an article may use for ``term`` (a reader's "bought" for the article's "acquired").

    Each word of a group is keyed by its lemma and by its plain suffix stem, which differ for a word that
    is also an irregular form ("shot" the noun, "shoot" the verb), so either side's reading finds the group.
    """
    if not _LEMMA_SYNONYMS:
        for group in _SYNONYMS:
            terms = {t for w in group.split() for t in (lemma(w), _stem(w))}
            for t in terms:
                _LEMMA_SYNONYMS[t] = _LEMMA_SYNONYMS.get(t, frozenset()) | (terms - {t})
    return tuple(sorted(_LEMMA_SYNONYMS.get(term, ())))


@lru_cache(maxsize=65536)
def lemma(word: str) -> str:
    """A base form shared by a word's inflections: irregular forms by table, the rest by suffix rules."""
    if word in _IRREGULAR:  # the base's own stem, so "taken" and "take" share one term
        return _stem(_IRREGULAR[word])
    return _stem(word)


def _stem(word: str) -> str:
    if len(word) <= 3 or not word.isalpha():
        return word
    if word.endswith("ies") and len(word) > 4:
        word = word[:-3] + "y"
    elif word.endswith(("sses", "shes", "ches", "xes", "zes")):
        word = word[:-2]
    elif word.endswith("s") and not word.endswith(("ss", "us", "is")) and word not in _KEEP_S:
        word = word[:-1]
    if word in _ROOT_ED:
        return word
    for suffix in ("ied", "ed", "ing"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 2:
            base = word[: -len(suffix)]
            if suffix == "ied":
                base += "y"
            elif word.endswith("eed"):
                base = word[:-1]  # "agreed" -> "agree"
            elif len(base) == 2:
                base += "e"  # "used" -> "use"
            elif len(base) > 3 and base[-1] == base[-2] and base[-1] not in "lszaeiou":
                base = base[:-1]  # "stopped" -> "stop"
            if any(c in "aeiouy" for c in base):
                word = base
            break
    if word.endswith("e") and len(word) >= 4:
        word = word[:-1]
    return word


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


_NUMBER_WORDS = frozenset(
    "one two three four five six seven eight nine ten eleven twelve dozen hundr thousand million billion both"
    " first second third".split()
)


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


_DESCRIPTION = re.compile(r"^(?:the|a|an|his|her|their|its|our|my|your)\s|['’]s?\s", re.I)
_ROLE_VOCABULARY = frozenset({*ROLE_NOUNS, *TITLES, *(t.lower() for t in NAME_TITLES)})


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
    while len(words) > 1 and words[0] in TITLES:
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
