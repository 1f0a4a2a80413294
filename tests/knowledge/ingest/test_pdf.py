import pytest

from knowledge.errors import IngestError
from knowledge.ingest.pdf import pdf_to_text
from tests.builders import make_pdf

HEADER = "Portvale Harbour Board - Press release"


def test_running_headers_footers_and_page_numbers_are_dropped() -> None:
    pages = [
        [HEADER, "The board voted on Monday to add two evening crossings.", "Page 1 of 2"],
        [HEADER, "Dana Whitfield, the chair, said the change was overdue.", "Page 2 of 2"],
    ]
    text = pdf_to_text(make_pdf(pages))
    assert HEADER not in text and "Page" not in text
    assert text.splitlines() == [
        "The board voted on Monday to add two evening crossings.",
        "Dana Whitfield, the chair, said the change was overdue.",
    ]


def test_hyphenated_line_breaks_and_wrapped_lines_are_rejoined() -> None:
    pages = [
        [
            "A Heading Without Punctuation",
            "The harbour board voted on Monday night to add two ev-",
            "ening crossings from next spring, after months of complaints",
            "from commuters who waited on the pier.",
            "A new paragraph.",
        ]
    ]
    assert pdf_to_text(make_pdf(pages)).splitlines() == [
        "A Heading Without Punctuation",
        "The harbour board voted on Monday night to add two evening crossings from next spring, "
        "after months of complaints from commuters who waited on the pier.",
        "A new paragraph.",
    ]


def test_metadata_title_comes_first() -> None:
    text = pdf_to_text(make_pdf([["Body text of the release goes here."]], title="Board adds ferries"))
    assert text.splitlines()[0] == "Board adds ferries"


def test_not_a_pdf_is_a_clear_error() -> None:
    with pytest.raises(IngestError, match="Not a readable PDF"):
        pdf_to_text(b"this is not a pdf")
