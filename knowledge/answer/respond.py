"""Answer a reader's question from a corpus: find candidates, rank them with rapidfuzz, decide or refuse.

Every intent follows the same three steps (``answer`` dispatches on the intent):

1. recall: ask the corpus for candidates (the full-text index, or every passage of a scoped article);
2. precision: rank them with the scorer that suits the intent (fragment alignment for a quote,
   name similarity for a person, IDF-weighted coverage plus the expected kind of answer for a fact);
3. decide: answer when the calibrated confidence clears ``THRESHOLD``, otherwise say so and offer the
   nearest questions the articles can answer. A speaker is only ever named from a stored attribution.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from itertools import pairwise

from rapidfuzz import fuzz, process
from rapidfuzz.utils import default_process

from knowledge.answer.corpus import ArticleCorpus, Corpus
from knowledge.answer.intent import Question, parse_question
from knowledge.models import Answer, Article, ArticleInfo, Excerpt, Intent, Passage, Speaker, Voice
from knowledge.summarize.summary import key_voices, summarize, summary_sentence
from knowledge.text.matching import (
    describes_role,
    fragment_score,
    idf,
    is_number_word,
    name_score,
    presence,
    role_score,
    weighted_coverage,
)
from knowledge.text.terms import (
    QUESTION_WORDS,
    STOPWORDS,
    index_terms,
    lemma,
    normalize,
    query_terms,
    related_terms,
)

# Decision thresholds on the raw scores, tuned on the synthetic collections of benchmarks/answer_bench.py
# and the dev questions of benchmarks/qa_eval.py; re-run both after changing any of them.
QUOTE_MATCH = 0.72  # fragment_score for "who said": below it no one is named
NAME_MATCH = 0.78  # name_score for "what did X say" / "who is X"
NAME_TIE = 0.04  # people this close to the best name are all offered ("which one?")
FACT_MATCH = 0.62  # IDF-weighted coverage of the question by one sentence, after the answer-kind check
TOPIC_MATCH = 0.5  # share of the topic's words a quote (with its sentence) must hold to count as "about" it
ARTICLE_MATCH = 0.5  # share of a topic's words an article must hold to be listed for it
MAX_EXCERPTS = 12  # "what did X say": the bot shows them a few at a time
UNMENTIONED = 0.7  # a fact's score is multiplied by this for each name in the question its article never uses
ANOTHER = 0.6  # ... and by this when it names another body than the question ("Northgate Health Trust")
TYPO = 80  # rapidfuzz ratio from which two spellings are read as one word
# A question word the one article asked about never uses (nor any related word) is most often the reader's
# own wording for what it says otherwise ("fired" for "sacked"; over a whole collection an unknown word is
# rather a typo or another story's name, and keeps its weight): when the answer's kind can be checked
# strictly (a number, a sum, a date), it weighs at most this share of the mean weight of the words that are
# there, instead of the highest IDF of all. Names the articles never use keep their full weight. Tuned on
# reworded dev questions; re-run benchmarks/qa_eval.py (absent questions) after changing it.
UNKNOWN_SHARE = 0.5
STRICT_KINDS = ("number", "money", "date")
# Raw score -> probability that the answer is right: a logistic curve per intent, fitted by maximum
# likelihood on the raw scores of planted questions, answerable and not (benchmarks/answer_bench.py, 10,000
# articles), checked on the dev questions (benchmarks/qa_eval.py); answer_bench prints the reliability
# table. The fits put p = 0.5 at 0.74 (who said) and 0.65 (fact), next to the decision thresholds above,
# which are kept as the midpoints; "what did X say" had no wrong match to fit, so its slope is a guess.
# An answer is given when the calibrated confidence reaches THRESHOLD.
THRESHOLD = 0.5
CALIBRATION: dict[str, tuple[float, float]] = {  # intent: (slope, raw score at which p = 0.5)
    "who_said": (25.0, QUOTE_MATCH),
    "what_said": (20.0, NAME_MATCH),
    "fact": (15.0, FACT_MATCH),
}
# How many candidates each search asks the corpus for (best first by how many rare terms they hold).
QUOTE_CANDIDATES = 30
FEW_QUOTES = 1  # the index stops at the first level of matching words that finds a quote
NARRATION_CANDIDATES = 15
FACT_CANDIDATES = 60
FACT_ENOUGH = 10
TOPIC_CANDIDATES = 150
SPEAKER_CANDIDATES = 200
PERSON_QUOTES = 500
UNNAMED_ROLE = 0.5  # a role's fit for a speaker the article does not name ("the governor")
JOIN_CANDIDATES = 3  # "who said": the best candidates whose neighbouring quotes are joined to them
JOINED_PIECES = 3  # ... into runs of at most this many consecutive quotes by the same speaker
RERANK = 12  # candidates kept after a quick rapidfuzz pass (in C), for the full scorers

NO_ARTICLES = "I have no articles yet. Send me an article first (a link or a text file)."
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
_QUOTATION = re.compile(r"[\"“”«»]")
_MONEY_WORDS = frozenset({"money", "cash", "sum", "amount"})
# A capitalized name of several words: "Kingsford Health Trust", "Bank of England".
_ENTITY = re.compile(r"(?<![\w'’])[A-Z][\w'’.-]*(?:\s+(?:of\s+(?:the\s+)?)?[A-Z][\w'’.-]*)+")
_MONEY = re.compile(
    r"[$£€¥]\s?\d|\d\s?(?:[$£€¥]|(?:million|billion|trillion|thousand|m|bn|k)?\s*(?:dollars?|pounds?|euros?|"
    r"yen|yuan|rupees?|francs?|usd|eur|gbp|cents?))\b|\b(?:dollars?|pounds?|euros?)\b",
    re.I,
)
_SAYING = re.compile(
    r"\b(?:say|said|says|saying|think|thinks|thought|quoted?|quotes|words|tell|told|view|views)\b", re.I
)


@dataclass(frozen=True, slots=True)
class _Person:
    """Everyone quoted under one name across the corpus, with how well the name matched."""

    name: str
    score: float
    voices: tuple[Voice, ...]

    @property
    def quotes(self) -> int:
        return sum(v.quotes for v in self.voices)

    @property
    def speaker(self) -> Speaker:
        roles = list(dict.fromkeys(v.speaker.role for v in self.voices if v.speaker.role))
        first = self.voices[0].speaker
        return Speaker(self.name, "; ".join(roles[:2]) or None, first.kind, first.aliases)


def answer_question(text: str, source: Corpus | Sequence[Article], *, summary_sentences: int = 3) -> Answer:
    """Answer ``text`` from a corpus, or from a list of articles (one when the reader scoped the question)."""
    corpus = ArticleCorpus(source) if isinstance(source, Sequence) else source
    return answer(parse_question(text), corpus, summary_sentences=summary_sentences)


def answer(question: Question, corpus: Corpus, *, summary_sentences: int = 3) -> Answer:
    """Answer a parsed question from ``corpus``."""
    if corpus.article_count() == 0:
        return Answer(question.text, question.intent, False, 0.0, NO_ARTICLES)
    match question.intent:
        case "who_said":
            return _who_said(question, corpus)
        case "what_said":
            return _what_said(question, corpus)
        case "people":
            return _people(question, corpus)
        case "summary":
            return _summary(question, corpus, summary_sentences)
        case "articles":
            return _articles(question, corpus)
        case "help":
            return _help(question, corpus)
        case _:
            return _fact(question, corpus)


def calibrate(intent: Intent, score: float) -> float:
    """The probability that an answer with this raw score is right (see ``CALIBRATION``)."""
    if intent not in CALIBRATION:
        return round(min(max(score, 0.0), 1.0), 2)
    slope, middle = CALIBRATION[intent]
    return round(1 / (1 + math.exp(-slope * (score - middle))), 2)


# --------------------------------------------------------------------------- who said


def _who_said(question: Question, corpus: Corpus) -> Answer:
    fragment = question.quote
    if not fragment:
        return _refuse(
            question, corpus, 'Tell me the words you want attributed, e.g. who said "we will not give up"?'
        )
    terms = index_terms(fragment)
    ranked = rank_fragment(fragment, corpus.find_quotes(terms, QUOTE_CANDIDATES, enough=FEW_QUOTES))
    ranked = _with_joined_runs(fragment, ranked, corpus)
    best_score, best = ranked[0] if ranked else (0.0, None)
    sentence_score, sentence = 0.0, None
    if best is None or best_score < QUOTE_MATCH or best.kind != "direct" or not best.speaker:
        # the words may be the reporter's own: look at the sentences too
        found = corpus.find_sentences(terms, NARRATION_CANDIDATES, enough=FEW_QUOTES)
        sentence_score, sentence = next(iter(rank_fragment(fragment, found)), (0.0, None))
    if best is not None and best_score >= QUOTE_MATCH and best.speaker:
        if sentence_score > best_score + 0.15 and best.kind != "direct":
            return _refuse(question, corpus, "I can't find anyone quoted saying that.", nearest=ranked)
        same = [
            p
            for score, p in ranked[1:4]
            if score >= best_score - 0.02 and score >= QUOTE_MATCH and p.speaker and p.speaker != best.speaker
        ]
        chosen = [best, *same]
        lead = f"{best.speaker} said it." if not same else "Several people said words like that."
        return _found(question, corpus, calibrate("who_said", best_score), lead, chosen)
    unattributed = best if best is not None and best_score >= QUOTE_MATCH else None
    if unattributed is None and sentence is not None and sentence_score >= QUOTE_MATCH:
        unattributed = sentence if _QUOTATION.search(sentence.text) else None
        if unattributed is None:
            return _not_found(
                question,
                corpus,
                "Those words are in the article, but they are the reporter's, not a quote from anyone.",
                [sentence],
                sentence_score,
            )
    if unattributed is not None:
        return _not_found(
            question,
            corpus,
            "Those words are quoted in the article, but it does not say who said them.",
            [replace(unattributed, speaker=None, speaker_role=None)],
            max(best_score, sentence_score),
        )
    return _refuse(question, corpus, "I can't find anyone quoted saying that.", nearest=ranked)


def rank_fragment(fragment: str, passages: Sequence[Passage]) -> list[tuple[float, Passage]]:
    """``passages`` best first by how surely each contains the loosely typed ``fragment``."""
    if len(passages) > RERANK:
        quick = process.extract(
            fragment,
            [p.text for p in passages],
            scorer=fuzz.partial_ratio,
            processor=default_process,
            limit=RERANK,
        )
        passages = [passages[i] for _, _, i in quick]
    scored = [(fragment_score(fragment, p.text), p) for p in passages]
    scored.sort(key=lambda item: (-item[0], item[1].kind == "indirect", -item[1].article_id))
    return scored


def _with_joined_runs(
    fragment: str, ranked: list[tuple[float, Passage]], corpus: Corpus
) -> list[tuple[float, Passage]]:
    """Add the runs of consecutive quotes by one speaker that the fragment spans, when one scores best.

    A quote is often stored in pieces (split around "he said", or one per sentence); a reader who asks
    about words running over two pieces matches each piece only in part. The pieces next to the best
    few candidates are joined (up to ``JOINED_PIECES``) and scored as one passage.
    """
    if not ranked or ranked[0][0] >= QUOTE_MATCH:
        return ranked
    best = ranked[0][0]
    joined: list[tuple[float, Passage]] = []
    seen: set[tuple[int, int]] = set()
    for _, passage in ranked[:JOIN_CANDIDATES]:
        if not passage.speaker or (passage.article_id, passage.position) in seen:
            continue
        seen.add((passage.article_id, passage.position))
        for run in _runs_around(passage, corpus):
            text = " ".join(p.text for p in run)
            joined.append((fragment_score(fragment, text), replace(run[0], text=text)))
    better = [(score, p) for score, p in joined if score > best]
    if not better:
        return ranked
    better.sort(key=lambda item: -item[0])
    return [better[0], *ranked]


def _runs_around(passage: Passage, corpus: Corpus) -> list[list[Passage]]:
    """The runs of two or more consecutive quotes by ``passage``'s speaker that include it (in the
    sentences just before and after it, in article order)."""
    near = [
        q
        for position in range(max(passage.position - 1, 0), passage.position + 2)
        for q in corpus.quotes_at(passage.article_id, position)
    ]
    runs = []
    for size in range(2, JOINED_PIECES + 1):
        for start in range(len(near) - size + 1):
            run = near[start : start + size]
            if passage.text in (p.text for p in run) and all(
                p.speaker == passage.speaker and p.kind == "direct" for p in run
            ):
                runs.append(run)
    return runs


# --------------------------------------------------------------------------- what did X say


def _what_said(question: Question, corpus: Corpus) -> Answer:
    assert question.person is not None
    people = find_people(question.person, corpus)
    matched = [p for p in people if p.score >= NAME_MATCH and p.quotes]
    if not matched:
        if not _SAYING.search(question.text):  # "harbour fees on Monday" is not a person and a topic
            fact = _fact(replace(question, intent="fact"), corpus)
            if fact.found:
                return fact
        return _no_such_person(question, corpus, people)
    top = [p for p in matched if p.score >= matched[0].score - NAME_TIE]
    topic = query_terms(question.topic) if question.topic else []
    said: list[Passage] = []
    if len(top) > 1 and topic:
        top, said = _by_topic(top, topic, corpus)
    if len(top) > 1:
        return Answer(
            question.text,
            "what_said",
            False,
            calibrate("what_said", top[0].score),
            f"Several people match {question.person!r}. Which one do you mean?",
            voices=tuple(Voice(p.speaker, p.voices[0].article_id, p.quotes) for p in top),
            suggestions=tuple(f"What did {p.name} say?" for p in top[:4]),
        )
    person = top[0]
    said = said or corpus.quotes_by(_names(person), PERSON_QUOTES)
    said = sorted(said, key=lambda p: (p.kind == "indirect", -p.article_id, p.position))
    lead = f"What {person.name} said"
    if topic:
        relevant = _about(topic, said, corpus)
        if relevant:  # the quotes on the topic first, then the rest (the topic may be worded otherwise)
            others = [p for p in said if p not in relevant]
            said, lead = relevant + others, f"{lead} about {question.topic}"
            if others:
                lead += ", then the rest of what they said"
        else:
            lead = f"{person.name} says nothing about {question.topic} here; this is what they said"
    return _found(question, corpus, calibrate("what_said", person.score), lead + ":", said[:MAX_EXCERPTS])


def find_people(name: str, corpus: Corpus) -> list[_Person]:
    """Everyone whose name, surname, initials or a near spelling matches ``name``, best first."""
    groups: dict[str, list[Voice]] = {}
    for voice in corpus.find_speakers(name, SPEAKER_CANDIDATES):
        groups.setdefault(normalize(voice.speaker.name), []).append(voice)
    people = [
        _Person(voices[0].speaker.name, name_score(name, _all_forms(voices)), tuple(voices))
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


def _unnamed(person: _Person) -> bool:
    """Whether the article never names this speaker ("the owner", "a spokesman")."""
    return all(v.speaker.kind == "unnamed" for v in person.voices)


def _by_role(description: str, corpus: Corpus) -> list[_Person]:
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
    people = []
    for voices in groups.values():
        voices = list({(v.article_id, v.speaker.name): v for v in voices}.values())
        fit = max(role_score(description, v.speaker) for v in voices)
        if all(v.speaker.kind == "unnamed" for v in voices):  # "the owner": a named speaker in the role wins
            fit *= UNNAMED_ROLE
        if fit > 0 and any(v.quotes for v in voices):
            people.append(_Person(voices[0].speaker.name, NAME_MATCH + 0.1 * fit, tuple(voices)))
    people.sort(key=lambda p: (-p.score, -p.quotes))
    return people


def _all_forms(voices: list[Voice]) -> Speaker:
    """One speaker holding every name and alias the voices go by."""
    aliases = {a for v in voices for a in (v.speaker.name, *v.speaker.aliases)}
    return Speaker(voices[0].speaker.name, aliases=tuple(sorted(aliases)))


def _names(person: _Person) -> set[str]:
    return {v.speaker.name for v in person.voices}


def _by_topic(people: list[_Person], topic: list[str], corpus: Corpus) -> tuple[list[_Person], list[Passage]]:
    """Of several people with the same name, the only one quoted on the topic (if exactly one is)."""
    on_topic = []
    for person in people:
        said = corpus.quotes_by(_names(person), PERSON_QUOTES)
        relevant = _about(topic, said, corpus)
        if relevant:
            on_topic.append((person, said))
    if len(on_topic) == 1:
        return [on_topic[0][0]], on_topic[0][1]
    return people, []


def _about(topic: list[str], said: list[Passage], corpus: Corpus) -> list[Passage]:
    """The quotes (with their sentences) that hold the topic's words, most relevant first."""
    weights = _weights(topic, corpus)
    starts = {t[:3] for term in topic for t in (term, *related_terms(term))}
    scored = []
    for passage in said:
        score = weighted_coverage(topic, passage.terms, weights)
        context = passage.context.lower()
        if score < 1.0 and any(s in context for s in starts):  # the topic may be named outside the quote
            score = max(
                score, weighted_coverage(topic, {*passage.terms, *index_terms(passage.context)}, weights)
            )
        scored.append((score, passage))
    relevant = [(score, p) for score, p in scored if score >= TOPIC_MATCH]
    relevant.sort(key=lambda item: -item[0])
    return [p for _, p in relevant]


