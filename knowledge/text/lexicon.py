"""Own the word lists the rule-based stages share: verbs, titles, roles, organisations, names, dates."""

from __future__ import annotations

import re
from collections.abc import Iterable

# --- reporting verbs -------------------------------------------------------------------------------
# Reporting ("cue") verbs in every inflection the attributor looks for, keyed by their lemma. The other
# reporting-verb lists below name lemmas of this table or pick forms from it.
REPORTING_VERBS: dict[str, tuple[str, ...]] = {
    "say": ("say", "says", "said", "saying"),
    "tell": ("tell", "tells", "told", "telling"),
    "add": ("add", "adds", "added", "adding"),
    "argue": ("argue", "argues", "argued", "arguing"),
    "warn": ("warn", "warns", "warned", "warning"),
    "insist": ("insist", "insists", "insisted", "insisting"),
    "note": ("note", "notes", "noted", "noting"),
    "predict": ("predict", "predicts", "predicted", "predicting"),
    "explain": ("explain", "explains", "explained", "explaining"),
    "write": ("write", "writes", "wrote", "writing"),
    "tweet": ("tweet", "tweets", "tweeted", "tweeting"),
    "state": ("state", "states", "stated", "stating"),
    "claim": ("claim", "claims", "claimed", "claiming"),
    "ask": ("ask", "asks", "asked", "asking"),
    "reply": ("reply", "replies", "replied", "replying"),
    "respond": ("respond", "responds", "responded", "responding"),
    "announce": ("announce", "announces", "announced", "announcing"),
    "declare": ("declare", "declares", "declared", "declaring"),
    "admit": ("admit", "admits", "admitted", "admitting"),
    "acknowledge": ("acknowledge", "acknowledges", "acknowledged", "acknowledging"),
    "suggest": ("suggest", "suggests", "suggested", "suggesting"),
    "report": ("report", "reports", "reported", "reporting"),
    "testify": ("testify", "testifies", "testified", "testifying"),
    "recall": ("recall", "recalls", "recalled", "recalling"),
    "believe": ("believe", "believes", "believed"),
    "think": ("think", "thinks", "thought"),
    "assess": ("assess", "assesses", "assessed"),
    "estimate": ("estimate", "estimates", "estimated"),
    "conclude": ("conclude", "concludes", "concluded"),
    "emphasize": ("emphasize", "emphasizes", "emphasized", "emphasise", "emphasised"),
    "stress": ("stress", "stresses", "stressed"),
    "confirm": ("confirm", "confirms", "confirmed"),
    "deny": ("deny", "denies", "denied"),
    "point out": ("pointed out", "points out"),
    "describe": ("described", "describes"),
    "call": ("called", "calls"),
    "urge": ("urge", "urges", "urged"),
    "complain": ("complain", "complains", "complained"),
    "joke": ("joke", "jokes", "joked"),
    "quip": ("quipped",),
    "recount": ("recounted",),
    "observe": ("observed",),
    "remark": ("remarked",),
    "agree": ("agreed",),
    "caution": ("cautioned",),
    "posit": ("posited",),
    "post": ("posted",),
    "exclaim": ("exclaimed",),
    "shout": ("shouted",),
    "whisper": ("whispered",),
    "write in": ("wrote in",),
}
# Every form of ``REPORTING_VERBS`` -> its lemma ("said" -> "say").
CUE_WORDS: dict[str, str] = {form: lemma for lemma, forms in REPORTING_VERBS.items() for form in forms}

# Speech verbs that, capitalised, glue onto a name in a run-on or headline-cased line ("Replied Stephen"):
# a candidate name holding one is no name. Past forms (and "says") only, and not all of CUE_WORDS, whose forms
# include words of names ("Post", "State", "Call"); some are no reporting verbs ("continued", "laughed").
NAME_GLUE_VERBS = frozenset(
    """asked replied added said says told noted continued explained answered insisted recalled wrote tweeted
    countered quipped laughed joked warned argued admitted acknowledged remembered agreed""".split()
)

