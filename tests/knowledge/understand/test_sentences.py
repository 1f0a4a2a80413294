import pytest

from knowledge.understand.sentences import split_sentences


@pytest.mark.parametrize(
    ("paragraph", "expected"),
    [
        ("It rained. Then it stopped.", ["It rained.", "Then it stopped."]),
        ("Dr. Jane Q. Smith arrived. She spoke.", ["Dr. Jane Q. Smith arrived.", "She spoke."]),
        ("The U.S. Navy left. Nobody stayed.", ["The U.S. Navy left.", "Nobody stayed."]),
        ("Dr. M. V. Ramana said so.", ["Dr. M. V. Ramana said so."]),
        ('"We are ready." He left.', ['"We are ready."', "He left."]),
        ("Is it over? Yes! Done.", ["Is it over?", "Yes!", "Done."]),
        (
            "It ends with the site… and on whatever schedule they keep.",
            ["It ends with the site… and on whatever schedule they keep."],
        ),
        ("The vote was 7 to 2. 40 people came.", ["The vote was 7 to 2.", "40 people came."]),
    ],
)
def test_split_sentences(paragraph: str, expected: list[str]) -> None:
    assert split_sentences(paragraph) == expected
