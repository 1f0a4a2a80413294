import pytest

from knowledge.summarize.vectors import centroid, cosine, count_vector, terms, tfidf_vectors


def test_terms_drop_stop_words_and_fold_inflections() -> None:
    assert terms("The councillors voted on the trams") == terms("councillor votes tram")


def test_cosine_of_unit_vectors() -> None:
    first, second, third = tfidf_vectors(
        [terms("tram line vote"), terms("tram line vote"), terms("ferry fares")]
    )
    assert cosine(first, second) == pytest.approx(1.0)
    assert cosine(first, third) == 0.0
    assert cosine({}, first) == 0.0


def test_centroid_leans_to_what_vectors_share() -> None:
    vectors = [count_vector(terms(t)) for t in ("tram line", "tram depot", "tram fares")]
    middle = centroid(vectors)
    assert max(middle, key=middle.__getitem__) == "tram"
    assert centroid([]) == {}
