"""Extract an article's text and metadata from an HTML page with trafilatura."""

from __future__ import annotations

import codecs
import datetime as dt
import json
import logging
import re
import unicodedata
from collections.abc import Iterator
from typing import Any

import trafilatura
from lxml import etree
from lxml.html import HtmlElement
from trafilatura.deduplication import LRUCache
from trafilatura.utils import load_html

from knowledge.clean import CREDIT, DATELINE, CleanText
from knowledge.dates import parse_date
from knowledge.lexicon import BOILERPLATE_LINE

logger = logging.getLogger(__name__)

# How far into a page to look for a declared charset: some pages declare it after 10 KB of scripts.
SNIFF_BYTES = 100_000
BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))
META_CHARSET = re.compile(rb"""<meta\b[^>]*?charset\s*=\s*["']?\s*([\w.:-]+)""", re.IGNORECASE)
XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*encoding\s*=\s*["']([\w.:-]+)""")
# Labels that browsers read as windows-1252 (the WHATWG encoding standard).
CP1252_LABELS = frozenset({"ascii", "latin-1", "iso8859-1", "cp1252"})

TRAFILATURA_OPTIONS: dict[str, Any] = {
    "with_metadata": True,
    "include_comments": False,
    "include_tables": False,
    "include_images": False,
    "include_links": False,
}
# Blocks trafilatura emits as their own paragraphs; anything else is inline text.
BLOCK_TAGS = frozenset({"p", "head", "item", "quote", "list", "div", "figure", "note", "code"})
MIN_PARAGRAPH_CHARS = 2

ARTICLE_TYPES = re.compile(r"(?:News|Reportage|Analysis|Opinion|Review|Report)?Article|BlogPosting|Report")
PUBLISHED_META = frozenset(
    {
        "article:published_time",
        "og:article:published_time",
        "article.published",
        "datepublished",
        "pubdate",
        "publishdate",
        "publish-date",
        "publish_date",
        "dc.date.issued",
        "dcterms.issued",
        "parsely-pub-date",
    }
)

# A title's trailing " | Site" or " - Site" part.
TITLE_SUFFIX = re.compile(r"\s+[|\-–—:·•]\s+(?P<suffix>[^|\-–—·•]{2,60})$")
# Lines of page furniture that trafilatura sometimes keeps.
FURNITURE = re.compile(
    r"^(?:read (?:more|next|also|the full)|related(?: coverage| content| stories| articles)?:?|"
    r"more (?:on|from|about) |see also|watch:|listen:|click here|tap here|sign up|subscribe|"
    r"follow (?:us|him|her|them|@)|share (?:this|on)|(?:like us|find us) on|"
    r"get (?:the|our) .*newsletter|download (?:the|our) app|advertisement|"
    r"this (?:article|story) (?:was|has been|is) (?:originally )?(?:published|updated|reprinted)|"
    r"copyright|all rights reserved|©)",
    re.IGNORECASE,
)
BYLINE_TEXT = re.compile(r"^\s*by\s+(?P<name>.+)$", re.IGNORECASE | re.DOTALL)
AUTHOR_ROLE = re.compile(
    r"\s+(?:is an?|is the)\b.*$|"
    r"[\s,|]+(?:senior |chief |staff |political |news |sports |special )*"
    r"(?:reporter|correspondent|editor|writer|contributor|columnist|producer)s?\b.*$",
    re.IGNORECASE,
)
AUTHOR_DATE_TAIL = re.compile(
    r"\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?(?:\s+\d.*)?$|\s+\d.*$",
    re.IGNORECASE,
)
NOT_A_NAME = frozenset({"username", "user", "admin", "administrator", "login", "staff", "editor", "unknown"})


