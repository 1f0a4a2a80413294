"""Answer questions about the collection: who is quoted (or who X is), a summary, the articles, help."""

from __future__ import annotations

from dataclasses import replace

from knowledge.answer.corpus import ArticleCorpus, Corpus
from knowledge.answer.facts import answer_fact
from knowledge.answer.intent import Question
from knowledge.answer.people import find_people
from knowledge.answer.phrases import phrase
from knowledge.answer.reply import (
    NO_ARTICLES,
    calibrate,
    plain_answer,
    refusal,
    suggested_questions,
    to_excerpt,
)
from knowledge.answer.scoring import term_weights
from knowledge.answer.tuning import ARTICLE_MATCH, NAME_MATCH, NAME_TIE, TOPIC_CANDIDATES
from knowledge.models import Answer, Passage, Voice
from knowledge.summarize.summary import key_voices, summarize, summary_sentence
from knowledge.text.matching import weighted_coverage
from knowledge.text.terms import index_terms, query_terms


def answer_people(question: Question, corpus: Corpus) -> Answer:
    """Who ``question.person`` is (or a plain answer), or everyone quoted when no one is named."""
    if question.person:
        people = [p for p in find_people(question.person, corpus) if p.score >= NAME_MATCH]
        top = [p for p in people if p.score >= people[0].score - NAME_TIE] if people else []
        if not top:
            fact = answer_fact(replace(question, intent="fact"), corpus)
            if fact.found:
                return fact
            return refusal(question, corpus, phrase("no_one_called", question.person))
        voices = [Voice(p.speaker, p.voices[0].article_id, p.quotes) for p in top]
        return plain_answer(
            question,
            calibrate("what_said", top[0].score),
            phrase("who_is", question.person),
            voices=voices,
        )
    voices = corpus.voices(20)
    if not voices:
        return refusal(question, corpus, phrase("no_one_quoted"))
    return plain_answer(question, 1.0, phrase("people_quoted"), voices=voices)


def answer_summary(question: Question, corpus: Corpus, count: int) -> Answer:
    """``count`` sentences summing up the newest (or the scoped) article, with its key voices."""
    article = corpus.article(None)
    if article is None:
        return refusal(question, corpus, NO_ARTICLES)
    chosen = summarize(article, count)
    info = ArticleCorpus([article]).article_infos([article.id])
    excerpts = tuple(to_excerpt(Passage(summary_sentence(article, i), article.id, i), info) for i in chosen)
    lead = phrase("summary_of", article.title)
    return Answer(
        question.text,
        "summary",
        True,
        1.0,
        lead.text,
        excerpts=excerpts,
        voices=tuple(key_voices(article)),
        article_id=article.id,
        lead_key=lead.key,
        lead_values=lead.values,
    )


def answer_articles(question: Question, corpus: Corpus) -> Answer:
    """The newest articles, or those about ``question.topic``."""
    if not question.topic:
        total = corpus.article_count()
        infos = corpus.recent(10)
        lead = (
            phrase("articles", total) if total <= len(infos) else phrase("newest_articles", len(infos), total)
        )
        return plain_answer(question, 1.0, lead, articles=infos)
    topic = query_terms(question.topic)
    weights = term_weights(topic, corpus)
    best: dict[int, float] = {}
    for passage in corpus.find_sentences(topic, TOPIC_CANDIDATES, related=True):
        score = weighted_coverage(topic, passage.terms, weights)
        best[passage.article_id] = max(best.get(passage.article_id, 0.0), score)
    candidates = corpus.article_infos(sorted(best, key=lambda a: -best[a])[:30])
    scored = {
        a: max(best[a], weighted_coverage(topic, index_terms(info.title), weights) + 0.1)
        for a, info in candidates.items()
    }
    chosen = [
        candidates[a] for a in sorted(scored, key=lambda a: (-scored[a], -a)) if scored[a] >= ARTICLE_MATCH
    ]
    if not chosen:
        return refusal(question, corpus, phrase("no_articles_about", question.topic))
    return plain_answer(
        question, 1.0, phrase("articles_about", len(chosen[:10]), question.topic), articles=chosen[:10]
    )


def answer_help(question: Question, corpus: Corpus) -> Answer:
    """What the bot can be asked, with questions the newest article can answer."""
    lead = phrase("help")
    return Answer(
        question.text,
        "help",
        True,
        1.0,
        lead.text,
        suggestions=suggested_questions(corpus),
        lead_key=lead.key,
    )
