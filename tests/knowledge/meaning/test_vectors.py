import numpy as np

from knowledge.meaning.vectors import best, embed_article, pack, similarities, unpack
from tests.builders import FERRY_STORY, StandInEncoder, make_article


def unit_rows(count: int, dim: int, seed: int = 1) -> np.ndarray:
    rows = np.random.default_rng(seed).normal(size=(count, dim)).astype(np.float32)
    return rows / np.linalg.norm(rows, axis=1, keepdims=True)


def test_packed_vectors_keep_their_cosines_within_a_hundredth() -> None:
    rows = unit_rows(20, 384)
    back = unpack(pack(rows), 384)
    assert back.shape == (20, 384)
    assert len(pack(rows)) == 20 * 384  # one byte a component
    exact = rows @ rows[0]
    assert np.max(np.abs(similarities(back[0], back) - exact)) < 0.01


def test_best_orders_the_highest_scores_first() -> None:
    scores = np.array([0.1, 0.9, 0.5, 0.7], dtype=np.float32)
    assert list(best(scores, 2)) == [1, 3]
    assert list(best(scores, 10)) == [1, 3, 2, 0]


def test_an_article_gets_one_vector_per_sentence_and_per_quote() -> None:
    article = make_article(*FERRY_STORY)
    vectors = embed_article(article, StandInEncoder())
    assert vectors.model == "stand-in"
    assert vectors.sentences.shape == (len(article.sentences), 64)
    assert vectors.quotes.shape == (len(article.quotes), 64)
    assert np.allclose(np.linalg.norm(vectors.sentences, axis=1), 1.0)
