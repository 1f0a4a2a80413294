"""Vectors are kept with their article: written in its transaction, replaced with it, removed with it, and
dropped when the encoder changes; the same on SQLite and PostgreSQL."""

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from knowledge.meaning.vectors import embed_article
from knowledge.search.columns import search_columns
from knowledge.storage.articles import ArticleStore
from knowledge.storage.engine import open_engine
from knowledge.storage.schema import create_schema
from knowledge.storage.vectors import VectorStore
from tests.builders import CLINIC_STORY, FERRY_STORY, StandInEncoder, make_article
from tests.postgres import database_url


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    with database_url(request.param, tmp_path) as found:
        yield found


@pytest.fixture
def stores(url: str) -> Iterator[tuple[ArticleStore, VectorStore]]:
    engine = open_engine(url)
    create_schema(engine)
    yield ArticleStore(engine), VectorStore(engine)
    engine.dispose()


def test_vectors_saved_with_the_article_load_back(stores: tuple[ArticleStore, VectorStore]) -> None:
    articles, vectors = stores
    article = make_article(*FERRY_STORY, url="https://example.test/ferry")
    made = embed_article(article, StandInEncoder())
    saved = articles.save(article, search_columns(article), made).article
    back = vectors.get(saved.id, "stand-in")
    assert back is not None
    assert back.sentences.shape == made.sentences.shape
    assert np.allclose(back.sentences, made.sentences, atol=0.01)
    assert np.allclose(back.quotes, made.quotes, atol=0.01)
    assert vectors.get(saved.id, "another-model") is None


def test_vectors_go_with_a_removed_or_rewritten_article(stores: tuple[ArticleStore, VectorStore]) -> None:
    articles, vectors = stores
    encoder = StandInEncoder()
    first = make_article(*FERRY_STORY, url="https://example.test/a")
    second = make_article(*CLINIC_STORY, url="https://example.test/b")
    kept = articles.save(first, search_columns(first), embed_article(first, encoder)).article.id
    gone = articles.save(second, search_columns(second), embed_article(second, encoder)).article.id
    assert articles.remove(gone)
    assert vectors.get(gone, "stand-in") is None
    changed = make_article(*FERRY_STORY[:3], url="https://example.test/a")  # the page was edited
    assert articles.save(changed, search_columns(changed)).status == "updated"
    assert vectors.get(kept, "stand-in") is None  # the old vectors no longer fit its sentences
    assert vectors.missing("stand-in", 10) == [kept]


def test_a_new_encoder_drops_the_old_vectors(stores: tuple[ArticleStore, VectorStore]) -> None:
    articles, vectors = stores
    article = make_article(*FERRY_STORY)
    saved = articles.save(article, search_columns(article), embed_article(article, StandInEncoder())).article
    assert vectors.use_model("stand-in", 64) is False  # the first model recorded: nothing to drop
    assert vectors.count("stand-in") == 1
    assert vectors.use_model("stand-in", 64) is False
    assert vectors.use_model("other", 32) is True
    assert vectors.count("stand-in") == 0
    assert vectors.missing("other", 10) == [saved.id]


def test_centres_are_read_from_a_given_article_on(stores: tuple[ArticleStore, VectorStore]) -> None:
    articles, vectors = stores
    encoder = StandInEncoder()
    ids = []
    for story in (FERRY_STORY, CLINIC_STORY):
        article = make_article(*story)
        ids.append(
            articles.save(article, search_columns(article), embed_article(article, encoder)).article.id
        )
    centres = vectors.centres("stand-in")
    assert [i for i, _ in centres] == ids
    assert abs(float(np.linalg.norm(centres[0][1])) - 1.0) < 0.02
    assert [i for i, _ in vectors.centres("stand-in", after=ids[0])] == ids[1:]