def _no_such_person(question: Question, corpus: Corpus, people: list[_Person]) -> Answer:
    nearest = [p for p in people if p.score >= 0.6 and p.quotes][:3]
    suggestions = tuple(f"What did {p.name.split()[-1]} say?" for p in nearest)
    return _refuse(question, corpus, f"No one called {question.person} is quoted here.", extra=suggestions)


# --------------------------------------------------------------------------- people


def _people(question: Question, corpus: Corpus) -> Answer:
    if question.person:
        people = [p for p in find_people(question.person, corpus) if p.score >= NAME_MATCH]
        top = [p for p in people if p.score >= people[0].score - NAME_TIE] if people else []
        if not top:
            fact = _fact(replace(question, intent="fact"), corpus)
            if fact.found:
                return fact
            return _refuse(question, corpus, f"No one called {question.person} is quoted here.")
        voices = [Voice(p.speaker, p.voices[0].article_id, p.quotes) for p in top]
        return _answer(
            question,
            calibrate("what_said", top[0].score),
            f"Who {question.person} is:",
            voices=voices,
        )
    voices = corpus.voices(20)
    if not voices:
        return _refuse(question, corpus, "No one is quoted by name here.")
    return _answer(question, 1.0, "People quoted:", voices=voices)


# --------------------------------------------------------------------------- summary, articles, help


