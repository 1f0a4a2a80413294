"""Answer a plain question: rank the sentences by coverage and by the kind of answer asked for."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import replace
from itertools import pairwise

from rapidfuzz import fuzz

from knowledge.answer.corpus import Corpus
from knowledge.answer.intent import Question
from knowledge.answer.phrases import phrase
from knowledge.answer.reply import article_title, calibrate, found_answer, not_found_answer, refusal
from knowledge.answer.scoring import QUOTATION, Scored, standing, term_weights
from knowledge.answer.tuning import (
    ANOTHER,
    FACT_CANDIDATES,
    FACT_ENOUGH,
    FACT_MATCH,
    FACT_SURE,
    MEANING_ARTICLES,
    MEANING_BOTH,
    MEANING_CANDIDATES,
    MEANING_HIGH,
    MEANING_LOW,
    MEANING_MATCH,
    MEANING_POOL,
    MEANING_WEIGHT,
    RERANK,
    STRICT_KINDS,
    TOPIC_MATCH,
    TYPO,
    UNKNOWN_SHARE,
    UNMENTIONED,
)
from knowledge.models import Answer, Passage
from knowledge.text.matching import presence, weighted_coverage
from knowledge.text.terms import (
    QUESTION_WORDS,
    STOPWORDS,
    index_terms,
    lemma,
    normalize,
    query_terms,
    related_terms,
)

_NUMBER = re.compile(
    r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|dozens?|hundreds?|thousands?|"
    r"millions?|billions?|trillions?|half|twice|double|triple)\b",
    re.I,
)
_DATE = re.compile(
    r"\b(?:january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|"
    r"mar|apr|jun|jul|aug|sept?|oct|nov|dec|monday|tuesday|wednesday|thursday|friday|saturday|sunday|"
    r"yesterday|today|tomorrow|tonight|weekend|spring|summer|autumn|fall|winter|(?:19|20)\d\d|"
    r"(?:last|this|that|on \w+) (?:night|morning|afternoon|evening)|overnight|"
    r"\d{1,2}(?:st|nd|rd|th)|ago|(?:last|next|this|earlier|later) (?:week|month|year|day|decade))\b",
    re.I,
)
_NAME = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]+)*")
_WITHHELD = re.compile(
    r"\b(?:undisclosed|not (?:been )?(?:disclosed|released|revealed|made public|identified|specified|known|"
    r"clear|immediately (?:clear|known|available))|unclear|unknown|unnamed|declined to (?:say|comment|"
    r"disclose|give|reveal|name|specify|discuss)|(?:did|would|could) not (?:say|disclose|reveal|specify|"
    r"give|confirm|comment)|no (?:details|word) (?:on|about|of)|it is not yet|remains to be seen)\b",
    re.I,
)
_PERCENT = re.compile(
    r"\d\s*%|\bper ?cent\b|\bpercentage points?\b|\b(?:half|a third|a quarter|two-thirds|three-quarters|majority|minority)\b",
    re.I,
)
_TIME_UNIT = r"(?:seconds?|minutes?|hours?|days?|nights?|weeks?|months?|years?|decades?|centur(?:y|ies))"
_DURATION = re.compile(
    rf"\b(?:\d[\d,.]*|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|"
    rf"forty|fifty|sixty|hundred|several|few|many|couple of)[\s-]+(?:more\s+|full\s+)?{_TIME_UNIT}\b|"
    rf"\b(?:overnight|all (?:day|night|week)|for (?:years|months|weeks|days|hours|decades))\b",
    re.I,
)
_AGE = re.compile(
    r"\b\d{1,3}[\s-]years?[\s-]old\b|\baged? \d{1,3}\b|\b(?:in (?:his|her|their) )?(?:teens|twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties)\b|,\s*\d{1,3},",
    re.I,
)
_SCORE = re.compile(r"\b\d{1,3}\s*(?:-|–|to)\s*\d{1,3}\b")
# "…, Captain Sarnicki said" / "Police Chief Ann Lee told reporters": who is speaking, not what is asked.
_ATTRIBUTION = re.compile(
    r",?\s*(?:(?:said|says|told \w+)\s+(?:[A-Z][\w'’.-]*\s*){1,4}|(?:[A-Z][\w'’.-]*\s+){1,4}(?:said|says|told))\b"
)
_MONEY_WORDS = frozenset({"money", "cash", "sum", "amount"})
# A capitalized name of several words: "Kingsford Health Trust", "Bank of England".
_ENTITY = re.compile(r"(?<![\w'’])[A-Z][\w'’.-]*(?:\s+(?:of\s+(?:the\s+)?)?[A-Z][\w'’.-]*)+")
_MONEY = re.compile(
    r"[$£€¥]\s?\d|\d\s?(?:[$£€¥]|(?:million|billion|trillion|thousand|m|bn|k)?\s*(?:dollars?|pounds?|euros?|"
    r"yen|yuan|rupees?|francs?|usd|eur|gbp|cents?))\b|\b(?:dollars?|pounds?|euros?)\b",
    re.I,
)


def answer_fact(question: Question, corpus: Corpus) -> Answer:
    """The sentence that answers a plain question, the article's word that it is not known, or a refusal."""
    terms = query_terms(question.text)
    if question.expects == "money":  # "how much money": the sum itself is what is looked for
        terms = [t for t in terms if t not in _MONEY_WORDS] or terms
    candidates = (
        corpus.find_sentences(terms, FACT_CANDIDATES, related=True, enough=FACT_ENOUGH) if terms else []
    )
    weights = term_weights(terms, corpus)
    if question.expects in STRICT_KINDS and corpus.article_count(at_most=2) == 1:
        weights = _cap_unknown(weights, terms, corpus, keep=_proper_terms(question))
    scored = rank_sentences(question, terms, candidates, weights)
    if not scored or scored[0].score < FACT_SURE:  # the words leave doubt: ask the meaning too
        meaning = meaning_scores(corpus.similar_sentences(question.text, MEANING_POOL))
        if meaning:
            scored = rank_sentences(question, terms, candidates, weights, meaning)
    if not terms and not scored:
        return refusal(question, corpus, phrase("ask_about_articles"))
    scored = _check_articles(question, scored[:3], corpus) + scored[3:]
    if not scored:
        return refusal(question, corpus, phrase("articles_dont_say"))
    score, best = scored[0]
    withheld = next(
        (
            p
            for _, p in scored[:3]
            if _WITHHELD.search(p.text)
            and weighted_coverage(terms, p.terms, weights, background=p.subject) >= TOPIC_MATCH
        ),
        None,
    )
    if withheld is not None and (score < FACT_MATCH or withheld is best):
        return not_found_answer(question, corpus, phrase("not_known"), [withheld], score)
    if score < FACT_MATCH:
        return refusal(question, corpus, phrase("articles_dont_say"), nearest_sentences=scored)
    passage = best
    if QUOTATION.search(best.text):  # a sentence holding a quote: name its speaker, as stored
        said = [
            q for q in corpus.quotes_at(best.article_id, best.position) if q.speaker and q.kind != "indirect"
        ]
        if said:
            passage = replace(best, speaker=said[0].speaker, speaker_role=said[0].speaker_role)
    one = corpus.article_count(at_most=2) == 1
    lead = phrase("from_the_article") if one else phrase("from_title", article_title(corpus, best))
    return found_answer(question, corpus, calibrate("fact", score), lead, [passage])


