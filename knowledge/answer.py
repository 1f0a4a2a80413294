"""Answer a reader's question from a set of articles, with exact excerpts or a plain refusal."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from knowledge.intent import Question, parse_question
from knowledge.models import Answer, Article, Excerpt, Quote, Speaker, Voice
from knowledge.search import (
    SentenceRanker,
    content_words,
    fragment_score,
    name_score,
    word_coverage,
)
from knowledge.summarize import key_voices, summarize

# Thresholds, tuned by hand on the shipped demo article and the shared text dump;
# re-run `pytest tests/knowledge/test_answer.py` after changing them.
QUOTE_MATCH = 0.72  # fragment_score for "who said": below it we do not name anyone
NAME_MATCH = 0.78  # name_score for "what did X say"
NAME_TIE = 0.04  # candidates this close to the best are all offered ("which one?")
FACT_MATCH = 0.62  # IDF-weighted coverage of the question's words by one sentence
MAX_EXCERPTS = 5


@dataclass(frozen=True, slots=True)
class _Said:
    """A quote with the article it comes from."""

    quote: Quote
    article: Article


def answer_question(text: str, articles: Sequence[Article], *, summary_sentences: int = 3) -> Answer:
    """Answer ``text`` from ``articles`` (one article when the reader scoped the question)."""
    question = parse_question(text)
    if not articles:
        return Answer(
            text,
            question.intent,
            False,
            0.0,
            "I have no articles yet. Send me an article first (a link or a text file).",
        )
    match question.intent:
        case "who_said":
            return _who_said(question, articles)
        case "what_said":
            return _what_said(question, articles)
        case "people":
            return _people(question, articles)
        case "summary":
            return _summary(question, articles, summary_sentences)
        case "articles":
            return _articles(question, articles)
        case "help":
            return _help(question, articles)
        case _:
            return _fact(question, articles)


def _excerpt(article: Article, text: str, quote: Quote | None = None) -> Excerpt:
    return Excerpt(
        text=text,
        article_id=article.id or 0,
        title=article.title,
        speaker=quote.speaker if quote else None,
        speaker_role=quote.speaker_role if quote else None,
        kind=quote.kind if quote else "sentence",
        url=article.url,
        publisher=article.publisher,
        published=article.published,
    )


def _quotes(articles: Sequence[Article]) -> list[_Said]:
    return [_Said(q, a) for a in articles for q in a.quotes]


def _who_said(question: Question, articles: Sequence[Article]) -> Answer:
    if not question.quote:
        return _refuse(
            question, articles, 'Tell me the words you want attributed, e.g. who said "we will not give up"?'
        )
    scored = sorted(
        ((fragment_score(question.quote, s.quote.text), s) for s in _quotes(articles)),
        key=lambda item: -item[0],
    )
    best_score, best = scored[0] if scored else (0.0, None)
    narration = _best_sentence(question.quote, articles)
    if best is None or best_score < QUOTE_MATCH or best.quote.speaker is None:
        if narration and narration[0] >= QUOTE_MATCH:
            score, article, sentence = narration
            return Answer(
                question.text,
                "who_said",
                False,
                round(score, 2),
                "Those words are in the article, but they are the reporter's, not a quote from anyone.",
                excerpts=(_excerpt(article, sentence),),
                suggestions=_suggestions(articles),
            )
        return _refuse(question, articles, "I can't find anyone quoted saying that.")
    if narration and narration[0] > best_score + 0.15 and best.quote.kind != "direct":
        return _refuse(question, articles, "I can't find anyone quoted saying that.")
    same = [
        s
        for score, s in scored[1:3]
        if score >= best_score - 0.02 and s.quote.speaker != best.quote.speaker and score >= QUOTE_MATCH
    ]
    excerpts = tuple(_excerpt(s.article, s.quote.text, s.quote) for s in [best, *same])
    lead = f"{best.quote.speaker} said it." if not same else "Several people said words like that."
    return Answer(question.text, "who_said", True, round(best_score, 2), lead, excerpts=excerpts)


def _best_sentence(fragment: str, articles: Sequence[Article]) -> tuple[float, Article, str] | None:
    best: tuple[float, Article, str] | None = None
    for article in articles:
        for sentence in article.sentences:
            score = fragment_score(fragment, sentence)
            if best is None or score > best[0]:
                best = (score, article, sentence)
    return best


def find_speakers(name: str, articles: Sequence[Article]) -> list[tuple[float, Speaker]]:
    """Speakers whose name, surname, initials or a near spelling match ``name``, best first."""
    found: dict[str, tuple[float, Speaker]] = {}
    for article in articles:
        for speaker in article.speakers:
            score = name_score(name, speaker)
            if score >= NAME_MATCH and score > found.get(speaker.name, (0.0, speaker))[0]:
                found[speaker.name] = (score, speaker)
    return sorted(found.values(), key=lambda item: -item[0])


def _what_said(question: Question, articles: Sequence[Article]) -> Answer:
    assert question.person is not None
    matches = find_speakers(question.person, articles)
    if not matches:
        return _refuse(question, articles, f"No one called {question.person} is quoted here.")
    top = [s for score, s in matches if score >= matches[0][0] - NAME_TIE]
    if len(top) > 1:
        voices = tuple(Voice(s, 0, 0) for s in top)
        return Answer(
            question.text,
            "what_said",
            False,
            round(matches[0][0], 2),
            f"Several people match {question.person!r}. Which one do you mean?",
            voices=voices,
            suggestions=tuple(f"What did {s.name} say?" for s in top),
        )
    speaker = top[0]
    said = [s for s in _quotes(articles) if s.quote.speaker == speaker.name]
    said.sort(key=lambda s: (s.quote.kind == "indirect", s.article.id or 0, s.quote.sentence))
    lead = f"What {speaker.name} said"
    if question.topic:
        topic = content_words(question.topic)
        relevant = [(word_coverage(topic, content_words(_context(s))), s) for s in said]
        relevant = [(score, s) for score, s in relevant if score > 0]
        if relevant:
            relevant.sort(key=lambda item: -item[0])
            said = [s for _, s in relevant]
            lead += f" about {question.topic}"
        else:
            lead = f"{speaker.name} says nothing about {question.topic} here; this is what they said"
    excerpts = tuple(_excerpt(s.article, s.quote.text, s.quote) for s in said[:MAX_EXCERPTS])
    return Answer(question.text, "what_said", True, round(matches[0][0], 2), lead + ":", excerpts=excerpts)


def _context(said: _Said) -> str:
    """A quote with its sentence, so a topic named outside the quotation marks still counts."""
    sentence = (
        said.article.sentences[said.quote.sentence]
        if said.quote.sentence < len(said.article.sentences)
        else ""
    )
    return f"{said.quote.text} {sentence}"


def _people(question: Question, articles: Sequence[Article]) -> Answer:
    voices = [v for a in articles for v in key_voices(a, limit=20)]
    if question.person:
        matches = find_speakers(question.person, articles)
        names = {s.name for _, s in matches[:3]}
        voices = [v for v in voices if v.speaker.name in names]
        if not voices:
            return _refuse(question, articles, f"No one called {question.person} is quoted here.")
        return Answer(
            question.text,
            "people",
            True,
            round(matches[0][0], 2),
            f"Who {question.person} is:",
            voices=tuple(voices),
        )
    if not voices:
        return _refuse(question, articles, "No one is quoted by name here.")
    return Answer(question.text, "people", True, 1.0, "People quoted:", voices=tuple(voices))


def _summary(question: Question, articles: Sequence[Article], count: int) -> Answer:
    article = articles[-1]
    chosen = summarize(article, count)
    excerpts = tuple(_excerpt(article, article.sentences[i]) for i in chosen)
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


def _articles(question: Question, articles: Sequence[Article]) -> Answer:
    from knowledge.models import ArticleInfo

    chosen = list(articles)
    if question.topic:
        topic = content_words(question.topic)
        chosen = [
            a for a in articles if word_coverage(topic, content_words(f"{a.title} {a.text[:2000]}")) >= 0.5
        ]
    infos = tuple(
        ArticleInfo(a.id or 0, a.title, a.publisher, a.published, a.url, len(a.sentences), len(a.quotes))
        for a in reversed(chosen)
    )
    if not infos:
        return _refuse(question, articles, f"I have no articles about {question.topic}.")
    return Answer(question.text, "articles", True, 1.0, f"{len(infos)} article(s):", articles=infos)


def _help(question: Question, articles: Sequence[Article]) -> Answer:
    return Answer(
        question.text,
        "help",
        True,
        1.0,
        "Ask me who said a line, what someone said (about a topic), who is quoted, "
        "a question about the story, or for a summary.",
        suggestions=_suggestions(articles),
    )


def _fact(question: Question, articles: Sequence[Article]) -> Answer:
    words = content_words(question.text)
    best: tuple[float, Article, int] | None = None
    for article in articles:
        ranker = SentenceRanker(article.sentences)
        for index, coverage in ranker.rank(words, limit=5):
            score = coverage + 0.1 * fuzz.token_set_ratio(question.text, article.sentences[index]) / 100
            if best is None or score > best[0]:
                best = (score, article, index)
    if best is None or best[0] < FACT_MATCH:
        return _refuse(question, articles, "The article doesn't say.")
    score, article, index = best
    quote = next((q for q in article.quotes if q.sentence == index and q.speaker), None)
    excerpt = _excerpt(
        article, article.sentences[index], quote if quote and quote.kind != "indirect" else None
    )
    return Answer(
        question.text, "fact", True, round(min(score, 1.0), 2), "From the article:", excerpts=(excerpt,)
    )


def _refuse(question: Question, articles: Sequence[Article], reason: str) -> Answer:
    return Answer(question.text, question.intent, False, 0.0, reason, suggestions=_suggestions(articles))


def _suggestions(articles: Sequence[Article]) -> tuple[str, ...]:
    """Three questions this collection can answer, built from its own quotes and people."""
    suggestions: list[str] = []
    article = articles[-1] if articles else None
    if article is None:
        return ()
    direct = [q for q in article.quotes if q.kind == "direct" and q.speaker]
    if direct:
        words = direct[0].text.split()[:7]
        suggestions.append(f'Who said "{" ".join(words)}"?')
    people = [s for s in article.speakers if s.kind == "person"]
    if people:
        suggestions.append(f"What did {people[-1].name.split()[-1]} say?")
    suggestions.append("Who is quoted?")
    suggestions.append("Summarize the article")
    return tuple(suggestions[:4])
