import datetime as dt

import pytest

from knowledge.ingest.textdump import clean_text_dump
from tests.builders import FERRY_STORY, make_dump


def test_headline_metadata_and_body_are_separated_from_furniture() -> None:
    dump = make_dump(
        "© Gazette Photo / A. PhotographerCommuters wait for the evening ferry at the pier.",
        "Commuters wait for the evening ferry at the pier. - The Test Gazette, 2031, 03.02.2031",
        *FERRY_STORY,
        "To participate in the discussion",
        "log in or register",
        "Читайте также другие новости",
    )
    cleaned = clean_text_dump(dump)
    assert cleaned.title == "Harbour Town Debates New Ferry Schedule"
    assert cleaned.publisher == "The Test Gazette"
    assert cleaned.published == dt.date(2031, 2, 3)
    assert cleaned.dateline == "Portvale"
    body = "\n".join(cleaned.paragraphs)
    assert body.startswith("The Portvale harbour board voted")
    for furniture in ("Commuters wait", "participate", "log in", "Читайте", "©", "Gazette, 2031"):
        assert furniture not in body
    assert len(cleaned.paragraphs) == len(FERRY_STORY)


def test_tagline_before_the_headline_is_not_taken_for_it() -> None:
    dump = "Your daily news, every morning.\n\n" + make_dump(*FERRY_STORY, header="")
    assert clean_text_dump(dump).title == "Harbour Town Debates New Ferry Schedule"


def test_byline_and_published_line_become_metadata() -> None:
    dump = make_dump("By Ana Torres", "Published: March 4, 2030", *FERRY_STORY)
    cleaned = clean_text_dump(dump)
    assert cleaned.author == "Ana Torres"
    assert cleaned.published == dt.date(2030, 3, 4)
    assert not any("Ana Torres" in p for p in cleaned.paragraphs)


def test_text_without_prose_has_no_paragraphs() -> None:
    assert clean_text_dump("Menu\nHome\nLog in\n").paragraphs == ()


def test_a_huge_dump_still_drops_a_caption_printed_twice(monkeypatch: pytest.MonkeyPatch) -> None:
    """Past the scanned part a line repeated whole is still furniture; searching every line inside every
    other one is what made a 5 MB dump take minutes."""
    import knowledge.ingest.textdump as textdump

    monkeypatch.setattr(textdump, "_SCAN_LIMIT", 2_000)
    caption = "Workers repair the pier after the storm on Monday morning in Harbour Town"
    body = [
        f"The council met for the {i}th time and voted to keep the ferry running all year." for i in range(60)
    ]
    raw = "\n\n".join(["Harbour Town Fixes Its Pier", *body[:30], caption, *body[30:], caption])
    cleaned = textdump.clean_text_dump(raw)
    assert caption not in cleaned.paragraphs
    assert len(cleaned.paragraphs) == 60