# Verbs that put a short quotation in someone's mouth: `slammed the hearings as a "disgrace"`.
CHARACTERIZING_VERBS = frozenset(
    """described describes describing called calls calling slammed slams assailed assails accused accuses
    labeled labelled labels branded brands praised praises hailed hails blasted blasts criticized
    criticised dismissed dismisses derided decried condemned termed terms characterized characterised
    vowed vows promised promises pledged urged urging telling""".split()
)

# Verbs that introduce reported (indirect) speech on their own ("X predicted that ...").
INDIRECT_CUES = frozenset(
    {
        "say",
        "tell",
        "add",
        "argue",
        "warn",
        "insist",
        "note",
        "predict",
        "explain",
        "write",
        "state",
        "claim",
        "announce",
        "declare",
        "admit",
        "acknowledge",
        "suggest",
        "report",
        "testify",
        "believe",
        "think",
        "assess",
        "estimate",
        "conclude",
        "emphasize",
        "stress",
        "confirm",
        "deny",
        "point out",
        "complain",
        "caution",
        "recall",
        "observe",
        "agree",
    }
)

# Lemmas whose reported content may follow without a "that" ("X said on Thursday it aims ...").
BARE_CONTENT_CUES = frozenset(
    {
        "say",
        "add",
        "predict",
        "warn",
        "argue",
        "insist",
        "claim",
        "think",
        "believe",
        "suggest",
        "tell",
        "note",
        "estimate",
    }
)

# Reporting words that carry no meaning for search ("what did X say about ...": the topic is the rest).
SEARCH_REPORTING_WORDS = frozenset(
    "said say says saying tell tells told added adding according asked ask".split()
)

# Verbs (and verb phrases) with which a reader asks what someone said ("what did X claim about ..."), in the
# order the question patterns try them.
QUESTION_SAY_VERBS: tuple[str, ...] = (
    "say",
    "said",
    "says",
    "saying",
    "tell",
    "told",
    "think",
    "thinks",
    "thought",
    "predict",
    "predicted",
    "claim",
    "claimed",
    "argue",
    "argued",
    "warn",
    "warned",
    "add",
    "added",
    "write",
    "wrote",
    "state",
    "stated",
    "mean",
    "comment",
    "comments",
    "commented",
    "insist",
    "insisted",
    "note",
    "noted",
    "believe",
    "believes",
    "suggest",
    "suggested",
    "declare",
    "declared",
    "remark",
    "remarked",
    "tweet",
    "tweeted",
    "post",
    "posted",
    "announce",
    "announced",
    "explain",
    "explained",
    "admit",
    "admitted",
    "describe",
    "described",
    "tell lawmakers",
    "told lawmakers",
    "write in a post",
    "wrote in a post",
)

# Words that show a question asks for someone's words rather than a fact ("what did X say about Y" against
# "harbour fees on Monday").
SAYING_WORDS: tuple[str, ...] = (
    *REPORTING_VERBS["say"],
    *REPORTING_VERBS["think"],
    *REPORTING_VERBS["testify"],
    "tell",
    "told",
    "quote",
    "quoted",
    "quotes",
    "words",
    "view",
    "views",
)


# "according to X" is a cue phrase rather than a verb.
ACCORDING_TO = re.compile(r"\baccording to\b", re.IGNORECASE)

