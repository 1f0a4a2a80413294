"""Answer a reader's question from a corpus by handing it to the family of questions its intent names.

Every family follows the same three steps:

1. recall: ask the corpus for candidates (the full-text index, or every passage of a scoped article);
2. precision: rank them with the scorer that suits the intent (fragment alignment for a quote in
   ``who_said``, name similarity for a person in ``people``, IDF-weighted coverage plus the expected kind
   of answer for a fact in ``facts``);
3. decide: answer when the calibrated confidence clears ``THRESHOLD`` (``tuning``), otherwise say so and
   offer the nearest questions the articles can answer (``reply``). A speaker is only ever named from a
   stored attribution.

To add a question type: write its module (``def answer_x(question, corpus) -> Answer``, built with
``reply``, its thresholds in ``tuning``) and add it to ``HANDLERS``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from knowledge.answer.corpus import ArticleCorpus, Corpus
from knowledge.answer.facts import answer_fact
from knowledge.answer.intent import Question, parse_question
from knowledge.answer.listing import answer_articles, answer_help, answer_people, answer_summary
from knowledge.answer.reply import NO_ARTICLES
from knowledge.answer.what_said import answer_what_said
from knowledge.answer.who_said import answer_who_said
from knowledge.models import Answer, Article, Intent, StoredArticle

Handler = Callable[[Question, Corpus], Answer]

# The family that answers each intent; a plain question ("fact"), and any intent not listed, goes to
# ``answer_fact``. "summary" is not listed: it also takes the number of sentences (see ``answer``).
HANDLERS: dict[Intent, Handler] = {
    "who_said": answer_who_said,
    "what_said": answer_what_said,
    "people": answer_people,
    "articles": answer_articles,
    "help": answer_help,
    "fact": answer_fact,
}


def answer_question(text: str, source: Corpus | Sequence[Article], *, summary_sentences: int = 3) -> Answer:
    """Answer ``text`` from a corpus, or from a list of articles (one when the reader scoped the question);
    articles not stored yet are numbered from 1 in the list's order."""
    if isinstance(source, Sequence):
        stored = [
            a if isinstance(a, StoredArticle) else StoredArticle.of(a, i) for i, a in enumerate(source, 1)
        ]
        return answer(parse_question(text), ArticleCorpus(stored), summary_sentences=summary_sentences)
    corpus = source
    return answer(parse_question(text), corpus, summary_sentences=summary_sentences)


def answer(question: Question, corpus: Corpus, *, summary_sentences: int = 3) -> Answer:
    """Answer a parsed question from ``corpus``."""
    if corpus.article_count(at_most=1) == 0:
        return Answer(
            question.text,
            question.intent,
            False,
            0.0,
            NO_ARTICLES.text,
            lead_key=NO_ARTICLES.key,
        )
    if question.intent == "summary":
        return answer_summary(question, corpus, summary_sentences)
    return HANDLERS.get(question.intent, answer_fact)(question, corpus)
