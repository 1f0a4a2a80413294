"""Extract an article's text and metadata from an HTML page with trafilatura."""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
import unicodedata
from collections.abc import Iterator
from copy import deepcopy
from typing import Any

import trafilatura
from lxml import etree
from lxml.html import HtmlElement
from trafilatura.deduplication import LRUCache
from trafilatura.utils import load_html

from knowledge.ingest.decode import decode
from knowledge.ingest.textdump import CREDIT, CleanText, split_dateline
from knowledge.text.casing import is_headline_case
from knowledge.text.dates import parse_date
from knowledge.text.furniture import BOILERPLATE_LINE, EXTRACTED_FURNITURE

logger = logging.getLogger(__name__)

Block = tuple[str, str]  # (kind, text): kind is "head", "item" or "p"

# --- parsing ---
# An XML declaration, dropped before parsing: lxml refuses one in text that is already decoded.
XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")

# --- trafilatura ---
# Balanced mode: with the furniture rules below it scored as precise as favor_precision on the
# shared corpus (benchmarks/ingest_eval.py) and kept more of the body; re-run that after changes.
TRAFILATURA_OPTIONS: dict[str, Any] = {
    "with_metadata": True,
    "include_comments": False,
    "include_tables": False,
    "include_images": False,
    "include_links": False,
}
# No extensive search: it turns a footer's "© 2021" into 1 January 2021. Not needed on the corpus.
DATE_OPTIONS = {"original_date": True, "extensive_search": False}
# Teaser cards for other stories: short list items holding a linked headline (a live blog's
# long entries are left alone).
TEASER_XPATH = (
    "//li[string-length(normalize-space(.)) < 800]"
    "[.//*[self::h2 or self::h3 or self::h4][.//a or ancestor::a]]"
)
BLOCK_TAGS = frozenset({"p", "head", "item", "quote", "list", "div", "figure", "note", "code", "table"})
MIN_BODY_WORDS = 40  # fewer words of prose than this and trafilatura has missed the article

# --- body ---
SENTENCE_END = re.compile(r"[.!?…:;][\"'”’»)\]]*$|[\"”’»]$")
# "Follow our coverage at https://…", "Visit www.… for more": promotions that carry a link.
LINK_PROMO = re.compile(
    r"^(?:follow|visit|see|read|find|get|check out|go to|sign up)\b.*(?:https?://|www\.)", re.I
)
SOCIAL_NETWORKS = re.compile(
    r"\b(?:facebook|twitter|instagram|youtube|tiktok|snapchat|linkedin|whatsapp|telegram|pinterest)\b", re.I
)
MAX_PROMO_WORDS = 30
MIN_LABEL_WORDS = 4  # shorter lines without a full stop are captions, credits or widget labels
MAX_HEADLINE_WORDS = 15

# --- metadata ---
TITLE_SUFFIX = re.compile(r"\s+[|\-–—:·•]\s+(?P<suffix>[^|\-–—·•]{2,60})$")
ARTICLE_TYPES = re.compile(r"Article|BlogPosting|Report")
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
URL_DATE = re.compile(
    r"/(?P<year>(?:19|20)\d{2})[/-](?P<month>\d{1,2}|[a-z]{3,9})[/-](?P<day>\d{1,2})(?=[/_.-]|$)",
    re.IGNORECASE,
)
EARLIEST_YEAR = 1990
BYLINE_TEXT = re.compile(r"^\s*by\s*:?\s+(?P<name>.+)$", re.IGNORECASE | re.DOTALL)
BYLINE_XPATH = "//*[contains(@class, 'byline') or contains(@data-testid, 'byline')]"
AUTHOR_XPATH = "//*[@itemprop='author' or @rel='author']"
AUTHOR_ROLE = re.compile(
    r"\s+(?:is an?|is the)\b.*$|"
    r"[\s,|]+(?:senior |chief |staff |political |news |sports |special )*"
    r"(?:reporter|correspondent|editor|writer|contributor|columnist|producer)s?\b.*$",
    re.IGNORECASE,
)
# "Ana Ruiz Thursday, Nov. 9", "Ana Ruiz Updated 5 p.m.", "Ana Ruiz 3:46 PM": a byline run into its date.
AUTHOR_DATE_TAIL = re.compile(
    r"\s+(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day\b|(?:mon|tue|wed|thu|fri|sat|sun)\.?,|"
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d|"
    r"(?:updated|published|posted)\b|\d).*$",
    re.IGNORECASE,
)
MONTHS = frozenset(
    "january february march april may june july august september october november december".split()
)
# "ERIC TUCKER Associated Press": a name in capitals, then the outlet it writes for.
CAPS_NAME_WITH_AFFILIATION = re.compile(r"^(?P<name>[A-Z][A-Z.'’-]+(?:\s+[A-Z][A-Z.'’-]+)+)\s+[A-Z][a-z].*$")
NOT_A_NAME = frozenset({"username", "user", "admin", "administrator", "login", "staff", "editor", "unknown"})
MAX_NAME_WORDS = 6


