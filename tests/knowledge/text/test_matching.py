"""Search terms, name matching and weighted coverage."""

import pytest

from knowledge.models import Speaker
from knowledge.text.matching import describes_role, name_score, presence, role_score, weighted_coverage
from knowledge.text.terms import index_terms, query_terms, related_terms


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


@pytest.mark.parametrize(
    ("form", "base"), [("taken", "take"), ("took", "take"), ("bought", "buy"), ("left", "leave")]
)
def test_an_irregular_form_shares_its_base_term(form: str, base: str) -> None:
    assert index_terms(form) == index_terms(base)


@pytest.mark.parametrize(
    ("word", "other"), [("fired", "sacked"), ("kidnapped", "abducted"), ("chopper", "helicopter")]
)
def test_news_synonyms_are_related(word: str, other: str) -> None:
    assert index_terms(other)[0] in related_terms(index_terms(word)[0])


def test_a_typo_is_about_the_same_length() -> None:
    assert presence("sokof", ["sokov"]) == 0.8
    assert presence("websit", ["west"]) == 0.0


@pytest.mark.parametrize(
    ("description", "speaker", "fits"),
    [
        ("the spokesman", Speaker("Josh Park", "White House press secretary"), True),
        ("the police commissioner", Speaker("Harbour Police Commissioner Ann Lo"), True),
        ("the doctor", Speaker("Owen Dale", "a lung specialist", aliases=("Dr. Owen Dale",)), True),
        ("Maya's mom", Speaker("Rita Cole", "mother"), True),
        ("the house speaker", Speaker("Bo Vance", "State House Speaker"), True),
        ("the police commissioner", Speaker("Ann Lo", "a spokesman for the harbour board"), False),
        ("the doctor", Speaker("Owen Dale", "a teacher"), False),
    ],
)
def test_a_role_description_fits_the_speaker(description: str, speaker: Speaker, fits: bool) -> None:
    assert (role_score(description, speaker) > 0) is fits


def test_a_plain_role_fits_better_than_a_long_one() -> None:
    plain = role_score("the president", Speaker("Ann Lo", "President"))
    long = role_score("the president", Speaker("Bo Vance", "executive vice president of a think tank"))
    assert plain > long > 0


@pytest.mark.parametrize(
    ("word", "base"), [("fed", "feed"), ("feeds", "feed"), ("weed", "weed"), ("needed", "need")]
)
def test_ed_that_belongs_to_the_word_is_kept(word: str, base: str) -> None:
    assert index_terms(word) == [base]
    assert index_terms("fee") != index_terms("feed")


def test_agreed_and_agree_share_a_term() -> None:
    assert index_terms("agreed") == index_terms("agree")


def test_synonyms_are_found_however_either_side_is_stemmed() -> None:
    shots, saves = index_terms("shots")[0], index_terms("saves")[0]
    assert shots in related_terms(saves) and saves in related_terms(shots)


def test_a_phrasal_compound_is_one_term() -> None:
    assert query_terms("when does the match kick off")[-1] == index_terms("the kickoff")[0]


def test_the_country_us_is_not_the_pronoun_us() -> None:
    assert index_terms("troops in the U.S. and the US") == ["troop", "usa", "usa"]
    assert "usa" not in index_terms("tell us")


def test_vote_is_not_election() -> None:
    assert index_terms("election")[0] not in related_terms(index_terms("vote")[0])


@pytest.mark.parametrize(
    ("description", "role", "fits"),
    [
        ("the vp", "vice president of sales", True),
        ("the vice president", "VP of sales", True),
        ("the governor", "Gov.", True),
        ("the exec", "chief executive", True),
        ("the plumber", "vice president of sales", False),
    ],
)
def test_role_abbreviations(description: str, role: str, fits: bool) -> None:
    assert (role_score(description, Speaker("Rosa Vint", role)) > 0) is fits


def test_a_role_naming_the_possessor_fits_better() -> None:
    own = role_score("Brandt's lawyer", Speaker("Sara Holm", "Brandt's lawyer"))
    other = role_score("Brandt's lawyer", Speaker("Jan Ek", "lawyer"))
    assert own > other > 0


def test_the_word_after_how_frames_the_question() -> None:
    assert query_terms("how long could the baker go to jail") == ["baker", "go", "jail"]
    assert query_terms("how old is the baker") == ["baker"]


def test_a_short_word_is_found_at_the_start_of_a_longer_one() -> None:
    assert presence("legal", index_terms("it was legalized")) == 0.8
    assert presence("legal", index_terms("a legendary baker")) == 0.0


@pytest.mark.parametrize(
    ("asked", "described"),
    [
        ("the spokeswoman", True),
        ("Whitfield's lawyer", True),
        ("ferry company director", True),
        ("VP", True),
        ("Dana Whitfield", False),
        ("Quorra Belvane", False),
    ],
)
def test_a_description_is_told_from_a_name(asked: str, described: bool) -> None:
    assert describes_role(asked) is described
