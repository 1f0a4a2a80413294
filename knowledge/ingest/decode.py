"""Decide which charset a downloaded or uploaded document is written in, and decode it with that charset."""

from __future__ import annotations

import codecs
import logging
import re

from charset_normalizer import from_bytes

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
# Python text codecs that no document is written in (a label naming one is skipped like an unknown one):
# they transform text (idna, punycode, escapes), refuse everything (undefined), or are refused by browsers
# as a way to smuggle markup past filters (utf-7). Codecs such as base64 or rot13 are not text codecs at all.
NOT_CHARSETS = frozenset(
    {
        "idna",
        "punycode",
        "undefined",
        "unicode-escape",
        "raw-unicode-escape",
        "utf-7",
        "charmap",
        "mbcs",
        "oem",
    }
)
FALLBACK = "cp1252"  # for bytes that are neither declared nor UTF-8, unless they read as another script
DETECT_BYTES = 64_000  # how much of an undeclared, non-UTF-8 document the charset detector reads
# The detector's guess is taken only when, read its way, the document holds at least DETECTED_WORDS words
# of three letters or more in a script other than Latin (Cyrillic in cp1251, Greek in cp1253), and most of
# its non-ASCII letters are of such a script: for a Western text the detector often guesses a wrong Latin
# code page (or reads a curly quote and a letter as one Chinese character), so it keeps windows-1252.
DETECTED_WORDS = 3
_NON_ASCII_LETTER = re.compile(r"[^\W\d_A-Za-z]")
_LATIN_LETTER = re.compile(r"[\u00aa\u00ba\u00c0-\u024f\u1e00-\u1eff]")
_FOREIGN_WORD = re.compile(r"[^\W\d_A-Za-z\u00aa\u00ba\u00c0-\u024f\u1e00-\u1eff]{3,}")


def decode(data: bytes, *, charset: str | None = None, markup: bool = False) -> str:
    """Decode a document with the charset ``encoding_of`` decides on; bytes that do not fit become U+FFFD."""
    return _decide(data, charset, markup)[1]


def encoding_of(data: bytes, *, charset: str | None = None, markup: bool = False) -> str:
    """The Python codec a document is decoded with, decided once, in this order:

    1. a byte-order mark;
    2. the HTTP ``charset`` header, when there is one;
    3. the document's own declaration (``<?xml encoding>`` or ``<meta charset>``), for ``markup`` only;
       a declared UTF-16 or UTF-32 is read as UTF-8, as a page read as text cannot truthfully declare it;
    4. UTF-8 when the bytes are UTF-8;
    5. the charset a detector (charset-normalizer) finds, when it reads words of a script other than
       Latin in the bytes (an undeclared Russian text, or Russian lines in an English one, in cp1251);
    6. else windows-1252.

    A label (header or declaration) is skipped when Python does not know it as a text codec, when it names
    a codec no document is written in (``NOT_CHARSETS``: punycode, idna, ...), when the bytes do not
    decode with it, or when it is not UTF-8 but the bytes are UTF-8 with non-ASCII characters (servers and
    pages often mislabel UTF-8 as latin-1). No label, however odd, makes decoding fail.
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
        except (UnicodeError, ValueError):  # UnicodeDecodeError, and what odd codecs raise instead
            logger.debug("the document does not match its %s charset %s", source, label)
    try:
        return "utf-8", data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    detected = _detected(data)
    if detected is not None:
        return detected
    return FALLBACK, data.decode(FALLBACK, errors="replace")


def _detected(data: bytes) -> tuple[str, str] | None:
    """The codec and text a charset detector finds for undeclared bytes, when that reading holds words in
    a script other than Latin (see ``DETECTED_WORDS``); None to keep the windows-1252 fallback."""
    best = from_bytes(data[:DETECT_BYTES]).best()
    codec = _codec(best.encoding) if best is not None else None
    if codec is None or codec == FALLBACK or codec.startswith(("utf-16", "utf-32")):
        return None  # a UTF-16 or UTF-32 text without a byte-order mark is not guessed at
    sample = str(best)
    latin = len(_LATIN_LETTER.findall(sample))  # accented Latin letters
    foreign = len(_NON_ASCII_LETTER.findall(sample)) - latin
    if len(_FOREIGN_WORD.findall(sample)) < DETECTED_WORDS or foreign < latin:
        return None
    logger.debug("undeclared charset detected as %s", codec)
    return codec, data.decode(codec, errors="replace")


def _codec(label: str | bytes | None) -> str | None:
    """Return a Python text codec for a charset label, or None when the label is unknown."""
    if not label:
        return None
    text = label.decode("ascii", "ignore") if isinstance(label, bytes) else label
    name = text.strip().strip("\"'").lower()
    name = "cp1252" if name in WINDOWS_1252_LABELS else name
    try:
        info = codecs.lookup(name)
    except (LookupError, ValueError):  # an unknown label (or one holding a NUL)
        return None
    # bytes.decode refuses codecs that are not text codecs (base64, rot13, hex) by this same mark
    if not getattr(info, "_is_text_encoding", True) or info.name in NOT_CHARSETS:
        return None
    name = info.name
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