def extract_html(html: str | bytes, *, url: str | None = None, charset: str | None = None) -> CleanText:
    """Extract the headline, metadata and body paragraphs of a news page.

    ``charset`` is the one the server named in its Content-Type header, if any (for bytes only).
    Returns a ``CleanText`` whose ``paragraphs`` is empty when no article body was found.
    """
    # 1. decode and parse once; trafilatura works on copies of the tree
    text = decode(html, charset=charset, markup=True) if isinstance(html, bytes) else html
    text = XML_DECLARATION.sub("", text, count=1)
    tree = load_html(text)
    if tree is None:  # a bare fragment: trafilatura wants a whole document
        tree = load_html(f"<html><body>{text}</body></html>")
    if tree is None:
        return CleanText(title="", paragraphs=())
    # 2. body blocks: trafilatura, then trafilatura in recall mode, then every <p> of the page
    document = _run_trafilatura(tree, url)
    blocks = _blocks(document)
    if not _has_prose(blocks):
        recall = _run_trafilatura(tree, url, favor_recall=True, prune=False)
        blocks, document = _more_prose(blocks, _blocks(recall)), document or recall
    if not _has_prose(blocks):
        blocks = _more_prose(blocks, _paragraph_fallback(tree))
    if document is None:
        document = trafilatura.extract_metadata(deepcopy(tree), url, _date_options())
    # 3. drop furniture, headings and the headline, then read the dateline off the first paragraph
    site = _attr(document, "sitename")
    title = _clean_title(_attr(document, "title"), site)
    dropped: list[tuple[str, str]] = []
    paragraphs, dateline, _ = split_dateline(_keep_body(blocks, title, dropped))
    for line, reason in dropped:
        logger.debug("dropped %s: %.60s", reason, line)
    # 4. metadata: trafilatura's, checked against the page's own publication metadata
    return CleanText(
        title=title or _first_words(paragraphs),
        paragraphs=tuple(paragraphs),
        publisher=site,
        published=_published(tree, url, _attr(document, "date")),
        dateline=dateline,
        author=_author(tree, _attr(document, "author")),
        url=_canonical_url(tree, _attr(document, "url")) or url,
        dropped=tuple(dropped),
    )


def _run_trafilatura(
    tree: HtmlElement, url: str | None, *, favor_recall: bool = False, prune: bool = True
) -> Any:
    return trafilatura.bare_extraction(
        tree,
        url=url,
        favor_recall=favor_recall,
        deduplicate=LRUCache(maxsize=4096),  # a fresh cache: results must not depend on earlier pages
        prune_xpath=TEASER_XPATH if prune else None,
        date_extraction_params=_date_options(),
        **TRAFILATURA_OPTIONS,
    )


def _date_options() -> dict[str, Any]:
    return {**DATE_OPTIONS, "max_date": dt.date.today().isoformat()}


def _attr(document: Any, name: str) -> str | None:
    value = getattr(document, name, None)
    return (_normalise(value) or None) if isinstance(value, str) else None


