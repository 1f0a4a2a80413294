"""Decide which charset a downloaded or uploaded document is written in, and decode it with that charset."""

from __future__ import annotations

import codecs
import logging
import re

logger = logging.getLogger(__name__)

# Byte-order marks, each with the codec that reads the document and drops the mark.
BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# How far into a page to look for a declared charset: some pages declare it after 10 KB of scripts.
SNIFF_BYTES = 100_000
META_CHARSET = re.compile(rb"""<meta\b[^>]*?charset\s*=\s*["']?\s*([\w.:-]+)""", re.IGNORECASE)
XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*encoding\s*=\s*["']([\w.:-]+)""")
# Labels that browsers read as windows-1252 (the WHATWG Encoding standard), and pages rely on it for
# “curly quotes”: checked both as written and as Python names them.
WINDOWS_1252_LABELS = frozenset(
    {"ascii", "us-ascii", "iso-8859-1", "iso8859-1", "latin1", "latin-1", "l1", "cp1252"}
)
FALLBACK = "cp1252"  # for bytes that are neither declared nor UTF-8


def decode(data: bytes, *, charset: str | None = None, markup: bool = False) -> str:
    """Decode a document with the charset ``encoding_of`` decides on; bytes that do not fit become U+FFFD."""
    return _decide(data, charset, markup)[1]


def encoding_of(data: bytes, *, charset: str | None = None, markup: bool = False) -> str:
    """The Python codec a document is decoded with, decided once, in this order:

    1. a byte-order mark;
    2. the HTTP ``charset`` header, when there is one;
    3. the document's own declaration (``<?xml encoding>`` or ``<meta charset>``), for ``markup`` only;
       a declared UTF-16 or UTF-32 is read as UTF-8, as a page read as text cannot truthfully declare it;
    4. UTF-8 when the bytes are UTF-8, else windows-1252.

    A label (header or declaration) is skipped when Python does not know it as a text codec, when the
    bytes do not decode with it, or when it is not UTF-8 but the bytes are UTF-8 with non-ASCII characters
    (servers and pages often mislabel UTF-8 as latin-1).
    """
    return _decide(data, charset, markup)[0]


def _decide(data: bytes, charset: str | None, markup: bool) -> tuple[str, str]:
    """The codec and the decoded text."""
    for bom, codec in BOMS:
        if data.startswith(bom):
            return codec, data.decode(codec, errors="replace")
    labels: list[tuple[str, str | None]] = [("header", _codec(charset))]
    if markup:
        labels.append(("declaration", _declared(data[:SNIFF_BYTES])))
    for source, label in labels:
        if label is None or (label != "utf-8" and _is_utf8_with_non_ascii(data)):
            continue
        try:
            return label, data.decode(label)
        except UnicodeDecodeError:
            logger.debug("the document does not match its %s charset %s", source, label)
    try:
        return "utf-8", data.decode("utf-8")
    except UnicodeDecodeError:
        return FALLBACK, data.decode(FALLBACK, errors="replace")


def _codec(label: str | bytes | None) -> str | None:
    """Return a Python text codec for a charset label, or None when the label is unknown."""
    if not label:
        return None
    text = label.decode("ascii", "ignore") if isinstance(label, bytes) else label
    name = text.strip().strip("\"'").lower()
    name = "cp1252" if name in WINDOWS_1252_LABELS else name
    try:
        b"\x00".decode(name, "replace")  # refuses unknown labels and non-text codecs such as "base64"
    except LookupError:
        return None
    name = codecs.lookup(name).name
    return "cp1252" if name in WINDOWS_1252_LABELS else name


def _declared(head: bytes) -> str | None:
    """The charset a page declares in its first bytes, as a Python codec."""
    match = XML_ENCODING.match(head) or META_CHARSET.search(head)
    codec = _codec(match[1]) if match else None
    if codec is not None and codec.startswith(("utf-16", "utf-32")):
        return "utf-8"
    return codec


def _is_utf8_with_non_ascii(data: bytes) -> bool:
    """Bytes that decode as UTF-8 and are not plain ASCII are UTF-8, whatever the label says."""
    if data.isascii():
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True