def _summary(question: Question, corpus: Corpus, count: int) -> Answer:
    article = corpus.article(None)
    if article is None:
        return _refuse(question, corpus, NO_ARTICLES)
    chosen = summarize(article, count)
    info = ArticleCorpus([article]).article_infos([article.id or 0])
    excerpts = tuple(
        _excerpt(Passage(summary_sentence(article, i), article.id or 0, i), info) for i in chosen
    )
    return Answer(
        question.text,
        "summary",
        True,
        1.0,
        f"Summary of “{article.title}”:",
        excerpts=excerpts,
        voices=tuple(key_voices(article)),
        article_id=article.id,
    )


def _articles(question: Question, corpus: Corpus) -> Answer:
    if not question.topic:
        total = corpus.article_count()
        infos = corpus.recent(10)
        lead = (
            f"{total} article(s):" if total <= len(infos) else f"The {len(infos)} newest of {total} articles:"
        )
        return _answer(question, 1.0, lead, articles=infos)
    topic = query_terms(question.topic)
    weights = _weights(topic, corpus)
    best: dict[int, float] = {}
    for passage in corpus.find_sentences(topic, TOPIC_CANDIDATES, related=True):
        score = weighted_coverage(topic, passage.terms, weights)
        best[passage.article_id] = max(best.get(passage.article_id, 0.0), score)
    infos = corpus.article_infos(sorted(best, key=lambda a: -best[a])[:30])
    scored = {
        a: max(best[a], weighted_coverage(topic, index_terms(info.title), weights) + 0.1)
        for a, info in infos.items()
    }
    chosen = [infos[a] for a in sorted(scored, key=lambda a: (-scored[a], -a)) if scored[a] >= ARTICLE_MATCH]
    if not chosen:
        return _refuse(question, corpus, f"I have no articles about {question.topic}.")
    return _answer(
        question, 1.0, f"{len(chosen[:10])} article(s) about {question.topic}:", articles=chosen[:10]
    )


