"""Search terms, name matching and weighted coverage."""

import pytest

from knowledge.models import Speaker
from knowledge.search import index_terms, name_score, query_terms, weighted_coverage


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("bought", "buy"),
        ("fined", "fines"),
        ("used", "uses"),
        ("crossings", "crossing"),
        ("stopped", "stop"),
        ("companies", "company"),
        ("5,571", "5571"),
        ("Café", "cafe"),
    ],
)
def test_inflections_share_one_term(one: str, other: str) -> None:
    assert index_terms(one) == index_terms(other)


def test_a_question_keeps_only_the_words_that_carry_meaning() -> None:
    assert query_terms("What did the council spend on the new bridge?") == [
        "council",
        "spend",
        "new",
        "bridg",
    ]


@pytest.mark.parametrize(
    ("query", "score"),
    [("Whitfield", 1.0), ("Dana Whitfield", 1.0), ("D. Whitfield", 1.0), ("dana whitfield", 1.0)],
)
def test_a_name_by_surname_full_name_or_initials(query: str, score: float) -> None:
    assert name_score(query, Speaker("Dana Whitfield", aliases=("Whitfield",))) == score


def test_a_misspelt_name_scores_high_and_another_first_name_low() -> None:
    whitfield = Speaker("Dana Whitfield", aliases=("Whitfield",))
    assert 0.85 < name_score("Whitfeild", whitfield) < 1.0
    assert name_score("Oksar Ostrowski", Speaker("Oskar Ostrowski", aliases=("Ostrowski",))) > 0.9
    assert name_score("Oksar Ostrowski", Speaker("Elena Ostrowski", aliases=("Ostrowski",))) < 0.78
    assert name_score("Dana", whitfield) < name_score("Whitfield", whitfield)


def test_part_of_a_longer_name_fits_nearly_as_well() -> None:
    assert name_score("Dick Clark", Speaker("Dick Clark Productions", kind="organisation")) >= 0.9
    assert name_score("Van Der Beek", Speaker("James Van Der Beek")) >= 0.9


def test_coverage_weighs_rare_words_and_counts_the_title_half() -> None:
    weights = {"clinic": 3.0, "cost": 1.0}
    assert weighted_coverage(["clinic", "cost"], ["clinic"], weights) == 0.75
    assert weighted_coverage(["clinic", "cost"], ["cost"], weights) == 0.25
    assert weighted_coverage(["clinic", "cost"], ["cost"], weights, background=["clinic"]) == 0.625
    assert weighted_coverage(["clinic", "cost"], ["clinc", "cost"], weights) == pytest.approx(0.85)