# --- titles ----------------------------------------------------------------------------------------
# Two lists for two jobs:
# - TITLE_ROLES reads speaker phrases in articles ("Foreign Minister Lena Park", "Mr. Trump"): every title or
#   abbreviation that may precede a name, mapped to how it reads as the person's role (None: no role, "mr").
# - IGNORED_TITLES matches a reader's name against a speaker's: normalised honorifics and titles dropped from
#   the front of a name ("dr jane smith" is "jane smith").
TITLE_ROLES: dict[str, str | None] = {
    "mr": None,
    "mrs": None,
    "ms": None,
    "miss": None,
    "mx": None,
    "dr": None,
    "prof": "professor",
    "professor": "professor",
    "sir": None,
    "dame": None,
    "lord": None,
    "lady": None,
    "president": "president",
    "vice president": "vice president",
    "prime minister": "prime minister",
    "minister": "minister",
    "secretary": "secretary",
    "senator": "senator",
    "sen": "senator",
    "rep": "representative",
    "representative": "representative",
    "gov": "governor",
    "governor": "governor",
    "mayor": "mayor",
    "gen": "general",
    "general": "general",
    "col": "colonel",
    "colonel": "colonel",
    "lt": "lieutenant",
    "capt": "captain",
    "captain": "captain",
    "sgt": "sergeant",
    "judge": "judge",
    "justice": "justice",
    "ambassador": "ambassador",
    "chancellor": "chancellor",
    "king": "king",
    "queen": "queen",
    "prince": "prince",
    "princess": "princess",
    "pope": "pope",
    "rev": "reverend",
    "father": None,
    "sister": None,
    "chairman": "chairman",
    "chairwoman": "chairwoman",
    "councillor": "councillor",
    "councilor": "councilor",
    "councilman": "councilman",
    "councilwoman": "councilwoman",
    "alderman": "alderman",
    "coach": "coach",
    "officer": "officer",
    "detective": "detective",
    "sheriff": "sheriff",
    "commissioner": "commissioner",
    "speaker": "speaker",
    "leader": "leader",
    "spokesman": "spokesman",
    "spokeswoman": "spokeswoman",
    "spokesperson": "spokesperson",
    "attorney": "attorney",
    "attorney general": "attorney general",
    "chief": "chief",
    "adm": "admiral",
    "admiral": "admiral",
    "sheikh": None,
    "superintendent": "superintendent",
    "inspector": "inspector",
    "constable": "constable",
    "trooper": "trooper",
    "pastor": "pastor",
    "bishop": "bishop",
    "rabbi": "rabbi",
    "imam": "imam",
    "ayatollah": "ayatollah",
}
IGNORED_TITLES = frozenset(
    """mr mrs ms miss mx dr prof professor sir dame lord lady rev father sister sen senator rep representative
    gov governor mayor president minister secretary ambassador gen general col colonel lt capt captain sgt
    judge justice chief coach officer detective sheriff chancellor councillor councilor commissioner""".split()
)

# Nouns that name a role; "the expert said" refers back to a person with such a role.
ROLE_NOUNS = frozenset(
    {
        "expert",
        "analyst",
        "official",
        "minister",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "president",
        "professor",
        "researcher",
        "scientist",
        "economist",
        "lawyer",
        "attorney",
        "senator",
        "governor",
        "mayor",
        "director",
        "chairman",
        "chairwoman",
        "chair",
        "chief",
        "executive",
        "ceo",
        "founder",
        "fellow",
        "associate",
        "diplomat",
        "ambassador",
        "general",
        "commander",
        "officer",
        "coach",
        "manager",
        "player",
        "actor",
        "actress",
        "singer",
        "author",
        "writer",
        "doctor",
        "physician",
        "teacher",
        "student",
        "witness",
        "judge",
        "prosecutor",
        "lawmaker",
        "legislator",
        "congressman",
        "congresswoman",
        "representative",
        "leader",
        "secretary",
        "adviser",
        "advisor",
        "head",
        "strategist",
        "historian",
        "owner",
        "victim",
        "resident",
        "activist",
        "organizer",
        "candidate",
        "star",
        "designer",
        "editor",
        "investigator",
        "detective",
        "sheriff",
        "superintendent",
        "pilot",
        "engineer",
        "mother",
        "father",
        "woman",
        "man",
        "veteran",
        "specialist",
        "counselor",
        "librarian",
        "councillor",
        "councilor",
        "nurse",
        "farmer",
        "pastor",
        "principal",
        "scholar",
        "commentator",
        "journalist",
        "reporter",
        "artist",
        "musician",
        "entrepreneur",
    }
)
ROLE_NOUNS |= frozenset(
    """defenseman defender winger forward goalie goaltender quarterback striker midfielder pitcher host
    ranger aide envoy counsel chef creator producer presenter anchor contestant dancer rapper comedian
    chancellor premier prosecutor trooper lieutenant sergeant colonel negotiator administrator
    commissioner lobbyist operator partner staffer worker employee member chairperson vice-president
    economist director judge inspector constable photographer supervisor alderman alderwoman
    councilmember councilwoman councilman trustee coordinator organiser cofounder co-founder lecturer
    deputy firefighter captain agent realtor broker""".split()
)
# Every word that may stand before a name as a title or a role, for the entity recogniser ("Rep. Steny H.
# Hoyer, Md.": a politician and their state): the titles and role nouns above and the few titles that are
# neither ("Cardinal", "Dean", "Vice").
TITLE_WORDS = frozenset({*IGNORED_TITLES, *TITLE_ROLES, *ROLE_NOUNS, "vice", "cardinal", "dean"})

