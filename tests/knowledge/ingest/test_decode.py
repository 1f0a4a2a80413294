"""One charset decision for every document: byte-order mark, header charset, declaration, then UTF-8 or cp1252."""

from collections.abc import Iterator

import pytest

from knowledge.ingest.decode import decode, encoding_of
from knowledge.ingest.fetch import FetchOptions
from knowledge.ingest.pipeline import parse_document, parse_url
from tests.builders import FERRY_STORY, make_dump, make_html
from tests.site import Site, serve_site

LODZ = "Ewa Nowak, who runs a bakery in Łódź, said the crossings would help her suppliers reach the island."


@pytest.mark.parametrize(
    ("data", "text"),
    [
        ("<p>café</p>".encode("utf-8-sig"), "<p>café</p>"),
        (
            '<meta charset="iso-8859-1"><p>café ’</p>'.encode("cp1252"),
            '<meta charset="iso-8859-1"><p>café ’</p>',
        ),
        ('<meta charset="iso-8859-1"><p>café</p>'.encode(), '<meta charset="iso-8859-1"><p>café</p>'),
        ("<p>naïve</p>".encode(), "<p>naïve</p>"),
        ("<p>naïve – ok</p>".encode("cp1252"), "<p>naïve – ok</p>"),
        (
            b'<meta charset="no-such-charset"><p>plain</p>',
            '<meta charset="no-such-charset"><p>plain</p>',
        ),
        (b'<meta charset="base64"><p>plain</p>', '<meta charset="base64"><p>plain</p>'),
        ("<p>café</p>".encode("utf-16"), "<p>café</p>"),
    ],
    ids=[
        "bom",
        "declared-latin1",
        "mislabelled-utf8",
        "undeclared-utf8",
        "undeclared-cp1252",
        "unknown-label",
        "non-text-codec-label",
        "utf-16-bom",
    ],
)
def test_page_decoding(data: bytes, text: str) -> None:
    assert decode(data, markup=True) == text


def test_header_charset_comes_before_the_declaration() -> None:
    page = '<meta charset="windows-1252"><p>Łódź</p>'.encode("iso-8859-2")
    assert decode(page, charset="iso-8859-2", markup=True).endswith("Łódź</p>")
    assert encoding_of(page, charset="iso-8859-2", markup=True) == "iso8859-2"
    assert decode(page, markup=True).endswith("£ód¼</p>")  # without the header: the page's own (wrong) label


def test_header_charset_that_mislabels_utf8_is_skipped() -> None:
    assert decode("Grüße".encode(), charset="iso-8859-1") == "Grüße"


def test_text_has_no_declaration_to_read() -> None:
    dump = '<meta charset="iso-8859-2"> £'.encode("cp1252")
    assert encoding_of(dump) == "cp1252"
    assert encoding_of(dump, markup=True) == "iso8859-2"


def test_parse_document_uses_the_header_charset() -> None:
    data = make_dump(*FERRY_STORY, LODZ).encode("iso-8859-2")
    assert "Łódź" in parse_document(data, "text", charset="iso-8859-2").text
    assert "Łódź" not in parse_document(data, "text").text


@pytest.fixture
def site() -> Iterator[Site]:
    with serve_site() as running:
        yield running


@pytest.mark.parametrize("kind", ["text", "html"])
def test_parse_url_passes_the_header_charset_on(site: Site, kind: str) -> None:
    if kind == "text":
        data = make_dump(*FERRY_STORY, LODZ).encode("iso-8859-2")
        url = site.add("/story.txt", data, "text/plain; charset=iso-8859-2")
    else:
        page = make_html(*FERRY_STORY, LODZ).replace('<meta charset="utf-8">', "")
        url = site.add("/story", page.encode("iso-8859-2"), "text/html; charset=iso-8859-2")
    article = parse_url(url, options=FetchOptions(allowed_hosts=frozenset({"127.0.0.1"})))
    assert "Łódź" in article.text
