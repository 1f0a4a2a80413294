"""Answer "who said <words>?": find the quote the loosely typed words come from, name its speaker."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from rapidfuzz import fuzz, process
from rapidfuzz.utils import default_process

from knowledge.answer.corpus import Corpus
from knowledge.answer.intent import Question
from knowledge.answer.phrases import phrase
from knowledge.answer.reply import calibrate, found_answer, not_found_answer, refusal
from knowledge.answer.scoring import QUOTATION, Scored, standing
from knowledge.answer.tuning import (
    FEW_QUOTES,
    JOIN_CANDIDATES,
    JOINED_PIECES,
    MEANING_POOL,
    NARRATION_CANDIDATES,
    QUOTE_CANDIDATES,
    QUOTE_MATCH,
    QUOTE_MEANING,
    RERANK,
)
from knowledge.models import Answer, Passage
from knowledge.text.matching import fragment_score
from knowledge.text.terms import index_terms


def answer_who_said(question: Question, corpus: Corpus) -> Answer:
    """Name who said ``question.quote``, say the words are unattributed or the reporter's, or refuse."""
    fragment = question.quote
    if not fragment:
        return refusal(question, corpus, phrase("which_words"))
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
            return refusal(question, corpus, phrase("no_one_said"), nearest=ranked)
        same = [
            p
            for score, p in ranked[1:4]
            if score >= best_score - 0.02 and score >= QUOTE_MATCH and p.speaker and p.speaker != best.speaker
        ]
        chosen = [best, *same]
        lead = phrase("said_it", best.speaker) if not same else phrase("several_said")
        return found_answer(question, corpus, calibrate("who_said", best_score), lead, chosen)
    if best_score < QUOTE_MATCH and sentence_score < QUOTE_MATCH:  # not the words: maybe the meaning
        close = closest_quote(fragment, corpus)
        if close is not None:
            z, quote = close
            confidence = calibrate("who_said_meaning", z)
            return found_answer(
                question, corpus, confidence, phrase("said_something_like", quote.speaker), [quote]
            )
    unattributed = best if best is not None and best_score >= QUOTE_MATCH else None
    if unattributed is None and sentence is not None and sentence_score >= QUOTE_MATCH:
        unattributed = sentence if QUOTATION.search(sentence.text) else None
        if unattributed is None:
            return not_found_answer(
                question,
                corpus,
                phrase("reporters_words"),
                [sentence],
                sentence_score,
            )
    if unattributed is not None:
        return not_found_answer(
            question,
            corpus,
            phrase("speaker_unclear"),
            [replace(unattributed, speaker=None, speaker_role=None)],
            max(best_score, sentence_score),
        )
    return refusal(question, corpus, phrase("no_one_said"), nearest=ranked)


def closest_quote(words: str, corpus: Corpus) -> tuple[float, Passage] | None:
    """The attributed quote closest in meaning to ``words`` (a paraphrase, or the words in another language),
    with how many standard deviations its cosine stands above the other quotes'; None when none stands out."""
    similar = corpus.similar_quotes(words, MEANING_POOL)
    if len(similar) < 2:
        return None
    z, quote = standing(similar)[0]
    if z < QUOTE_MEANING or not quote.speaker or quote.kind == "indirect":
        return None
    return z, quote


def rank_fragment(fragment: str, passages: Sequence[Passage]) -> list[Scored]:
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
    scored = [Scored(fragment_score(fragment, p.text), p) for p in passages]
    scored.sort(key=lambda item: (-item.score, item.passage.kind == "indirect", -item.passage.article_id))
    return scored


def _with_joined_runs(fragment: str, ranked: list[Scored], corpus: Corpus) -> list[Scored]:
    """Add the runs of consecutive quotes by one speaker that the fragment spans, when one scores best.

    A quote is often stored in pieces (split around "he said", or one per sentence); a reader who asks
    about words running over two pieces matches each piece only in part. The pieces next to the best
    few candidates are joined (up to ``JOINED_PIECES``) and scored as one passage.
    """
    if not ranked or ranked[0].score >= QUOTE_MATCH:
        return ranked
    best = ranked[0].score
    joined: list[Scored] = []
    seen: set[tuple[int, int]] = set()
    for _, passage in ranked[:JOIN_CANDIDATES]:
        if not passage.speaker or (passage.article_id, passage.position) in seen:
            continue
        seen.add((passage.article_id, passage.position))
        for run in _runs_around(passage, corpus):
            text = " ".join(p.text for p in run)
            joined.append(Scored(fragment_score(fragment, text), replace(run[0], text=text)))
    better = [item for item in joined if item.score > best]
    if not better:
        return ranked
    better.sort(key=lambda item: -item.score)
    return [better[0], *ranked]


def _runs_around(passage: Passage, corpus: Corpus) -> list[list[Passage]]:
    """The runs of two or more consecutive quotes by ``passage``'s speaker that include it (in the
    sentences just before and after it, in article order)."""
    near = [
        q
        for position in range(max(passage.position - 1, 0), passage.position + 2)
        for q in corpus.quotes_at(passage.article_id, position)
    ]
    runs: list[list[Passage]] = []
    for size in range(2, JOINED_PIECES + 1):
        for start in range(len(near) - size + 1):
            run = near[start : start + size]
            if passage.text in (p.text for p in run) and all(
                p.speaker == passage.speaker and p.kind == "direct" for p in run
            ):
                runs.append(run)
    return runs