def _help(question: Question, corpus: Corpus) -> Answer:
    return Answer(
        question.text,
        "help",
        True,
        1.0,
        "Ask me who said a line, what someone said (about a topic), who is quoted, "
        "a question about the story, or for a summary.",
        suggestions=_suggestions(corpus),
    )


# --------------------------------------------------------------------------- plain questions


def _fact(question: Question, corpus: Corpus) -> Answer:
    terms = query_terms(question.text)
    if question.expects == "money":  # "how much money": the sum itself is what is looked for
        terms = [t for t in terms if t not in _MONEY_WORDS] or terms
    if not terms:
        return _refuse(question, corpus, "Ask me about something in the articles.")
    candidates = corpus.find_sentences(terms, FACT_CANDIDATES, related=True, enough=FACT_ENOUGH)
    weights = _weights(terms, corpus)
    if question.expects in STRICT_KINDS and corpus.article_count() == 1:
        weights = _cap_unknown(weights, terms, corpus, keep=_proper_terms(question))
    scored = rank_sentences(question, terms, candidates, weights)
    scored = _check_articles(question, scored[:3], corpus) + scored[3:]
    if not scored:
        return _refuse(question, corpus, "The articles don't say.")
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
        return _not_found(question, corpus, "The article says this is not known:", [withheld], score)
    if score < FACT_MATCH:
        return _refuse(question, corpus, "The articles don't say.", nearest_sentences=scored)
    passage = best
    if _QUOTATION.search(best.text):  # a sentence holding a quote: name its speaker, as stored
        said = [
            q for q in corpus.quotes_at(best.article_id, best.position) if q.speaker and q.kind != "indirect"
        ]
        if said:
            passage = replace(best, speaker=said[0].speaker, speaker_role=said[0].speaker_role)
    lead = "From the article:" if corpus.article_count() == 1 else f"From “{_title(corpus, best)}”:"
    return _found(question, corpus, calibrate("fact", score), lead, [passage])


