"""Digest many articles: the latest or topic-matching ones, with reports of the same story as one item."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from knowledge.models import Article, ArticleInfo, StoredArticle
from knowledge.summarize.summary import is_candidate, summarize, summary_sentence
from knowledge.summarize.vectors import cosine, terms, tfidf_vectors

MAX_ITEMS = 10
# Two reports are the same story when their titles and leads are this similar (TF-IDF cosine);
# tuned on the shared pages: their two same-story pairs score 0.16-0.23, every other pair at most 0.10,
# whether the IDF comes from all 30 pages or from the two pages alone.
SAME_STORY = 0.13
SAME_STORY_DAYS = 3  # reports published further apart than this are different stories
LEAD_SENTENCES = 3  # how much of each article, after its title, tells what story it is
SHORT_SENTENCE = 22  # an item whose first sentence is shorter than this gets a second one
TOPIC_COVERAGE = 0.5  # share of the topic's terms an article must hold to match it


@dataclass(frozen=True, slots=True)
class DigestItem:
    """One story: what it is about in one or two sentences, and every report of it, newest first."""

    title: str
    sentences: tuple[str, ...]
    article_id: int  # the report the sentences come from
    url: str | None
    reports: tuple[ArticleInfo, ...]


@dataclass(frozen=True, slots=True)
class Digest:
    """The stories among the chosen articles, newest first."""

    items: tuple[DigestItem, ...]
    stories: int  # how many stories the chosen articles tell (items holds at most ``limit`` of them)
    articles: int  # how many articles were chosen
    topic: str | None = None
    days: int | None = None


def build_digest(
    articles: Sequence[StoredArticle],
    *,
    topic: str | None = None,
    days: int | None = None,
    today: dt.date | None = None,
    limit: int = MAX_ITEMS,
) -> Digest:
    """The digest of ``articles``: those on ``topic`` (all by default), published in the last ``days``.

    Articles are taken newest first (publication date, then the order they were added); reports
    of the same story (similar title and lead, published within a few days) become one item.
    With ``days``, articles without a publication date are left out.
    """
    topic = topic.strip() if topic and topic.strip() else None
    chosen = list(articles)
    if days is not None:
        since = (today or dt.date.today()) - dt.timedelta(days=days)
        chosen = [a for a in chosen if a.published is not None and a.published >= since]
    if topic:
        chosen = [a for a in chosen if matches_topic(a, topic)]
    order = {id(a): n for n, a in enumerate(articles)}
    chosen.sort(key=lambda a: (a.published or dt.date.min, order[id(a)]), reverse=True)
    groups = group_stories(chosen)
    items = tuple(_item(group) for group in groups[:limit])
    return Digest(items, len(groups), len(chosen), topic, days)


def matches_topic(article: Article, topic: str) -> bool:
    """Whether most of the topic's terms appear in the article, at least one in its title or lead."""
    wanted = set(terms(topic))
    if not wanted:
        return False
    lead = set(terms(" ".join([article.title, *article.sentences[:LEAD_SENTENCES]])))
    body = set(terms(article.text)) | lead
    return bool(wanted & lead) and len(wanted & body) >= TOPIC_COVERAGE * len(wanted)


def group_stories(articles: Sequence[StoredArticle]) -> list[list[StoredArticle]]:
    """Articles grouped so that reports of the same story fall together; groups keep the input order."""
    vectors = tfidf_vectors([_story_terms(a) for a in articles])
    parent = list(range(len(articles)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i in range(len(articles)):
        for j in range(i + 1, len(articles)):
            if _close_in_time(articles[i], articles[j]) and cosine(vectors[i], vectors[j]) >= SAME_STORY:
                parent[root(j)] = root(i)
    groups: dict[int, list[StoredArticle]] = {}
    for i, article in enumerate(articles):
        groups.setdefault(root(i), []).append(article)
    return list(groups.values())


def story_similarity(first: Article, second: Article, others: Sequence[Article] = ()) -> float:
    """How alike two articles' titles and leads are (TF-IDF cosine, weighted over ``others`` too)."""
    vectors = tfidf_vectors([_story_terms(a) for a in (first, second, *others)])
    return cosine(vectors[0], vectors[1])


def _story_terms(article: Article) -> list[str]:
    lead = [
        summary_sentence(article, i)
        for i, s in enumerate(article.sentences)
        if is_candidate(s, first=i == 0, title=article.title)
    ][:LEAD_SENTENCES]
    return terms(article.title) + terms(" ".join(lead))


def _close_in_time(first: Article, second: Article) -> bool:
    if first.published is None or second.published is None:
        return True
    return abs((first.published - second.published).days) <= SAME_STORY_DAYS


def _item(reports: list[StoredArticle]) -> DigestItem:
    main = reports[0] if len(reports) == 1 else _most_central(reports)
    chosen = summarize(main, 2)
    sentences = [summary_sentence(main, i) for i in chosen]
    if len(sentences) > 1 and len(sentences[0].split()) >= SHORT_SENTENCE:
        sentences = sentences[:1]
    infos = tuple(ArticleInfo.of(a) for a in reports)
    return DigestItem(main.title, tuple(sentences), main.id, main.url, infos)


def _most_central(reports: list[StoredArticle]) -> StoredArticle:
    """The report most like the others (ties: the newest), whose lead best stands for the story."""
    vectors = tfidf_vectors([_story_terms(a) for a in reports])
    totals = [sum(cosine(v, w) for w in vectors) for v in vectors]
    best = max(range(len(reports)), key=lambda i: (round(totals[i], 6), -i))
    return reports[best]