def meaning_scores(similar: Sequence[tuple[float, Passage]]) -> dict[tuple[int, int], tuple[float, Passage]]:
    """The closest sentences by meaning, each scored 0-1 by how far its cosine stands above the others'."""
    if len(similar) < 3:
        return {}
    scores: dict[tuple[int, int], tuple[float, Passage]] = {}
    for z, passage in standing(similar)[:MEANING_CANDIDATES]:
        share = min(1.0, max(0.0, (z - MEANING_LOW) / (MEANING_HIGH - MEANING_LOW)))
        if share > 0:
            scores[(passage.article_id, passage.position)] = (MEANING_WEIGHT * share, passage)
    return scores


def rank_sentences(
    question: Question,
    terms: Sequence[str],
    candidates: Sequence[Passage],
    weights: dict[str, float],
    meaning: dict[tuple[int, int], tuple[float, Passage]] | None = None,
) -> list[Scored]:
    """Sentences best first by IDF-weighted coverage of the question or by closeness in meaning (when
    ``meaning`` is given, the scores are rescaled so ``FACT_MATCH`` stays the bar), checked for the
    expected answer."""
    meaning = meaning or {}
    covered = [(weighted_coverage(terms, p.terms, weights, background=p.subject), p) for p in candidates]
    covered.sort(key=lambda item: -item[0])
    pool = covered[:RERANK]
    if len({p.article_id for p in candidates}) > 1 and covered:  # over several articles, meaning re-ranks
        chosen = {p.article_id for _, p in covered[:MEANING_ARTICLES]}  # those of the best by words
        meaning = {key: value for key, value in meaning.items() if key[0] in chosen}
    seen = {(p.article_id, p.position) for _, p in pool}
    pool += [
        (weighted_coverage(terms, p.terms, weights, background=p.subject), p)
        for key, (_, p) in meaning.items()
        if key not in seen
    ]
    scored: list[Scored] = []
    for coverage, passage in pool:
        fit = _answer_fit(question, passage.text) * (
            ANOTHER if _names_another(question.text, passage.text) else 1
        )
        fuzzy = fuzz.token_set_ratio(question.text, passage.text) / 100
        score = min(1.0, coverage * fit + 0.1 * fuzzy)
        if fit < 1 and len(terms) < 2:  # one word asked: any sentence naming it matches, the kind must fit
            score *= fit
        if meaning:
            close = meaning.get((passage.article_id, passage.position), (0.0, passage))[0] * min(fit, 1.0)
            score = (max(score, close) + MEANING_BOTH * min(score, close)) * FACT_MATCH / MEANING_MATCH
        scored.append(Scored(score, passage))
    scored.sort(
        key=lambda item: (-item.score, -_adjacency(terms, item.passage.terms), len(item.passage.terms))
    )
    return scored