def rank_sentences(
    question: Question, terms: Sequence[str], candidates: Sequence[Passage], weights: dict[str, float]
) -> list[tuple[float, Passage]]:
    """Sentences best first by IDF-weighted coverage of the question, checked for the expected answer."""
    covered = [(weighted_coverage(terms, p.terms, weights, background=p.subject), p) for p in candidates]
    covered.sort(key=lambda item: -item[0])
    scored = []
    for coverage, passage in covered[:RERANK]:
        fit = _answer_fit(question, passage.text) * (
            ANOTHER if _names_another(question.text, passage.text) else 1
        )
        fuzzy = fuzz.token_set_ratio(question.text, passage.text) / 100
        score = min(1.0, coverage * fit + 0.1 * fuzzy)
        if fit < 1 and len(terms) < 2:  # one word asked: any sentence naming it matches, the kind must fit
            score *= fit
        scored.append((score, passage))
    scored.sort(key=lambda item: (-item[0], -_adjacency(terms, item[1].terms), len(item[1].terms)))
    return scored


def _adjacency(terms: Sequence[str], sentence: Sequence[str]) -> int:
    """How many pairs of the question's terms stand next to each other in the sentence's terms
    ("Debbie Meadows, the congressman's wife" holds "meadow" and "wif" closer than a passing mention)."""
    places = {t: [i for i, s in enumerate(sentence) if s == t] for t in terms}
    return sum(
        1 for a, b in pairwise(terms) for i in places.get(a, ()) for j in places.get(b, ()) if abs(i - j) <= 2
    )


