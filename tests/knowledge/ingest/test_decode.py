"""One charset decision for every document: byte-order mark, header charset, declaration, then UTF-8 or cp1252."""

import codecs
from collections.abc import Iterator
from pathlib import Path

import pytest

from knowledge.ingest.decode import decode, encoding_of
from knowledge.ingest.fetch import FetchOptions
from knowledge.ingest.pipeline import parse_document, parse_file, parse_url
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


# Labels that name no text encoding, or a codec no document is written in: each raised (LookupError,
# UnicodeError) before, and must be skipped like an unknown label, in a page, a text file and a header.
ODD_LABELS = ("base64", "rot13", "hex", "punycode", "idna", "undefined", "utf-7", "unicode_escape", "zip")


@pytest.mark.parametrize("label", ODD_LABELS)
def test_a_label_that_is_no_charset_is_skipped(label: str) -> None:
    body = "<p>Café owners said “yes”.</p>"
    for page in (f'<meta charset="{label}">{body}', f'<?xml version="1.0" encoding="{label}"?>{body}'):
        assert decode(page.encode(), markup=True) == page
        assert decode(page.encode("cp1252"), markup=True) == page  # not UTF-8: the cp1252 fallback
    assert decode(body.encode(), charset=label) == body
    assert decode(body.encode("cp1252"), charset=label, markup=True) == body


@pytest.mark.parametrize("label", ODD_LABELS)
@pytest.mark.parametrize("kind", ["text", "html"])
def test_parse_document_survives_any_label(label: str, kind: str) -> None:
    if kind == "html":
        data = make_html(*FERRY_STORY).replace('charset="utf-8"', f'charset="{label}"').encode()
    else:
        data = make_dump(*FERRY_STORY).encode()
    article = parse_document(data, kind, charset=label)  # the label in the page and in the HTTP header
    assert "Dana Whitfield" in {quote.speaker for quote in article.quotes}


@pytest.mark.parametrize("label", ["punycode", "base64", "undefined"])
def test_parse_url_with_an_odd_header_charset(site: Site, label: str) -> None:
    url = site.add("/story.txt", make_dump(*FERRY_STORY).encode(), f"text/plain; charset={label}")
    article = parse_url(url, options=FetchOptions(allowed_hosts=frozenset({"127.0.0.1"})))
    assert article.title == "Harbour Town Debates New Ferry Schedule"


MOSCOW = (
    "МОСКВА, 12 марта - Переговоры о новом мосту через реку зашли в тупик, сообщили в мэрии в пятницу.",
    "«Сейчас практически невозможно говорить о сроках», — сказала Анна Петрова, глава комиссии.",
    "Жители района собрали более двух тысяч подписей в поддержку проекта.",
)


def test_undeclared_cp1251_text_is_read_as_cyrillic() -> None:
    text = make_dump(*MOSCOW, title="Мост через реку")
    assert encoding_of(text.encode("cp1251")) == "cp1251"
    assert decode(text.encode("cp1251")) == text


def test_undeclared_cp1251_dump_is_stored_without_mojibake(tmp_path: Path) -> None:
    path = tmp_path / "dump.txt"  # an English story from a Russian site: a Cyrillic caption and quote
    path.write_bytes(make_dump(*FERRY_STORY[:3], MOSCOW[1], *FERRY_STORY[3:], MOSCOW[2]).encode("cp1251"))
    article = parse_file(path)
    assert "Dana Whitfield" in {quote.speaker for quote in article.quotes}
    assert not {"Ð", "Ñ", "à", "å", "î"} & set(article.text)  # cp1252 read "Анна" as "Àííà"
    assert all(quote.text.isascii() or "Анна" in quote.text for quote in article.quotes)


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-be", "utf-8-sig"])
def test_text_file_with_a_byte_order_mark(tmp_path: Path, codec: str) -> None:
    path = tmp_path / "dump.txt"
    text = make_dump(*FERRY_STORY, LODZ)
    data = text.encode(codec) if codec != "utf-16-be" else codecs.BOM_UTF16_BE + text.encode(codec)
    path.write_bytes(data)
    article = parse_file(path)
    assert article.title == "Harbour Town Debates New Ferry Schedule" and "\x00" not in article.text
    assert "Łódź" in article.text


@pytest.mark.parametrize(
    "text",
    [
        "The mayor said “we will rebuild” – soon… It’s fine.",
        "Le président a déclaré que la situation est très préoccupante. Crème brûlée, café.",
        "Die Bürgermeisterin sagte, die Straße sei für Fußgänger gesperrt.",
        "It cost €40 million, he said.",
    ],
)
def test_undeclared_western_text_stays_windows_1252(text: str) -> None:
    assert encoding_of(text.encode("cp1252")) == "cp1252"
    assert decode(text.encode("cp1252")) == text