# Words a reader may use for a role the article words otherwise ("the spokesman" for "White House press
# secretary Josh Earnest"): each group's phrases stand in for one another when a question names a speaker
# by role. General usage only, lower case, without punctuation.
ROLE_SYNONYMS: tuple[tuple[str, ...], ...] = (
    (
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "press secretary",
        "spokesmen",
        "spokeswomen",
        "spokespeople",
    ),
    (
        "doctor",
        "dr",
        "physician",
        "surgeon",
        "pulmonologist",
        "cardiologist",
        "oncologist",
        "pediatrician",
        "psychiatrist",
        "gp",
        "medic",
    ),
    ("mother", "mom", "mum", "mommy", "mummy", "mama"),
    ("father", "dad", "daddy", "papa"),
    ("wife", "spouse"),
    ("husband", "spouse"),
    ("son", "child"),
    ("daughter", "child"),
    ("chief executive", "ceo", "chief executive officer", "boss", "head"),
    ("chairman", "chairwoman", "chair", "chairperson"),
    ("lawyer", "attorney", "counsel", "solicitor", "barrister"),
    ("police", "police officer", "officer", "constable", "detective", "inspector", "sergeant"),
    ("manager", "coach", "head coach", "boss"),
    ("lawmaker", "legislator", "congressman", "congresswoman", "representative", "senator", "mp"),
    ("professor", "prof", "academic", "lecturer"),
    ("teacher", "educator"),
    ("minister", "secretary"),
    ("governor", "gov"),
    ("senator", "sen"),
    ("president", "pres"),
    ("prosecutor", "district attorney", "attorney general"),
    ("official", "officer", "spokesman", "spokeswoman", "spokesperson"),
)

# Nouns and company suffixes that make a capitalised phrase an organisation's ("Kent Police", "Acme Corp").
INSTITUTION_WORDS = frozenset(
    """ministry department agency council party police company inc corp corporation ltd llc association
    university institute center centre committee court office commission bank group news media times
    post administration board foundation union federation league club team bureau service services
    authority organization organisation fund network press journal studios hospital school college
    church airlines motors systems capital partners holdings""".split()
)
# Words that mark a capitalised phrase as an organisation, group or place rather than a person: the
# institution words, and the bodies, outlets, countries and capitals that speak as one ("Moscow said").
ORGANISATION_WORDS = INSTITUTION_WORDS | frozenset(
    """pentagon government army navy reuters ap afp house senate congress parliament kremlin authorities
    embassy nations tribunal cabinet command forces military state states republic kingdom korea china
    russia japan iran israel ukraine india france germany britain america pyongyang washington moscow
    beijing seoul tokyo nasa fbi cia nato un eu sputnik tass xinhua bbc cnn kcna statehouse capitol hall
    tribe iwi daily herald tribune observer guardian telegraph tv radio channel studio city county
    district province region airways technologies labs industries international global europe africa
    asia canada australia mexico brazil turkey syria iraq afghanistan pakistan taliban hamas hezbollah
    opec""".split()
)
# Words that make a name an organisation's for the entity recogniser (knowledge/understand/entities.py):
# the institution words and a few more, but no places, which the gazetteer (knowledge/text/places.py) tells.
# Matched without their trailing periods, so "Inc." and "Co." are "inc" and "co".
ORGANISATION_NAME_WORDS = INSTITUTION_WORDS | frozenset(
    """co plc trust analytics research airline energy oil operator coalition alliance society institution
    clinic records fc""".split()
)