def _check_articles(
    question: Question, scored: list[tuple[float, Passage]], corpus: Corpus
) -> list[tuple[float, Passage]]:
    """Lower the score of a sentence whose article never mentions a name the question uses.

    "How much did the council spend on the museum in Calefield?" is not answered by an article
    that never names Calefield, however well one of its sentences matches the rest.
    """
    names = _proper_terms(question)
    if not names:
        return scored
    checked = []
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
        checked.append((score, passage))
    return sorted(checked, key=lambda item: -item[0])


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
        case "date":
            return 1.0 if _DATE.search(sentence) else 0.6
        case "person" | "name" | "place":
            asked = set(normalize(text).split())
            names = [m for m in _NAME.findall(sentence) if not set(normalize(m).split()) <= asked]
            return 1.0 if names else 0.85
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
        for phrase in _ENTITY.findall(sentence):
            other = _name_words(phrase)
            if len(other) >= len(words) and " ".join(other[-len(words) + 1 :]) == rest:
                if fuzz.ratio(other[-len(words)], head) < TYPO:  # not the same word, typos aside
                    return True
    return False


# --------------------------------------------------------------------------- shared pieces


def _weights(terms: Iterable[str], corpus: Corpus) -> dict[str, float]:
    """Each term's IDF; number words weigh less (articles write numbers many ways)."""
    wanted = set(terms)
    wanted |= {r for t in wanted for r in related_terms(t)}
    frequencies, total = corpus.term_frequencies(wanted)
    return {
        t: idf(frequencies.get(t, 0), max(total, 1)) * (0.3 if is_number_word(t) else 1.0) for t in wanted
    }


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