def extract_html(html: str | bytes, *, url: str | None = None) -> CleanText:
    """Extract the headline, metadata and body paragraphs of a news page.

    Returns a ``CleanText`` whose ``paragraphs`` is empty when no article body was found.
    """
    # 1. decode and parse once; trafilatura works on copies of the tree
    text = decode_html(html) if isinstance(html, bytes) else html
    tree = load_html(XML_DECLARATION.sub("", text, count=1))
    if tree is None:
        return CleanText(title="", paragraphs=())
    # 2. trafilatura: body tree and metadata, with a recall pass and a plain <p> fallback
    document = _run_trafilatura(tree, url)
    blocks = _blocks(document.body) if document is not None and document.body is not None else []
    if not _has_prose(blocks):
        recall = _run_trafilatura(tree, url, favor_recall=True)
        if recall is not None and recall.body is not None:
            blocks = _blocks(recall.body)
            document = document or recall
    if not _has_prose(blocks):
        blocks = _paragraph_fallback(tree)
    # 3. drop furniture, headings and the headline, then read the dateline
    title = _clean_title(_attr(document, "title"), _attr(document, "sitename"))
    dropped: list[tuple[str, str]] = []
    paragraphs = _keep_body(blocks, title, dropped)
    paragraphs, dateline = _strip_dateline(paragraphs)
    for line, reason in dropped:
        logger.debug("dropped %s: %.60s", reason, line)
    return CleanText(
        title=title or (paragraphs[0][:80] if paragraphs else ""),
        paragraphs=tuple(paragraphs),
        publisher=_attr(document, "sitename"),
        published=_published(tree, _attr(document, "date")),
        dateline=dateline,
        author=_author(tree, _attr(document, "author")),
        dropped=tuple(dropped),
    )


def decode_html(data: bytes) -> str:
    """Decode a page: byte-order mark, then a declared charset, then UTF-8, then windows-1252."""
    for bom, encoding in BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(encoding, errors="replace")
    declared = _declared_charset(data[:SNIFF_BYTES])
    if declared and not (declared != "utf-8" and _is_utf8_with_non_ascii(data)):
        try:
            return data.decode(declared)
        except UnicodeDecodeError:
            logger.debug("page does not match its declared charset %s", declared)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _declared_charset(head: bytes) -> str | None:
    match = XML_ENCODING.match(head) or META_CHARSET.search(head)
    if not match:
        return None
    try:
        name = codecs.lookup(match[1].decode("ascii")).name
    except (LookupError, UnicodeDecodeError):
        return None
    return "cp1252" if name in CP1252_LABELS else name


def _is_utf8_with_non_ascii(data: bytes) -> bool:
    """Bytes that decode as UTF-8 and are not plain ASCII are UTF-8, whatever the label says."""
    if data.isascii():
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _run_trafilatura(tree: HtmlElement, url: str | None, *, favor_recall: bool = False) -> Any:
    return trafilatura.bare_extraction(
        tree,
        url=url,
        favor_recall=favor_recall,
        deduplicate=LRUCache(maxsize=4096),  # a fresh cache: results must not depend on earlier pages
        **TRAFILATURA_OPTIONS,
    )


def _attr(document: Any, name: str) -> str | None:
    value = getattr(document, name, None) if document is not None else None
    return _normalise(value) or None if isinstance(value, str) else None


def _normalise(text: str) -> str:
    text = unicodedata.normalize("NFC", text).replace("\u00a0", " ").replace("\u200b", "")
    return re.sub(r"\s+", " ", text).strip()


# --- body -----------------------------------------------------------------------------------


def _blocks(body: etree._Element) -> list[tuple[str, str]]:
    """The body's text blocks in order, each as (kind, text): kind is "head", "item" or "p"."""
    return [(kind, text) for kind, text in _walk(body) if len(text) >= MIN_PARAGRAPH_CHARS]


def _walk(element: etree._Element) -> Iterator[tuple[str, str]]:
    for child in element:
        if not isinstance(child.tag, str):
            continue
        if child.tag in BLOCK_TAGS and any(
            isinstance(c.tag, str) and c.tag in BLOCK_TAGS for c in child.iterdescendants()
        ):
            yield from _walk(child)
            continue
        kind = "head" if child.tag == "head" else "item" if child.tag == "item" else "p"
        yield kind, _normalise("".join(_texts(child)))


def _texts(element: etree._Element) -> Iterator[str]:
    if element.text:
        yield element.text
    for child in element:
        if isinstance(child.tag, str):
            yield " " if child.tag == "lb" else ""
            yield from _texts(child)
        if child.tail:
            yield child.tail


def _paragraph_fallback(tree: HtmlElement) -> list[tuple[str, str]]:
    """Every <p> of the page outside scripts and navigation, as a last resort."""
    found = []
    for p in tree.iter("p"):
        if any(a.tag in ("nav", "footer", "header", "aside", "script", "style") for a in p.iterancestors()):
            continue
        text = _normalise(p.text_content())
        if text:
            found.append(("p", text))
    return found


def _has_prose(blocks: list[tuple[str, str]]) -> bool:
    return sum(len(text.split()) for kind, text in blocks if kind == "p") >= 40


