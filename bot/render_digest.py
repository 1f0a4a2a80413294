"""Render a ``Digest`` as Telegram HTML messages or as plain text: one item per story, every report linked."""

from __future__ import annotations

import datetime as dt

from bot.render import Format, HtmlFormat, PlainFormat, split_blocks
from knowledge import Digest, DigestItem, text_fragment_url
from knowledge.models import ArticleInfo


def render_digest_html(digest: Digest) -> list[str]:
    """Telegram HTML messages for ``digest``, split between items."""
    return split_blocks(digest_blocks(digest, HtmlFormat()))


def render_digest_plain(digest: Digest) -> str:
    """The digest as a person reads it in a terminal."""
    return "\n\n".join(digest_blocks(digest, PlainFormat()))


def digest_blocks(digest: Digest, fmt: Format) -> list[str]:
    """A heading, then one block per story: title, one or two sentences, and the reports of it."""
    scope = _scope(digest)
    if not digest.items:
        return [fmt.text(f"I have no articles {scope}." if scope else "I have no articles yet.")]
    shown = len(digest.items)
    stories = f"{shown} of {digest.stories}" if shown < digest.stories else str(shown)
    counts = f"{stories} stor{'y' if digest.stories == 1 else 'ies'}, from {digest.articles} article(s)"
    heading = f"Stories {scope}" if scope else "Latest stories"
    blocks = [f"{fmt.bold(heading)} {fmt.text(f'({counts}):')}"]
    blocks += [_item_block(n, item, fmt) for n, item in enumerate(digest.items, start=1)]
    return blocks


def _scope(digest: Digest) -> str:
    parts = []
    if digest.topic:
        parts.append(f"about “{digest.topic}”")
    if digest.days is not None:
        parts.append(f"from the last {digest.days} day{'s' if digest.days != 1 else ''}")
    return " ".join(parts)


def _item_block(number: int, item: DigestItem, fmt: Format) -> str:
    lines = [f"{number}. {fmt.bold(item.title)}", *(fmt.text(s) for s in item.sentences)]
    if item.url and item.sentences and isinstance(fmt, HtmlFormat):  # open the story at its lead
        lines[1] += " " + fmt.link("↗", text_fragment_url(item.url, item.sentences[0]))
    label = "Report" if len(item.reports) == 1 else f"{len(item.reports)} reports"
    lines.append(f"{fmt.text(label + ':')} " + fmt.text(" · ").join(_report(r, fmt) for r in item.reports))
    return "\n".join(lines)


def _report(report: ArticleInfo, fmt: Format) -> str:
    label = ", ".join(x for x in (report.publisher, _date(report.published)) if x) or report.title
    if report.url:
        return fmt.link(label, report.url)
    return fmt.text(f"#{report.id} {label}")


def _date(value: dt.date | None) -> str | None:
    return f"{value.day} {value:%B %Y}" if value else None
