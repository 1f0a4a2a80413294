"""Turn text into search terms: normalised words reduced to a base form, and the related words of each."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from knowledge.text.lexicon import QUESTION_WORDS, STOPWORDS

# Irregular forms and their base ("bought" matches "buy"); regular ones are handled by stem.
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
# The suffixes ``light_stem`` strips, the first that fits.
_LIGHT_SUFFIXES = ("ings", "ing", "edly", "ed", "ies", "es", "s", "ly")
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
            terms = {t for w in group.split() for t in (lemma(w), stem(w))}
            for t in terms:
                _LEMMA_SYNONYMS[t] = _LEMMA_SYNONYMS.get(t, frozenset()) | (terms - {t})
    return tuple(sorted(_LEMMA_SYNONYMS.get(term, ())))


@lru_cache(maxsize=65536)
def lemma(word: str) -> str:
    """A base form shared by a word's inflections: irregular forms by table, the rest by suffix rules."""
    if word in _IRREGULAR:  # the base's own stem, so "taken" and "take" share one term
        return stem(_IRREGULAR[word])
    return stem(word)


# Two stemmers, kept apart because each is tuned to its use (``stem`` in place of ``light_stem`` lowers the
# summary benchmark's ROUGE figures): ``stem`` gives search terms, repairing spelling so inflections meet ("stopped" and
# "stops" -> "stop"); ``light_stem`` gives the summariser's TF-IDF terms, cutting one suffix ("voted" -> "vot").


def stem(word: str) -> str:
    """The suffix-rule base of a normalized word for search: plural, then -ed/-ing, then a final e."""
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


def light_stem(word: str) -> str:
    """Cut the first of a few common suffixes ("voted" and "votes" -> "vot"), keeping at least three letters."""
    for suffix in _LIGHT_SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word
