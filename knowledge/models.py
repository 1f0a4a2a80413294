"""Core value types shared by every stage: articles, quotes, speakers and answers."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, fields
from typing import Literal

QuoteKind = Literal["direct", "partial", "indirect"]
SpeakerKind = Literal["person", "organisation", "unnamed"]
Intent = Literal["who_said", "what_said", "fact", "summary", "people", "articles", "help"]


@dataclass(frozen=True, slots=True)
class Speaker:
    """Someone an article quotes: a person, an organisation, or an unnamed source."""

    name: str
    role: str | None = None
    kind: SpeakerKind = "person"
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Quote:
    """Words an article attributes to a speaker, with the sentence where they start."""

    text: str
    speaker: str | None
    speaker_role: str | None
    cue: str | None
    kind: QuoteKind
    sentence: int
    confidence: float = 1.0  # how sure the attribution is (knowledge.understand.confidence); 0 without a speaker


@dataclass(frozen=True, slots=True)
class Article:
    """A cleaned article: metadata, body sentences, quotes and the speaker registry."""

    title: str
    text: str
    sentences: tuple[str, ...]
    paragraphs: tuple[str, ...] = ()
    publisher: str | None = None
    published: dt.date | None = None
    url: str | None = None
    author: str | None = None
    dateline: str | None = None
    quotes: tuple[Quote, ...] = ()
    speakers: tuple[Speaker, ...] = ()

    def speaker(self, name: str | None) -> Speaker | None:
        """Return the registry entry called ``name``, if any."""
        return next((s for s in self.speakers if s.name == name), None)


@dataclass(frozen=True, slots=True)
class StoredArticle(Article):
    """An article as the database holds it, under its id."""

    id: int = field(kw_only=True)

    @classmethod
    def of(cls, article: Article, article_id: int) -> StoredArticle:
        """``article`` stored under ``article_id``."""
        return cls(**{f.name: getattr(article, f.name) for f in fields(Article)}, id=article_id)


@dataclass(frozen=True, slots=True)
class SearchColumns:
    """The search terms stored with one article for the index: each sentence's and each quote's terms
    (``knowledge.text.terms.index_terms``, joined by spaces), and each speaker's names and aliases."""

    sentences: tuple[str, ...]
    quotes: tuple[str, ...]
    speakers: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ArticleInfo:
    """What a listing of stored articles shows about each one."""

    id: int
    title: str
    publisher: str | None
    published: dt.date | None
    url: str | None
    sentences: int = 0
    quotes: int = 0

    @classmethod
    def of(cls, article: StoredArticle) -> ArticleInfo:
        """The listing entry of a stored article."""
        return cls(
            article.id,
            article.title,
            article.publisher,
            article.published,
            article.url,
            len(article.sentences),
            len(article.quotes),
        )


IngestStatus = Literal["added", "updated", "unchanged"]


@dataclass(frozen=True, slots=True)
class IngestResult:
    """The outcome of storing one article: new, changed in place, or already there."""

    article: ArticleInfo
    status: IngestStatus

    @property
    def created(self) -> bool:
        """True when the article was not stored before."""
        return self.status == "added"


@dataclass(frozen=True, slots=True)
class Excerpt:
    """An exact passage of an article that supports an answer."""

    text: str
    article_id: int
    title: str
    speaker: str | None = None
    speaker_role: str | None = None
    kind: QuoteKind | Literal["sentence"] = "sentence"
    url: str | None = None
    publisher: str | None = None
    published: dt.date | None = None
    context: str | None = None  # the sentence the excerpt stands in, when it is only part of one


@dataclass(frozen=True, slots=True)
class Passage:
    """A sentence or a quote that may answer a question, with where it stands and who said it."""

    text: str
    article_id: int
    position: int  # the index of its (first) sentence in the article
    kind: QuoteKind | Literal["sentence"] = "sentence"
    speaker: str | None = None
    speaker_role: str | None = None
    context: str = ""  # the sentence a quote stands in; a sentence's own text
    terms: tuple[str, ...] = ()  # its search terms (``knowledge.text.terms.index_terms``)
    subject: tuple[str, ...] = ()  # the search terms of its article's title


@dataclass(frozen=True, slots=True)
class Voice:
    """A person or organisation quoted in an article, with how often and one telling quote."""

    speaker: Speaker
    article_id: int
    quotes: int
    sample: str | None = None
    url: str | None = None  # the article's, so the sample can link to its passage


@dataclass(frozen=True, slots=True)
class Answer:
    """The reply to one question: a lead line, excerpts, and what else could be asked.

    ``found`` is False for a refusal ("not in the articles" is a value, not an error).
    """

    question: str
    intent: Intent
    found: bool
    confidence: float
    lead: str
    excerpts: tuple[Excerpt, ...] = ()
    voices: tuple[Voice, ...] = ()
    articles: tuple[ArticleInfo, ...] = ()
    suggestions: tuple[str, ...] = ()
    article_id: int | None = field(default=None)
    # The lead as a key of ``knowledge.answer.phrases.LEADS`` and its values, for a front end that shows it
    # in another language ("": only the English ``lead``).
    lead_key: str = ""
    lead_values: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Stats:
    """What the admins' /stats shows: the collection and how questions fared."""

    articles: int
    quotes: int
    questions: int
    unanswered: int

    @property
    def unanswered_rate(self) -> float:
        """The share of questions the bot could not answer (0 when none were asked)."""
        return self.unanswered / self.questions if self.questions else 0.0


@dataclass(frozen=True, slots=True)
class ChatAnswer:
    """A chat's last question asked again, with its scope: what its "more" and suggestion buttons use."""

    question: str
    article_id: int | None  # the article the question was asked about; None: every article
    answer: Answer
