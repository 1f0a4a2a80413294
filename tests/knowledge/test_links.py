from knowledge.links import text_fragment_url


def test_short_passage_is_linked_whole_and_encoded() -> None:
    url = text_fragment_url("https://example.org/a#top", "Prices rose, fell & rose-again")
    assert url == "https://example.org/a#:~:text=Prices%20rose%2C%20fell%20%26%20rose%2Dagain"


def test_long_passage_is_linked_by_its_first_and_last_words() -> None:
    words = " ".join(f"w{i}" for i in range(30))
    url = text_fragment_url("https://example.org/a", words)
    assert url.endswith("#:~:text=w0%20w1%20w2%20w3%20w4%20w5,w24%20w25%20w26%20w27%20w28%20w29")