def _normalise(text: str) -> str:
    text = (
        unicodedata.normalize("NFC", text).replace("\u00a0", " ").replace("\u200b", "").replace("\ufeff", "")
    )
    return re.sub(r"[ \t\r\f\v]+", " ", text).strip()


# --- body -----------------------------------------------------------------------------------


def _blocks(document: Any) -> list[Block]:
    """The text blocks of trafilatura's body tree in reading order, one per paragraph."""
    body = getattr(document, "body", None)
    if body is None:
        return []
    return [(kind, line) for kind, text in _walk(body, "p") for line in _split_lines(text)]


def _walk(element: etree._Element, kind: str) -> Iterator[Block]:
    """Yield each block's own text; nested blocks (a heading inside a quote) come out on their own."""
    pieces = [element.text or ""]
    for child in element:
        if isinstance(child.tag, str) and _holds_block(child):
            yield kind, "".join(pieces)
            pieces = []
            yield from _walk(child, _kind(child.tag))
        elif isinstance(child.tag, str):
            pieces.append("\n" if child.tag == "lb" else "".join(_inline_text(child)))
        pieces.append(child.tail or "")
    yield kind, "".join(pieces)


def _holds_block(element: etree._Element) -> bool:
    return element.tag in BLOCK_TAGS or any(
        isinstance(e.tag, str) and e.tag in BLOCK_TAGS for e in element.iterdescendants()
    )


def _kind(tag: str) -> str:
    return tag if tag in ("head", "item") else "p"


def _inline_text(element: etree._Element) -> Iterator[str]:
    yield element.text or ""
    for child in element:
        if isinstance(child.tag, str):
            yield "\n" if child.tag == "lb" else "".join(_inline_text(child))
        yield child.tail or ""


def _split_lines(text: str) -> Iterator[str]:
    """Split a block at its line breaks, except where a sentence runs on across one."""
    current = ""
    for line in (_normalise(part) for part in text.split("\n")):
        if not line:
            continue
        if current and not SENTENCE_END.search(current) and line[0].islower():
            current = f"{current} {line}"
        else:
            if current:
                yield current
            current = line
    if current:
        yield current


def _paragraph_fallback(tree: HtmlElement) -> list[Block]:
    """Every <p> of the page outside navigation and scripts, as a last resort."""
    skip = ("nav", "footer", "header", "aside", "script", "style", "form")
    blocks: list[Block] = []
    for p in tree.iter("p"):
        if any(a.tag in skip for a in p.iterancestors()):
            continue
        blocks.extend(("p", line) for line in _split_lines(p.text_content()))
    return blocks


def _prose_words(blocks: list[Block]) -> int:
    return sum(len(text.split()) for kind, text in blocks if kind == "p")


def _has_prose(blocks: list[Block]) -> bool:
    return _prose_words(blocks) >= MIN_BODY_WORDS


def _more_prose(blocks: list[Block], alternative: list[Block]) -> list[Block]:
    return alternative if _prose_words(alternative) > _prose_words(blocks) else blocks


def _keep_body(blocks: list[Block], title: str, dropped: list[tuple[str, str]]) -> list[str]:
    """Keep the body paragraphs: drop furniture, then any lines before the first full sentence."""
    kept: list[str] = []
    title_key = _key(title)
    for i, (kind, text) in enumerate(blocks):
        reason = _furniture(kind, text, title_key, _between_paragraphs(blocks, i))
        if reason:
            dropped.append((text, reason))
        else:
            kept.append(text)
    start = next((i for i, text in enumerate(kept) if _is_sentence(text)), len(kept))
    dropped.extend((text, "page header") for text in kept[:start])
    return kept[start:]