def _found(
    question: Question,
    corpus: Corpus,
    confidence: float,
    lead: str,
    passages: Sequence[Passage],
) -> Answer:
    """An answer built from passages, or a refusal when the confidence is below ``THRESHOLD``."""
    if confidence < THRESHOLD:
        return _refuse(question, corpus, "I'm not sure the articles answer that.")
    infos = corpus.article_infos(p.article_id for p in passages)
    excerpts = [_excerpt(p, infos) for p in passages]
    return _answer(question, confidence, lead, excerpts=excerpts)


def _not_found(
    question: Question, corpus: Corpus, lead: str, passages: Sequence[Passage], score: float
) -> Answer:
    infos = corpus.article_infos(p.article_id for p in passages)
    excerpts = tuple(_excerpt(p, infos) for p in passages)
    return Answer(
        question.text,
        question.intent,
        False,
        round(score, 2),
        lead,
        excerpts=excerpts,
        suggestions=_suggestions(corpus),
        article_id=_single_article(e.article_id for e in excerpts),
    )


def _answer(
    question: Question,
    confidence: float,
    lead: str,
    *,
    excerpts: Sequence[Excerpt] = (),
    voices: Sequence[Voice] = (),
    articles: Sequence[ArticleInfo] = (),
) -> Answer:
    ids = [e.article_id for e in excerpts] or [v.article_id for v in voices]
    return Answer(
        question.text,
        question.intent,
        True,
        confidence,
        lead,
        excerpts=tuple(excerpts),
        voices=tuple(voices),
        articles=tuple(articles),
        article_id=_single_article(ids),
    )


def _single_article(ids: Iterable[int]) -> int | None:
    distinct = set(ids)
    return distinct.pop() if len(distinct) == 1 else None


def _excerpt(passage: Passage, infos: dict[int, ArticleInfo]) -> Excerpt:
    info = infos.get(passage.article_id)
    context = passage.context if passage.context and passage.context != passage.text else None
    return Excerpt(
        text=passage.text,
        article_id=passage.article_id,
        title=info.title if info else "",
        speaker=passage.speaker,
        speaker_role=passage.speaker_role if passage.speaker else None,
        kind=passage.kind,
        url=info.url if info else None,
        publisher=info.publisher if info else None,
        published=info.published if info else None,
        context=context,
    )


def _title(corpus: Corpus, passage: Passage) -> str:
    info = corpus.article_infos([passage.article_id]).get(passage.article_id)
    return info.title if info else "the article"


def _refuse(
    question: Question,
    corpus: Corpus,
    reason: str,
    *,
    nearest: Sequence[tuple[float, Passage]] = (),
    nearest_sentences: Sequence[tuple[float, Passage]] = (),
    extra: Sequence[str] = (),
) -> Answer:
    """Say the articles do not answer, and offer the nearest questions they can answer: who said the
    nearest quotes, a summary of the articles holding the nearest sentences, then the newest article's."""
    quotes = [p for _, p in nearest if p.speaker and p.kind != "indirect"]
    suggestions = [*extra, *(_who_said_question(p) for p in quotes[:2])]
    if corpus.article_count() > 1:
        suggestions += [
            f"Summarize #{a}" for a in dict.fromkeys(p.article_id for _, p in nearest_sentences[:3])
        ]
    suggestions += [s for s in _suggestions(corpus) if s not in suggestions]
    return Answer(question.text, question.intent, False, 0.0, reason, suggestions=tuple(suggestions[:4]))


def _who_said_question(passage: Passage) -> str:
    words = passage.text.split()[:7]
    return f'Who said "{" ".join(words)}"?'


def _suggestions(corpus: Corpus) -> tuple[str, ...]:
    """Questions the newest (or the scoped) article can answer, built from its own quotes and people."""
    article = corpus.article(None)
    if article is None:
        return ()
    suggestions: list[str] = []
    direct = [q for q in article.quotes if q.kind == "direct" and q.speaker]
    if direct:
        suggestions.append(_who_said_question(Passage(direct[0].text, article.id or 0, direct[0].sentence)))
    people = [s for s in article.speakers if s.kind == "person"]
    if people:
        suggestions.append(f"What did {people[-1].name.split()[-1]} say?")
    suggestions.append("Who is quoted?")
    suggestions.append("Summarize the article")
    return tuple(suggestions[:4])