def _keep_body(blocks: list[tuple[str, str]], title: str, dropped: list[tuple[str, str]]) -> list[str]:
    kept: list[str] = []
    title_key = _key(title)
    for kind, text in blocks:
        reason = _furniture(kind, text, title_key)
        if reason:
            dropped.append((text, reason))
        else:
            kept.append(text)
    return kept


def _furniture(kind: str, text: str, title_key: str) -> str | None:
    """Say why a block is not body text (or None when it is)."""
    if title_key and _key(text) == title_key:
        return "headline"
    if kind == "head":
        return "heading"
    if BOILERPLATE_LINE.match(text) or FURNITURE.match(text):
        return "boilerplate"
    if CREDIT.search(text[:80]):
        return "picture credit"
    return None


def _key(text: str) -> str:
    return re.sub(r"\W+", " ", text).strip().lower()


def _strip_dateline(paragraphs: list[str]) -> tuple[list[str], str | None]:
    if not paragraphs or not (match := DATELINE.match(paragraphs[0])):
        return paragraphs, None
    rest = paragraphs[0][match.end() :]
    return [rest, *paragraphs[1:]], match["place"].strip().title()


# --- metadata -------------------------------------------------------------------------------


def _clean_title(title: str | None, site: str | None) -> str:
    """Drop a trailing " | Site" or " - Site" part when it names the site."""
    if not title:
        return ""
    match = TITLE_SUFFIX.search(title)
    if match and site and _key(match["suffix"]) == _key(site):
        return title[: match.start()].strip()
    return title


def _published(tree: HtmlElement, found: str | None) -> dt.date | None:
    """The earliest explicit publication date in the page's metadata, else trafilatura's date."""
    explicit = [date for value in _published_values(tree) if (date := _iso_date(value))]
    if explicit:
        return min(explicit)
    return _iso_date(found) if found else None


def _published_values(tree: HtmlElement) -> Iterator[str]:
    for meta in tree.iter("meta"):
        key = (meta.get("property") or meta.get("name") or "").lower()
        if key in PUBLISHED_META and meta.get("content"):
            yield meta.get("content", "")
    for element in tree.xpath("//*[@itemprop='datePublished']"):
        scope = next((a for a in element.iterancestors() if a.get("itemscope") is not None), None)
        if scope is not None and ARTICLE_TYPES.search(scope.get("itemtype", "")):
            yield element.get("content") or element.get("datetime") or element.text_content()
    for script in tree.xpath("//script[@type='application/ld+json']"):
        yield from _json_ld_dates(script.text_content())


def _json_ld_dates(source: str) -> Iterator[str]:
    try:
        data = json.loads(source)
    except ValueError:
        return
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, dict):
            kinds = item.get("@type", "")
            kinds = " ".join(kinds) if isinstance(kinds, list) else str(kinds)
            if ARTICLE_TYPES.search(kinds) and isinstance(item.get("datePublished"), str):
                yield item["datePublished"]
            stack.extend(v for k, v in item.items() if k in ("@graph", "mainEntity", "mainEntityOfPage"))


def _iso_date(value: str) -> dt.date | None:
    value = value.strip()
    if match := re.match(r"(\d{4})-(\d{2})-(\d{2})", value):
        try:
            return dt.date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            return None
    return parse_date(value)


def _author(tree: HtmlElement, found: str | None) -> str | None:
    """Trafilatura's author, cleaned, or the name in a visible "By ..." byline."""
    names = [name for part in (found or "").split(";") if (name := _clean_author(part))]
    if not names:
        names = [name for name in _byline_names(tree)][:1]
    return ", ".join(dict.fromkeys(names)) or None


def _clean_author(name: str) -> str | None:
    name = _normalise(name)
    name = re.sub(r"^by\s+", "", name, flags=re.IGNORECASE)
    name = AUTHOR_ROLE.sub("", name)
    name = AUTHOR_DATE_TAIL.sub("", name).strip(" ,|-")
    if not name or name.lower() in NOT_A_NAME or not any(c.isalpha() for c in name):
        return None
    if name.isupper() and " " in name:
        name = name.title()
    return name


def _byline_names(tree: HtmlElement) -> Iterator[str]:
    for element in tree.xpath("//*[contains(@class, 'byline') or contains(@class, 'author')]"):
        match = BYLINE_TEXT.match(_normalise(element.text_content()))
        if match and (name := _clean_author(match["name"])) and len(name.split()) <= 6:
            yield name