def _furniture(kind: str, text: str, title_key: str, inside_body: bool) -> str | None:
    """Say why a block is not body text (or None when it is)."""
    words = text.split()
    if title_key and _key(text) == title_key:
        return "headline"
    if kind == "head" and not (inside_body and _is_prose(text)):
        return "heading"
    if not any(c.isalnum() for c in text):
        return "punctuation"
    if BOILERPLATE_LINE.match(text) or EXTRACTED_FURNITURE.match(text):
        return "boilerplate"
    if CREDIT.search(text[:80]):
        return "picture credit"
    if LINK_PROMO.match(text) or (len(words) <= MAX_PROMO_WORDS and len(SOCIAL_NETWORKS.findall(text)) >= 2):
        return "promotion"
    if SENTENCE_END.search(text):
        return None
    if len(words) < MIN_LABEL_WORDS:
        return "label or caption"
    if len(words) <= MAX_HEADLINE_WORDS and is_headline_case(words) and "by" not in words:
        return "headline or subhead"
    return None


def _between_paragraphs(blocks: list[Block], i: int) -> bool:
    """A block with a paragraph on each side sits inside the body, not in a teaser list."""
    return 0 < i < len(blocks) - 1 and blocks[i - 1][0] == "p" and blocks[i + 1][0] == "p"


def _is_prose(text: str) -> bool:
    """A full sentence or more: prose that belongs to a story, not a label."""
    words = len(text.split())
    return words >= 25 or (words >= 8 and SENTENCE_END.search(text) is not None)


def _is_sentence(text: str) -> bool:
    """Ends like a sentence, or runs longer than any headline."""
    return len(text.split()) > MAX_HEADLINE_WORDS or SENTENCE_END.search(text) is not None


def _key(text: str) -> str:
    return re.sub(r"\W+", " ", text).strip().lower()


def _first_words(paragraphs: list[str], count: int = 12) -> str:
    words = paragraphs[0].split() if paragraphs else []
    return " ".join(words[:count]) + ("…" if len(words) > count else "")


# --- metadata -------------------------------------------------------------------------------


def _clean_title(title: str | None, site: str | None) -> str:
    """Drop a trailing " | Site" or " - Site" part when it names the site."""
    if not title:
        return ""
    match = TITLE_SUFFIX.search(title)
    if match and site and _key(match["suffix"]) == _key(site):
        return title[: match.start()].strip()
    return title


def _published(tree: HtmlElement, url: str | None, found: str | None) -> dt.date | None:
    """The publication date: from the page's URL, its publication metadata, or trafilatura.

    A date in the URL is the site's own calendar day. A UTC timestamp in the metadata may fall
    on the next day for a site west of Greenwich; trafilatura's date (read from the page's
    text and local times) settles that when it is the day before.
    """
    hint = _iso_date(found) if found else None
    for address in (url, *_canonical_urls(tree)):
        if address and (date := _url_date(address)):
            return date
    explicit = [date for value in _published_values(tree) if (date := _local_date(value, hint))]
    return min(explicit) if explicit else hint


def _canonical_urls(tree: HtmlElement) -> Iterator[str]:
    yield from tree.xpath("//link[@rel='canonical']/@href")
    yield from tree.xpath("//meta[@property='og:url']/@content")


def _canonical_url(tree: HtmlElement, found: str | None) -> str | None:
    """The page's own absolute address, from trafilatura or the canonical link."""
    candidates = (found, *_canonical_urls(tree))
    return next((u.strip() for u in candidates if u and re.match(r"https?://[^/\s]+\.", u.strip())), None)


def _url_date(url: str) -> dt.date | None:
    if not (match := URL_DATE.search(url)):
        return None
    month = match["month"]
    number = int(month) if month.isdigit() else None
    date = (
        _valid(match["year"], number, match["day"])
        if number
        else parse_date(f"{match['day']} {month} {match['year']}")
    )
    return date if date and _is_plausible(date) else None


def _published_values(tree: HtmlElement) -> Iterator[str]:
    """Publication times the page states for the article itself (not for embedded videos)."""
    for meta in tree.iter("meta"):
        key = (meta.get("property") or meta.get("name") or "").lower()
        if key in PUBLISHED_META and meta.get("content"):
            yield meta.get("content", "")
    for element in tree.xpath("//*[@itemprop='datePublished']"):
        scope = next((a for a in element.iterancestors() if a.get("itemscope") is not None), None)
        if scope is None or ARTICLE_TYPES.search(scope.get("itemtype", "")):
            yield element.get("content") or element.get("datetime") or element.text_content()
    for item in _json_ld_articles(tree):
        if isinstance(item.get("datePublished"), str):
            yield item["datePublished"]


