"""What a question is answered from: the ``Corpus`` protocol, and one for articles held in memory."""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable, Sequence
from typing import Protocol

from knowledge.meaning.search import Meaning
from knowledge.models import Article, ArticleInfo, Passage, StoredArticle, Voice
from knowledge.summarize.summary import key_voices
from knowledge.text.terms import index_terms, related_terms


class Corpus(Protocol):
    """Candidate passages, speakers and articles for a question.

    ``knowledge.search.ranking.SearchIndex`` serves the whole stored collection from its full-text
    index; ``ArticleCorpus`` serves a few articles held in memory (one article when the
    reader scoped the question). ``find_*`` methods return *candidates*, at most ``limit``
    (the index stops once it has ``enough`` good ones): the answering code ranks them, so
    returning more than needed is safe, returning fewer loses answers.
    """

    def article_count(self, at_most: int | None = None) -> int: ...
    def find_quotes(
        self, terms: Sequence[str], limit: int, *, enough: int | None = None
    ) -> list[Passage]: ...
    def find_sentences(
        self, terms: Sequence[str], limit: int, *, related: bool = False, enough: int | None = None
    ) -> list[Passage]: ...
    def term_frequencies(self, terms: Collection[str]) -> tuple[dict[str, int], int]: ...
    def find_speakers(self, name: str, limit: int) -> list[Voice]: ...
    def find_roles(self, description: str, limit: int) -> list[Voice]: ...
    def quotes_by(self, names: Collection[str], limit: int) -> list[Passage]: ...
    def quotes_at(self, article_id: int, position: int) -> list[Passage]: ...
    def article_terms(self, article_id: int) -> frozenset[str]: ...
    def voices(self, limit: int) -> list[Voice]: ...
    def article_infos(self, ids: Iterable[int]) -> dict[int, ArticleInfo]: ...
    def recent(self, limit: int) -> list[ArticleInfo]: ...
    def article(self, article_id: int | None = None) -> StoredArticle | None: ...
    def similar_sentences(self, text: str, limit: int) -> list[tuple[float, Passage]]: ...
    def similar_quotes(self, text: str, limit: int) -> list[tuple[float, Passage]]: ...


class ArticleCorpus:
    """A few articles in memory: every passage is a candidate (used for scoped questions)."""

    def __init__(self, articles: Sequence[StoredArticle], meaning: Meaning | None = None) -> None:
        self.articles = list(articles)
        self.meaning = meaning
        self._by_id = {a.id: a for a in self.articles}
        self._sentences = [
            Passage(s, a.id, i, context=s, terms=tuple(index_terms(s)), subject=subject)
            for a in self.articles
            for subject in [tuple(index_terms(a.title))]
            for i, s in enumerate(a.sentences)
        ]
        self._quotes = [
            Passage(
                q.text,
                a.id,
                q.sentence,
                q.kind,
                q.speaker,
                q.speaker_role or _role(a, q.speaker),
                a.sentences[q.sentence] if q.sentence < len(a.sentences) else "",
                tuple(index_terms(q.text)),
            )
            for a in self.articles
            for q in a.quotes
        ]
        self._frequency: Counter[str] = Counter(t for p in self._sentences for t in set(p.terms))

    def article_count(self, at_most: int | None = None) -> int:
        """How many articles there are (or ``at_most``, if more)."""
        return len(self.articles) if at_most is None else min(len(self.articles), at_most)

    def find_quotes(self, terms: Sequence[str], limit: int, *, enough: int | None = None) -> list[Passage]:
        """Every quote (a few articles hold few enough to rank them all)."""
        return list(self._quotes)

    def find_sentences(
        self, terms: Sequence[str], limit: int, *, related: bool = False, enough: int | None = None
    ) -> list[Passage]:
        """Every sentence sharing a term (or, asked for, a related term) with ``terms``; else every sentence."""
        wanted = set(terms) | ({r for t in terms for r in related_terms(t)} if related else set())
        sharing = [p for p in self._sentences if wanted.intersection(p.terms)]
        return sharing or list(self._sentences)

    def term_frequencies(self, terms: Collection[str]) -> tuple[dict[str, int], int]:
        """How many sentences hold each term, and how many sentences there are."""
        return {t: self._frequency[t] for t in terms if self._frequency[t]}, len(self._sentences)

    def find_speakers(self, name: str, limit: int) -> list[Voice]:
        """Every speaker, with how often they are quoted (few enough to rank them all)."""
        return [
            Voice(s, a.id, sum(1 for q in a.quotes if q.speaker == s.name))
            for a in self.articles
            for s in a.speakers
        ]

    def find_roles(self, description: str, limit: int) -> list[Voice]:
        """Every speaker (few enough to check each one's role)."""
        return self.find_speakers(description, limit)

    def quotes_by(self, names: Collection[str], limit: int) -> list[Passage]:
        """The quotes attributed to any of ``names``, in article order."""
        return [p for p in self._quotes if p.speaker in names][:limit]

    def quotes_at(self, article_id: int, position: int) -> list[Passage]:
        """The quotes that start in one sentence."""
        return [p for p in self._quotes if p.article_id == article_id and p.position == position]

    def article_terms(self, article_id: int) -> frozenset[str]:
        """Every search term of an article: its title's and its sentences'."""
        return frozenset(
            t for p in self._sentences if p.article_id == article_id for t in (*p.terms, *p.subject)
        )

    def voices(self, limit: int) -> list[Voice]:
        """The people each article quotes, most quoted first."""
        return [v for a in reversed(self.articles) for v in key_voices(a, limit=limit)][:limit]

    def article_infos(self, ids: Iterable[int]) -> dict[int, ArticleInfo]:
        """Title, publisher, date and address of the given articles."""
        return {i: ArticleInfo.of(self._by_id[i]) for i in ids if i in self._by_id}

    def recent(self, limit: int) -> list[ArticleInfo]:
        """The articles, newest first."""
        return [ArticleInfo.of(a) for a in reversed(self.articles)][:limit]

    def article(self, article_id: int | None = None) -> StoredArticle | None:
        """One article (the last one when no id is given)."""
        if article_id is None:
            return self.articles[-1] if self.articles else None
        return self._by_id.get(article_id)

    def similar_sentences(self, text: str, limit: int) -> list[tuple[float, Passage]]:
        """The ``limit`` sentences closest in meaning to ``text`` with their cosine (none without vectors)."""
        return self.meaning.closest(text, self._sentences, quotes=False, limit=limit) if self.meaning else []

    def similar_quotes(self, text: str, limit: int) -> list[tuple[float, Passage]]:
        """The ``limit`` quotes closest in meaning to ``text`` with their cosine (none without vectors)."""
        return self.meaning.closest(text, self._quotes, quotes=True, limit=limit) if self.meaning else []


def _role(article: Article, name: str | None) -> str | None:
    speaker = article.speaker(name)
    return speaker.role if speaker else None
