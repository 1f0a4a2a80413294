"""Build the Answers the families return: found, not found, refusals with suggestions, calibrated."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

from knowledge.answer.corpus import Corpus
from knowledge.answer.intent import Question
from knowledge.answer.phrases import Lead, phrase
from knowledge.answer.scoring import Scored
from knowledge.answer.tuning import CALIBRATION, THRESHOLD
from knowledge.models import Answer, ArticleInfo, Excerpt, Intent, Passage, Voice

NO_ARTICLES = phrase("no_articles")


def calibrate(intent: Intent | str, score: float) -> float:
    """The probability that an answer with this raw score is right (see ``CALIBRATION``)."""
    if intent not in CALIBRATION:
        return round(min(max(score, 0.0), 1.0), 2)
    slope, middle = CALIBRATION[intent]
    return round(1 / (1 + math.exp(-slope * (score - middle))), 2)


def found_answer(
    question: Question,
    corpus: Corpus,
    confidence: float,
    lead: Lead,
    passages: Sequence[Passage],
) -> Answer:
    """An answer built from passages, or a refusal when the confidence is below ``THRESHOLD``."""
    if confidence < THRESHOLD:
        return refusal(question, corpus, phrase("not_sure"))
    infos = corpus.article_infos(p.article_id for p in passages)
    excerpts = [to_excerpt(p, infos) for p in passages]
    return plain_answer(question, confidence, lead, excerpts=excerpts)


def not_found_answer(
    question: Question, corpus: Corpus, lead: Lead, passages: Sequence[Passage], score: float
) -> Answer:
    """A reply that is not an answer but shows what the articles hold instead (unattributed, not known)."""
    infos = corpus.article_infos(p.article_id for p in passages)
    excerpts = tuple(to_excerpt(p, infos) for p in passages)
    return Answer(
        question.text,
        question.intent,
        False,
        round(score, 2),
        lead.text,
        excerpts=excerpts,
        suggestions=suggested_questions(corpus),
        article_id=_single_article(e.article_id for e in excerpts),
        lead_key=lead.key,
        lead_values=lead.values,
    )


def plain_answer(
    question: Question,
    confidence: float,
    lead: Lead,
    *,
    excerpts: Sequence[Excerpt] = (),
    voices: Sequence[Voice] = (),
    articles: Sequence[ArticleInfo] = (),
) -> Answer:
    """A found answer holding excerpts, voices or articles (scoped to their article when there is one)."""
    ids = [e.article_id for e in excerpts] or [v.article_id for v in voices]
    return Answer(
        question.text,
        question.intent,
        True,
        confidence,
        lead.text,
        excerpts=tuple(excerpts),
        voices=tuple(voices),
        articles=tuple(articles),
        article_id=_single_article(ids),
        lead_key=lead.key,
        lead_values=lead.values,
    )


def refusal(
    question: Question,
    corpus: Corpus,
    reason: Lead,
    *,
    nearest: Sequence[Scored] = (),
    nearest_sentences: Sequence[Scored] = (),
    extra: Sequence[str] = (),
) -> Answer:
    """Say the articles do not answer, and offer the nearest questions they can answer: who said the
    nearest quotes, a summary of the articles holding the nearest sentences, then the newest article's."""
    quotes = [p for _, p in nearest if p.speaker and p.kind != "indirect"]
    suggestions = [*extra, *(_who_said_question(p) for p in quotes[:2])]
    if corpus.article_count(at_most=2) > 1:
        suggestions += [
            f"Summarize #{a}" for a in dict.fromkeys(p.article_id for _, p in nearest_sentences[:3])
        ]
    suggestions += [s for s in suggested_questions(corpus) if s not in suggestions]
    return Answer(
        question.text,
        question.intent,
        False,
        0.0,
        reason.text,
        suggestions=tuple(suggestions[:4]),
        lead_key=reason.key,
        lead_values=reason.values,
    )


def suggested_questions(corpus: Corpus) -> tuple[str, ...]:
    """Questions the newest (or the scoped) article can answer, built from its own quotes and people."""
    article = corpus.article(None)
    if article is None:
        return ()
    suggestions: list[str] = []
    direct = [q for q in article.quotes if q.kind == "direct" and q.speaker]
    if direct:
        suggestions.append(_who_said_question(Passage(direct[0].text, article.id, direct[0].sentence)))
    people = [s for s in article.speakers if s.kind == "person"]
    if people:
        suggestions.append(f"What did {people[-1].name.split()[-1]} say?")
    suggestions.append("Who is quoted?")
    suggestions.append("Summarize the article")
    return tuple(suggestions[:4])


def to_excerpt(passage: Passage, infos: dict[int, ArticleInfo]) -> Excerpt:
    """The excerpt showing ``passage``, with its article's title and link from ``infos``."""
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


def article_title(corpus: Corpus, passage: Passage) -> str:
    """The title of the article ``passage`` stands in."""
    info = corpus.article_infos([passage.article_id]).get(passage.article_id)
    return info.title if info else "the article"


def _single_article(ids: Iterable[int]) -> int | None:
    """The one article all ``ids`` name, or None."""
    distinct = set(ids)
    return distinct.pop() if len(distinct) == 1 else None


def _who_said_question(passage: Passage) -> str:
    """Who said "<its first seven words>"?"""
    words = passage.text.split()[:7]
    return f'Who said "{" ".join(words)}"?'
