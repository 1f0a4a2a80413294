"""Text-fragment links, encoded as the WICG scroll-to-text-fragment spec asks."""

from knowledge.links import text_fragment_url


def test_short_passage_is_linked_whole_and_encoded() -> None:
    url = text_fragment_url("https://example.org/a", "Prices rose, fell & rose-again")
    assert url == "https://example.org/a#:~:text=Prices%20rose%2C%20fell%20%26%20rose%2Dagain"


def test_long_passage_is_linked_by_its_first_and_last_words() -> None:
    words = " ".join(f"w{i}" for i in range(30))
    url = text_fragment_url("https://example.org/a", words)
    assert url.endswith("#:~:text=w0%20w1%20w2%20w3%20w4%20w5,w24%20w25%20w26%20w27%20w28%20w29")


def test_an_existing_fragment_is_kept_and_an_old_directive_replaced() -> None:
    # "https://example.org/#test:~:text=foo": the fragment is "test", the directive "text=foo" (spec, 3.3).
    assert text_fragment_url("https://example.org/a#top", "Prices rose") == (
        "https://example.org/a#top:~:text=Prices%20rose"
    )
    assert text_fragment_url("https://example.org/a#top:~:text=old", "Prices rose") == (
        "https://example.org/a#top:~:text=Prices%20rose"
    )


def test_quotation_marks_and_edge_punctuation_are_left_out() -> None:
    assert text_fragment_url("https://example.org/a", "“We heard them.”").endswith(
        "#:~:text=We%20heard%20them."
    )


def test_a_short_quote_gets_the_words_around_it() -> None:
    sentence = "The board called the plan improper, and the mayor called it improper too."
    url = text_fragment_url("https://example.org/a", "improper", context=sentence)
    assert url.endswith("#:~:text=called%20the%20plan-,improper,-and%20the%20mayor")


def test_non_ascii_text_is_utf8_percent_encoded() -> None:
    assert text_fragment_url("https://example.org/a", "Zürich ä").endswith("#:~:text=Z%C3%BCrich%20%C3%A4")