def _local_date(value: str, hint: dt.date | None) -> dt.date | None:
    value = value.strip()
    try:
        stamp = dt.datetime.fromisoformat(value)
    except ValueError:
        date = _iso_date(value)
    else:
        date = stamp.date()
        is_utc = stamp.utcoffset() == dt.timedelta(0)
        if is_utc and stamp.hour < 12 and hint and hint.toordinal() == date.toordinal() - 1:
            date = hint
    return date if date and _is_plausible(date) else None


def _iso_date(value: str) -> dt.date | None:
    if match := re.match(r"\s*(\d{4})-(\d{1,2})-(\d{1,2})", value):
        date = _valid(match[1], int(match[2]), match[3])
    else:
        date = parse_date(value)
    return date if date and _is_plausible(date) else None


def _valid(year: str, month: int, day: str) -> dt.date | None:
    try:
        return dt.date(int(year), month, int(day))
    except ValueError:
        return None


def _is_plausible(date: dt.date) -> bool:
    return date.year >= EARLIEST_YEAR and date <= dt.date.today() + dt.timedelta(days=1)


def _json_ld_articles(tree: HtmlElement) -> Iterator[dict[str, Any]]:
    """The article objects in the page's JSON-LD blocks, top level or in an @graph."""
    for script in tree.xpath("//script[@type='application/ld+json']"):
        try:
            data = json.loads(script.text_content())
        except ValueError:
            continue
        stack = [data]
        while stack:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                kinds = item.get("@type", "")
                if ARTICLE_TYPES.search(" ".join(kinds) if isinstance(kinds, list) else str(kinds)):
                    yield item
                stack.extend(v for k, v in item.items() if k in ("@graph", "mainEntity"))


def _author(tree: HtmlElement, found: str | None) -> str | None:
    """The byline: trafilatura's author, else the page's JSON-LD author, else a visible "By ..." line."""
    names = [name for part in re.split(r";|\band\b", found or "") if (name := _clean_author(part))]
    if not names:
        names = [name for raw in _json_ld_authors(tree) if (name := _clean_author(raw))]
    if not names:
        names = list(_byline_names(tree))[:1]
    return ", ".join(dict.fromkeys(names)) or None


def _clean_author(name: str) -> str | None:
    name = _normalise(name)
    name = re.sub(r"^by\s*:?\s+", "", name, flags=re.IGNORECASE)
    name = AUTHOR_ROLE.sub("", name)
    name = AUTHOR_DATE_TAIL.sub("", f" {name} ").strip(" ,|-")
    words = name.split()
    if len(words) >= 3 and words[-1].lower().rstrip(".") in MONTHS:  # a date cut off after its month
        name = " ".join(words[:-1])
    if not name or name.lower() in NOT_A_NAME or len(name.split()) > MAX_NAME_WORDS:
        return None
    if not any(c.isalpha() for c in name) or "@" in name or "://" in name:
        return None
    if match := CAPS_NAME_WITH_AFFILIATION.match(name):
        name = match["name"]
    return name.title() if name.isupper() and " " in name else name


def _json_ld_authors(tree: HtmlElement) -> Iterator[str]:
    for item in _json_ld_articles(tree):
        authors = item.get("author")
        for author in authors if isinstance(authors, list) else [authors]:
            if isinstance(author, str):
                yield author
            elif isinstance(author, dict) and isinstance(author.get("name"), str):
                yield author["name"]


def _byline_names(tree: HtmlElement) -> Iterator[str]:
    """Names in visible bylines: "By Ana Torres" lines, then elements marked as the author."""
    for element in tree.xpath(BYLINE_XPATH):
        match = BYLINE_TEXT.match(_normalise(" ".join(element.itertext())))
        if match and (name := _clean_author(match["name"])):
            yield name
    for element in tree.xpath(AUTHOR_XPATH):
        if name := _clean_author(" ".join(element.itertext())):
            yield name