def _adjacency(terms: Sequence[str], sentence: Sequence[str]) -> int:
    """How many pairs of the question's terms stand next to each other in the sentence's terms
    ("Debbie Meadows, the congressman's wife" holds "meadow" and "wif" closer than a passing mention)."""
    places = {t: [i for i, s in enumerate(sentence) if s == t] for t in terms}
    return sum(
        1 for a, b in pairwise(terms) for i in places.get(a, ()) for j in places.get(b, ()) if abs(i - j) <= 2
    )


def _check_articles(question: Question, scored: list[Scored], corpus: Corpus) -> list[Scored]:
    """Lower the score of a sentence whose article never mentions a name the question uses.

    "How much did the council spend on the museum in Calefield?" is not answered by an article
    that never names Calefield, however well one of its sentences matches the rest.
    """
    names = _proper_terms(question)
    if not names:
        return scored
    checked: list[Scored] = []
    for score, passage in scored:
        missing = [t for t in names if not presence(t, list(passage.terms))]
        if missing:
            mentioned = list(corpus.article_terms(passage.article_id))
            unknown = [
                t
                for t in missing
                if not presence(t, mentioned) and not any(r in mentioned for r in related_terms(t))
            ]
            score *= UNMENTIONED ** len(unknown)
        checked.append(Scored(score, passage))
    return sorted(checked, key=lambda item: -item.score)


def _proper_terms(question: Question) -> list[str]:
    """The search terms of the capitalized words inside a question (names of people, places, bodies)."""
    words = re.findall(r"[\w'’.-]+", question.text)[1:]  # the first word is capitalized anyway
    names = [w for w in words if w[:1].isupper() and normalize(w) not in QUESTION_WORDS]
    return [t for w in names for t in index_terms(w)]


