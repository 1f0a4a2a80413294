"""Answer "what did <person> say (about <topic>)?": the quotes of the one person meant, on the topic first."""

from __future__ import annotations

import re
from dataclasses import replace

from knowledge.answer.corpus import Corpus
from knowledge.answer.facts import answer_fact
from knowledge.answer.intent import Question
from knowledge.answer.people import Person, find_people
from knowledge.answer.phrases import phrase
from knowledge.answer.reply import calibrate, found_answer, refusal
from knowledge.answer.scoring import Scored, standing, term_weights
from knowledge.answer.tuning import (
    MAX_EXCERPTS,
    MEANING_POOL,
    NAME_MATCH,
    NAME_TIE,
    PERSON_QUOTES,
    TOPIC_MATCH,
    TOPIC_MEANING,
    TOPIC_QUOTES,
)
from knowledge.models import Answer, Passage, Voice
from knowledge.text.lexicon import SAYING_WORDS, alternation
from knowledge.text.matching import weighted_coverage
from knowledge.text.terms import index_terms, query_terms, related_terms

_SAYING = re.compile(rf"\b{alternation(SAYING_WORDS)}\b", re.I)  # words that ask for someone's words


def answer_what_said(question: Question, corpus: Corpus) -> Answer:
    """The quotes of the person ``question.person`` names, or which one?, or a plain answer, or a refusal."""
    assert question.person is not None
    people = find_people(question.person, corpus)
    matched = [p for p in people if p.score >= NAME_MATCH and p.quotes]
    if not matched:
        if not _SAYING.search(question.text):  # "harbour fees on Monday" is not a person and a topic
            fact = answer_fact(replace(question, intent="fact"), corpus)
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
            phrase("which_person", question.person).text,
            voices=tuple(Voice(p.speaker, p.voices[0].article_id, p.quotes) for p in top),
            suggestions=tuple(f"What did {p.name} say?" for p in top[:4]),
            lead_key="which_person",
            lead_values=(question.person or "",),
        )
    person = top[0]
    said = said or corpus.quotes_by(person.names, PERSON_QUOTES)
    said = sorted(said, key=lambda p: (p.kind == "indirect", -p.article_id, p.position))
    lead = phrase("what_said", person.name)
    if question.topic:
        relevant = _about(topic, said, corpus) or _close_to(question.topic, said, corpus)
        if relevant:  # the quotes on the topic first, then the rest (the topic may be worded otherwise)
            others = [p for p in said if p not in relevant]
            said = relevant + others
            key = "what_said_about_then_rest" if others else "what_said_about"
            lead = phrase(key, person.name, question.topic)
        else:
            lead = phrase("says_nothing_about", person.name, question.topic)
    return found_answer(question, corpus, calibrate("what_said", person.score), lead, said[:MAX_EXCERPTS])


def _by_topic(people: list[Person], topic: list[str], corpus: Corpus) -> tuple[list[Person], list[Passage]]:
    """Of several people with the same name, the only one quoted on the topic (if exactly one is)."""
    on_topic: list[tuple[Person, list[Passage]]] = []
    for person in people:
        said = corpus.quotes_by(person.names, PERSON_QUOTES)
        relevant = _about(topic, said, corpus)
        if relevant:
            on_topic.append((person, said))
    if len(on_topic) == 1:
        return [on_topic[0][0]], on_topic[0][1]
    return people, []


def _about(topic: list[str], said: list[Passage], corpus: Corpus) -> list[Passage]:
    """The quotes (with their sentences) that hold the topic's words, most relevant first."""
    weights = term_weights(topic, corpus)
    starts = {t[:3] for term in topic for t in (term, *related_terms(term))}
    scored: list[Scored] = []
    for passage in said:
        score = weighted_coverage(topic, passage.terms, weights)
        context = passage.context.lower()
        if score < 1.0 and any(s in context for s in starts):  # the topic may be named outside the quote
            score = max(
                score, weighted_coverage(topic, {*passage.terms, *index_terms(passage.context)}, weights)
            )
        scored.append(Scored(score, passage))
    relevant = [item for item in scored if item.score >= TOPIC_MATCH]
    relevant.sort(key=lambda item: -item.score)
    return [p for _, p in relevant]


def _close_to(topic: str, said: list[Passage], corpus: Corpus) -> list[Passage]:
    """Of the quotes ``said``, the ones closest in meaning to ``topic`` (worded otherwise, or in another
    language), when they stand out from the person's other quotes; none without vectors."""
    if len(said) < 2:
        return []
    wanted = {(p.article_id, p.position, p.text) for p in said}
    close = [
        (c, p)
        for c, p in corpus.similar_quotes(topic, MEANING_POOL)
        if (p.article_id, p.position, p.text) in wanted
    ]
    if len(close) < 2:
        return []
    chosen = [p for z, p in standing(close)[:TOPIC_QUOTES] if z >= TOPIC_MEANING]
    by_key = {(p.article_id, p.position, p.text): p for p in said}
    return [by_key[(p.article_id, p.position, p.text)] for p in chosen]


def _no_such_person(question: Question, corpus: Corpus, people: list[Person]) -> Answer:
    """Refuse, offering the people whose names come nearest."""
    nearest = [p for p in people if p.score >= 0.6 and p.quotes][:3]
    suggestions = tuple(f"What did {p.name.split()[-1]} say?" for p in nearest)
    return refusal(question, corpus, phrase("no_one_called", question.person), extra=suggestions)