# Plural or generic nouns naming an unnamed source ("experts told Sputnik", "a senior official said").
UNNAMED_SOURCE = re.compile(
    r"^(?!the\s)(?:(?:a|an|one|two|three|several|some|many|other)\s+)?(?:[a-z-]+\s+){0,3}"
    r"(?:officials?|sources?|experts?|analysts?|diplomats?|witnesses|witness|residents?|"
    r"observers?|people|critics|researchers|scientists|insiders?|aides?|spokesperson|"
    r"person|official|someone|reports?)$",
    re.IGNORECASE,
)


# --- names -----------------------------------------------------------------------------------------
# Capitalised words that never begin a name, for the entity recogniser: pronouns, function words, question
# words, auxiliaries ("AD She", "Don't") and page furniture ("See More", "Getty"). Speech verbs ("Said") are
# in NAME_GLUE_VERBS.
NOT_NAME_WORDS = frozenset(
    """I She It We They You Me Him Her Us Them His Its Our Their Your My What Who Whom Whose Which Why How
    When Where While Whether If But And Or So Yet Nor Because Although Though During After Before Since Until
    Don't Doesn't Didn't Can't Won't Isn't Aren't Wasn't Weren't Is Are Was Were Do Does Did Has Have Had
    Would Could Should Must Might Shall There Here Then Now Also Just Even Still Yes No Not Oh
    Well Please Thanks Thank Okay OK Hey Hi Hello Meanwhile However Instead Indeed According See More Read
    Watch Click Share Subscribe Related Advertisement Sponsored Photo Video Image Getty Copyright""".split()
)
# Website section and menu labels that, alone or all together, are no name ("Politics", "Privacy Policy").
SECTION_LABELS = frozenset(
    """Company Privacy Policy Public Terms Business Politics Sports Opinion Health Science Technology Tech
    World Nation Local News Entertainment Culture Lifestyle Travel Markets Economy Weather Video Videos
    Photos Newsletter Contact About Home Menu Search Login Account Comments Advertising Careers Support Help
    Sections Topics Trending Latest Popular Editorial Analysis Commentary Review Reviews Features Magazine
    Podcast Podcasts Events Shop Deals Community Education Environment Climate Crime Media""".split()
)


# --- dates and times -------------------------------------------------------------------------------
# Capitalised, as they stand in running text.
MONTHS = tuple(
    "January February March April May June July August September October November December".split()
)
MONTH_ABBREVIATIONS = tuple("Jan. Feb. Mar. Apr. Jun. Jul. Aug. Sept. Sep. Oct. Nov. Dec.".split())
WEEKDAYS = tuple("Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split())
RELATIVE_DAYS = tuple("Today Yesterday Tomorrow Tonight".split())
# Seasons, holidays, parts of the day and spans of time ("Last Spring", "Christmas").
TIME_NOUNS = frozenset(
    "Spring Summer Autumn Fall Winter Christmas Easter Thanksgiving Morning Evening Night Week Month Year".split()
)
# Words that lead a phrase of time ("Last December", "Since Tuesday").
TIME_LEADS = frozenset("Last Next This Early Late Earlier Later Since Until By In On".split())


# --- search ----------------------------------------------------------------------------------------
# Words that carry no meaning for matching (function words, reporting verbs, question words).
STOPWORDS = (
    frozenset(
        """a about above across after afterwards again all almost also although always am among an and
    another any anyone anything are around as at be became because been before being below between both but
    by can cannot could did do does doing done down during each either else ever every few for from further
    had has have having he her here hers herself him himself his how however i if in into is it its itself
    just let may me might more most much must my myself neither no nor not now of off often on once one only
    or other others our ours ourselves out over own per perhaps quite rather really same shall she should
    since so some still such than that the their theirs them themselves then there these they this those
    though through thus to too under until up upon us very via was we were what whatever when where whether
    which while who whom whose why will with within without would yet you your yours yourself s t d ll m re ve""".split()
    )
    | SEARCH_REPORTING_WORDS
)
# Words that only frame a question ("what did the article say about ...").
QUESTION_WORDS = frozenset(
    """what when where which who whom whose why how many much did does do is are was were has have had tell
    me please according article articles story stories news anything something know""".split()
)


def alternation(words: Iterable[str]) -> str:
    """A regular-expression group matching any of ``words`` (plain words and spaces), tried in order."""
    return "(?:" + "|".join(words) + ")"