def _answer_fit(question: Question, sentence: str) -> float:
    """1 when the sentence holds the kind of words the question asks for; less when it cannot answer it.

    A sum of money for "how much did it cost"; a number counting the thing asked about for "how
    many <things>" (a number about something else fits less); a date for "when"; a name the
    question does not already hold for "who", "which company", "where".
    """
    text = question.text
    match question.expects:
        case "money":
            return 1.0 if _MONEY.search(sentence) else 0.55
        case "number":
            asked = set(re.findall(r"\d+", text))
            numbers = [n for n in re.findall(r"\d[\d,.]*", sentence) if n.strip(",.") not in asked]
            if not numbers and not _NUMBER.search(re.sub(r"\d", "", sentence)):
                return 0.55
            if question.focus:
                return 1.1 if _counts(sentence, question.focus) else 0.6
            return 1.0
        case "percent":
            return 1.0 if _PERCENT.search(sentence) else 0.55
        case "duration":
            return 1.0 if _DURATION.search(sentence) else 0.55
        case "score":
            return 1.0 if _SCORE.search(sentence) else 0.55
        case "age":
            return 1.0 if _AGE.search(sentence) else 0.55
        case "date":
            return 1.0 if _DATE.search(sentence) else 0.6
        case "person" | "name" | "place":
            asked = set(normalize(text).split())
            told = _ATTRIBUTION.sub("", sentence)  # "…, Captain Sarnicki said": the source, not the answer
            names = [m for m in _NAME.findall(told) if not set(normalize(m).split()) <= asked]
            return 1.0 if names else 0.85 if question.expects != "name" else 0.6
    return 1.0


def _counts(sentence: str, focus: str) -> bool:
    """Whether a number in the sentence counts ``focus`` ("25 locations", "30 more shots"), typos allowed."""
    wanted = [t for w in normalize(focus).split() for t in (lemma(w), *related_terms(lemma(w)))]
    words = normalize(sentence).split()
    for i, word in enumerate(words):
        if word.isdigit() or _NUMBER.fullmatch(word):
            if any(presence(lemma(w), wanted) for w in words[i + 1 : i + 4]):
                return True
    return False


def _name_words(name: str) -> list[str]:
    """The words of a name, without the question or function words it starts with."""
    words = normalize(name).split()
    while words and (words[0] in STOPWORDS or words[0] in QUESTION_WORDS):
        words = words[1:]
    return words


def _names_another(question: str, sentence: str) -> bool:
    """Whether the sentence names a different body than the question does ("the Northgate Health Trust"
    for "the Kingsford Health Trust"): the same closing words, another distinguishing word before them."""
    for entity in _ENTITY.findall(question):
        words = _name_words(entity)
        if len(words) < 2:
            continue
        head, rest = words[0], " ".join(words[1:])
        for named in _ENTITY.findall(sentence):
            other = _name_words(named)
            if len(other) >= len(words) and " ".join(other[-len(words) + 1 :]) == rest:
                if fuzz.ratio(other[-len(words)], head) < TYPO:  # not the same word, typos aside
                    return True
    return False


def _cap_unknown(
    weights: dict[str, float], terms: Sequence[str], corpus: Corpus, *, keep: Iterable[str] = ()
) -> dict[str, float]:
    """Weigh the question words the corpus never uses (nor any word related to them) at most
    ``UNKNOWN_SHARE`` of the mean weight of the words it does use; the words in ``keep`` (names) excepted."""
    frequencies, _ = corpus.term_frequencies(set(weights))
    kept = set(keep)
    unknown = [
        t
        for t in terms
        if t not in frequencies and t not in kept and not any(r in frequencies for r in related_terms(t))
    ]
    known = [weights[t] for t in terms if t in frequencies]
    if not unknown or not known:
        return weights
    cap = UNKNOWN_SHARE * sum(known) / len(known)
    return {**weights, **{t: min(weights[t], cap) for t in unknown}}
