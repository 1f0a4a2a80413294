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
        # a title before a name never ends a sentence, hyphenated or stacked
        (
            "It was backed by then-Rep. Heath Shuler of North Carolina. He spoke.",
            ["It was backed by then-Rep. Heath Shuler of North Carolina.", "He spoke."],
        ),
        (
            "Lt. Col. Ann Ruiz and Brig. Gen. Pat Ryder came. Gov. Lee did not.",
            ["Lt. Col. Ann Ruiz and Brig. Gen. Pat Ryder came.", "Gov. Lee did not."],
        ),
        ("Supt. Ray Hall agreed. Sen. Ada Park left.", ["Supt. Ray Hall agreed.", "Sen. Ada Park left."]),
    ],
)
def test_split_sentences(paragraph: str, expected: list[str]) -> None:
    assert split_sentences(paragraph) == expected
