"""Render an ``Answer`` as Telegram HTML messages or as plain text for the console."""

from __future__ import annotations

import datetime as dt
import html
import re
from dataclasses import replace
from typing import Protocol

from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InlineQueryResultArticle,
    InputTextMessageContent,
    LinkPreviewOptions,
)
from telegram.constants import MessageLimit

from bot.messages import Language, date_in, lead_of, say
from knowledge import text_fragment_url
from knowledge.models import Answer, ArticleInfo, Excerpt, IngestResult, Stats, Voice

MAX_LENGTH = MessageLimit.MAX_TEXT_LENGTH
_NO_PREVIEW = LinkPreviewOptions(is_disabled=True)
_QUOTE_LIMIT = 1200  # one excerpt never fills a message on its own
_VOICES_PER_BLOCK = 8  # a list of people is one paragraph of up to this many lines (messages split between)


class Format(Protocol):
    """How text, emphasis, excerpts and links are written in one output medium, and in which language its
    own words are (``bot.messages``)."""

    language: Language

    def text(self, value: str) -> str: ...
    def bold(self, value: str) -> str: ...
    def italic(self, value: str) -> str: ...
    def quote(self, value: str, *, expandable: bool = False) -> str: ...
    def box(self, markup: str, *, expandable: bool = False) -> str: ...
    def link(self, label: str, url: str) -> str: ...


class HtmlFormat:
    """Telegram's HTML parse mode; every piece of article text is escaped here."""

    def __init__(self, language: Language = "en") -> None:
        self.language = language

    def text(self, value: str) -> str:
        return html.escape(value, quote=False)

    def bold(self, value: str) -> str:
        return f"<b>{self.text(value)}</b>"

    def italic(self, value: str) -> str:
        return f"<i>{self.text(value)}</i>"

    def quote(self, value: str, *, expandable: bool = False) -> str:
        tag = "blockquote expandable" if expandable else "blockquote"
        return f"<{tag}>{self.text(value)}</blockquote>"

    def box(self, markup: str, *, expandable: bool = False) -> str:
        """A blockquote around text already formatted (bold names, links)."""
        tag = "blockquote expandable" if expandable else "blockquote"
        return f"<{tag}>{markup}</blockquote>"

    def link(self, label: str, url: str) -> str:
        return f'<a href="{html.escape(url, quote=True)}">{self.text(label)}</a>'


class PlainFormat:
    """Plain text for terminals and JSON."""

    def __init__(self, language: Language = "en") -> None:
        self.language = language

    def text(self, value: str) -> str:
        return value

    def bold(self, value: str) -> str:
        return value

    def italic(self, value: str) -> str:
        return value

    def quote(self, value: str, *, expandable: bool = False) -> str:
        return "\n".join(f"  > {line}" for line in value.splitlines() or [""])

    def box(self, markup: str, *, expandable: bool = False) -> str:
        return "\n".join(f"  {line}" for line in markup.splitlines() or [""])

    def link(self, label: str, url: str) -> str:
        return f"{label}: {url}"


def render_html(answer: Answer, *, suggestion_buttons: int = 0, language: Language = "en") -> list[str]:
    """Telegram HTML messages for ``answer``, split between blocks, never inside a tag; its first
    ``suggestion_buttons`` suggestions are left to the buttons under it."""
    return split_blocks(answer_blocks(answer, HtmlFormat(language), suggestion_buttons=suggestion_buttons))


EXCERPTS_PER_PAGE = 3  # an answer with more excerpts is shown a page at a time, with a "More" button
_PAGE_CLIPS = (_QUOTE_LIMIT, 800, 500, 300)  # excerpts are clipped shorter until a page fits one message


def page_count(answer: Answer, per_page: int = EXCERPTS_PER_PAGE) -> int:
    """How many pages of excerpts ``answer`` has (summaries are one page; their buttons change length)."""
    if answer.intent == "summary" and answer.found:
        return 1
    return max(1, -(-len(answer.excerpts) // per_page))


def render_page_html(
    answer: Answer,
    page: int,
    per_page: int = EXCERPTS_PER_PAGE,
    *,
    suggestion_buttons: int = 0,
    language: Language = "en",
) -> str:
    """One page of a long answer as one Telegram message (so "More" can edit it): the lead with which
    excerpts these are, the page's excerpts, then the rest of the answer."""
    pages = page_count(answer, per_page)
    page = min(max(page, 0), pages - 1)
    first = page * per_page
    shown = answer.excerpts[first : first + per_page]
    which = say("which", language, first + 1, first + len(shown), len(answer.excerpts))
    said = lead_of(answer, language)
    lead = f"{said.removesuffix(':')} {which}" + (":" if said.endswith(":") else "")
    blocks: list[str] = []
    for clip in _PAGE_CLIPS:
        clipped = tuple(replace(e, text=_clip(e.text, clip)) for e in shown)
        paged = replace(answer, lead=lead, lead_key="", excerpts=clipped)
        blocks = answer_blocks(paged, HtmlFormat(language), suggestion_buttons=suggestion_buttons)
        if len("\n\n".join(blocks)) <= MAX_LENGTH:
            break
    return split_blocks(blocks)[0]


def render_plain(answer: Answer, language: Language = "en") -> str:
    """The answer as a person reads it in a terminal."""
    return "\n\n".join(answer_blocks(answer, PlainFormat(language)))


def split_blocks(blocks: list[str], limit: int = MAX_LENGTH) -> list[str]:
    """Join blocks into messages of at most ``limit`` characters, breaking only between blocks."""
    messages: list[str] = []
    current = ""
    for block in blocks:
        block = block if len(block) <= limit else trim_html(block, limit)
        candidate = f"{current}\n\n{block}" if current else block
        if len(candidate) > limit:
            messages.append(current)
            candidate = block
        current = candidate
    if current:
        messages.append(current)
    return messages or [""]


_TAG = re.compile(r"<(/?)([a-z]+)[^>]*>")


def trim_html(markup: str, limit: int) -> str:
    """Cut Telegram HTML to at most ``limit`` characters with "…", never inside a tag or an entity,
    closing the tags left open (Telegram rejects a message with an unclosed tag)."""
    room = limit - 1
    while room > 0:
        cut = re.sub(r"<[^>]*$|&[#\w]*$", "", markup[:room])  # no half tag or half entity
        open_tags: list[str] = []
        for match in _TAG.finditer(cut):
            if match[1]:
                if open_tags and open_tags[-1] == match[2]:
                    open_tags.pop()
            else:
                open_tags.append(match[2])
        closing = "".join(f"</{tag}>" for tag in reversed(open_tags))
        trimmed = cut + "…" + closing
        if len(trimmed) <= limit:
            return trimmed
        room -= len(trimmed) - limit
    return "…"


def answer_blocks(answer: Answer, fmt: Format, *, suggestion_buttons: int = 0) -> list[str]:
    """The answer as paragraphs ("blocks") in the given format (its first ``suggestion_buttons``
    suggestions are not listed: they are buttons under the message)."""
    if answer.intent == "summary" and answer.found:
        return summary_blocks(answer, fmt)
    lead = lead_of(answer, fmt.language)
    blocks = [fmt.bold(lead) if answer.found else fmt.text(lead)]
    several = len({e.article_id for e in answer.excerpts}) > 1  # then each excerpt names its article
    blocks += [_excerpt_block(e, fmt, name_article=several) for e in answer.excerpts]
    if answer.intent in ("summary",) and answer.voices:
        blocks.append(fmt.bold(say("key_voices", fmt.language)))
    several_voices = len({v.article_id for v in answer.voices}) > 1  # then each names its article
    voices = [
        _voice_block(v, fmt, with_sample=answer.intent == "summary", name_article=several_voices)
        for v in answer.voices
    ]
    blocks += ["\n".join(voices[i : i + _VOICES_PER_BLOCK]) for i in range(0, len(voices), _VOICES_PER_BLOCK)]
    blocks += [_article_line(a, fmt) for a in answer.articles]
    unlinked = {e.article_id: e for e in answer.excerpts if not e.url and not several}
    blocks += [fmt.italic(_source_label(e, fmt)) for e in unlinked.values()]
    if answer.suggestions:
        blocks.append(_suggestions_block(answer.suggestions, fmt, suggestion_buttons))
    return blocks


def _suggestions_block(suggestions: tuple[str, ...], fmt: Format, buttons: int) -> str:
    listed = suggestions[buttons:]
    if not listed:
        return fmt.text(say("tap_below", fmt.language))
    tries = "\n".join(f"• {fmt.text(s)}" for s in listed)
    return f"{fmt.text(say('tap_or_ask' if buttons else 'you_can_ask', fmt.language))}\n{tries}"


def _excerpt_block(excerpt: Excerpt, fmt: Format, *, name_article: bool = False) -> str:
    lines: list[str] = []
    if excerpt.speaker:
        verb = say("said" if excerpt.kind != "indirect" else "said_reported", fmt.language)
        who = fmt.bold(excerpt.speaker)
        role = f", {fmt.text(excerpt.speaker_role)}," if excerpt.speaker_role else ""
        lines.append(f"{who}{role} {fmt.text(verb)}:")
    text = excerpt.text if len(excerpt.text) <= _QUOTE_LIMIT else excerpt.text[:_QUOTE_LIMIT] + "…"
    if excerpt.kind in ("direct", "partial"):
        text = f"“{text}”"
    lines.append(fmt.quote(text))
    if excerpt.url:
        lines.append(
            fmt.link(
                say("open_in", fmt.language, _short(excerpt.title)),
                text_fragment_url(excerpt.url, excerpt.text, context=excerpt.context),
            )
        )
    elif name_article:
        lines.append(fmt.italic(f"#{excerpt.article_id} {_source_label(excerpt, fmt, bare=True)}"))
    return "\n".join(lines)


def _voice_block(voice: Voice, fmt: Format, *, with_sample: bool, name_article: bool = False) -> str:
    speaker = voice.speaker
    line = f"• {fmt.bold(speaker.name)}"
    if speaker.role:
        line += f" — {fmt.text(speaker.role)}"
    if voice.quotes:
        line += fmt.text(f" ({_quotes(voice.quotes, fmt.language)})")
    if name_article:
        line += fmt.text(" " + say("in_article", fmt.language, voice.article_id))
    if with_sample and voice.sample:
        line += "\n" + fmt.quote(f"“{voice.sample}”", expandable=len(voice.sample) > 200)
    return line


_VOICES_LONG = 300  # characters of samples (or more than two voices): the voices fold away
_SAMPLE_LIMIT = 400


def render_summary_html(answer: Answer, limit: int = MAX_LENGTH, language: Language = "en") -> str:
    """A summary as one Telegram message (so its buttons can edit it): the last voices, then the
    last sentences, are left out when the whole would not fit."""
    fmt = HtmlFormat(language)
    for keep in range(len(answer.voices), -1, -1):
        message = "\n\n".join(summary_blocks(replace(answer, voices=answer.voices[:keep]), fmt))
        if len(message) <= limit:
            return message
    excerpts = answer.excerpts
    while len(excerpts) > 1:
        excerpts = excerpts[:-1]
        message = "\n\n".join(summary_blocks(replace(answer, voices=(), excerpts=excerpts), fmt))
        if len(message) <= limit:
            return message
    return split_blocks(summary_blocks(replace(answer, voices=()), fmt), limit)[0]


def summary_blocks(answer: Answer, fmt: Format) -> list[str]:
    """A summary: its sentences in one quote, where they come from, then the key voices with one quote
    each (linked to its passage), folded into an expandable quote when long."""
    blocks = [fmt.bold(lead_of(answer, fmt.language))]
    if answer.excerpts:
        text = "\n".join(_clip(e.text, _QUOTE_LIMIT) for e in answer.excerpts)
        blocks.append(fmt.quote(text))
        first = answer.excerpts[0]
        if first.url:
            meta = ", ".join(x for x in (first.publisher, _date(first.published, fmt.language)) if x)
            source = fmt.link(say("read", fmt.language, _short(first.title)), first.url)
            blocks.append(source + (fmt.text(f" — {meta}") if meta else ""))
        else:
            blocks.append(fmt.italic(_source_label(first, fmt)))
    if answer.voices:
        lines = "\n".join(_summary_voice(v, fmt) for v in answer.voices)
        samples = sum(len(v.sample or "") for v in answer.voices)
        if len(answer.voices) > 2 or samples > _VOICES_LONG:
            lines = fmt.box(lines, expandable=True)
        blocks.append(f"{fmt.bold(say('key_voices', fmt.language))}\n{lines}")
    return blocks


def _summary_voice(voice: Voice, fmt: Format) -> str:
    line = _voice_block(voice, fmt, with_sample=False)
    if voice.sample:
        line += "\n" + fmt.italic(f"“{_clip(voice.sample, _SAMPLE_LIMIT)}”")
        if voice.url and isinstance(fmt, HtmlFormat):
            line += " " + fmt.link("↗", text_fragment_url(voice.url, voice.sample))
    return line


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _article_line(article: ArticleInfo, fmt: Format) -> str:
    meta = ", ".join(x for x in (article.publisher, _date(article.published, fmt.language)) if x)
    line = f"#{article.id} {fmt.bold(article.title)}"
    if meta:
        line += f" — {fmt.text(meta)}"
    if article.url:
        line += "\n" + fmt.link(say("source_link", fmt.language), article.url)
    return line


def _source_label(excerpt: Excerpt, fmt: Format, *, bare: bool = False) -> str:
    title = f"“{excerpt.title}”" if bare else say("source", fmt.language, excerpt.title)
    parts = [title, excerpt.publisher, _date(excerpt.published, fmt.language)]
    return ", ".join(p for p in parts if p)


def _quotes(count: int, language: Language) -> str:
    return say("quote" if count == 1 else "quotes", language, count)


def _date(value: dt.date | None, language: Language = "en") -> str | None:
    return date_in(value, language) if value else None


def _short(title: str, limit: int = 60) -> str:
    return title if len(title) <= limit else title[: limit - 1] + "…"


def render_scope(article: ArticleInfo | None) -> str:
    """The reply to /use: which article questions now go to (None: every article)."""
    fmt = HtmlFormat()
    if article is None:
        return fmt.text("Questions now go to every article. Choose one with /use ID (ids: /articles).")
    return f"Questions now go to #{article.id} {fmt.bold(article.title)}.\n" + fmt.text(
        "Send /use all to ask about every article again."
    )


def render_ingested(
    result: IngestResult, help_answer: Answer, *, suggestion_buttons: int = 0, language: Language = "en"
) -> str:
    """The reply to an article sent in chat: what was stored, and what can now be asked (its first
    ``suggestion_buttons`` suggestions are buttons under the message)."""
    fmt = HtmlFormat(language)
    info = result.article
    verb = {"added": "Added", "updated": "Updated", "unchanged": "I already have"}[result.status]
    lines = [f"{verb} #{info.id} {fmt.bold(info.title)}"]
    meta = ", ".join(x for x in (info.publisher, _date(info.published, language)) if x)
    if meta:
        lines.append(fmt.text(meta))
    lines.append(fmt.text(f"{info.sentences} sentences, {info.quotes} quotes."))
    if help_answer.suggestions:
        lines.append(_suggestions_block(help_answer.suggestions, fmt, suggestion_buttons))
    return "\n".join(lines)


def render_stats(stats: Stats) -> str:
    """The admins' /stats message."""
    return (
        f"<b>Articles:</b> {stats.articles}\n<b>Quotes:</b> {stats.quotes}\n"
        f"<b>Questions asked:</b> {stats.questions}\n"
        f"<b>Unanswered:</b> {stats.unanswered} ({stats.unanswered_rate:.0%})"
    )


INLINE_RESULTS = 10  # cards offered for one inline query (Telegram allows 50)


def render_inline(answer: Answer | None, articles: list[ArticleInfo]) -> list[InlineQueryResultArticle]:
    """Cards for inline mode: one per excerpt of ``answer`` (speaker, excerpt, source), or, for an
    empty query (``answer`` None), the most recent articles."""
    if answer is None:
        return [
            InlineQueryResultArticle(
                id=f"a{info.id}",
                title=info.title,
                description=", ".join(x for x in (info.publisher, _date(info.published)) if x) or None,
                input_message_content=InputTextMessageContent(
                    _article_line(info, HtmlFormat()), parse_mode="HTML", link_preview_options=_NO_PREVIEW
                ),
            )
            for info in articles[:INLINE_RESULTS]
        ]
    if not answer.found or not answer.excerpts:
        return [
            InlineQueryResultArticle(
                id="none",
                title="No answer in my articles",
                description=answer.lead,
                input_message_content=InputTextMessageContent(
                    HtmlFormat().text(answer.lead), parse_mode="HTML"
                ),
            )
        ]
    cards = []
    for i, excerpt in enumerate(answer.excerpts[:INLINE_RESULTS]):
        single = replace(answer, excerpts=(excerpt,), voices=(), suggestions=())
        cards.append(
            InlineQueryResultArticle(
                id=f"e{i}",
                title=excerpt.speaker or excerpt.title,
                description=_short(excerpt.text, 120),
                input_message_content=InputTextMessageContent(
                    render_html(single)[0], parse_mode="HTML", link_preview_options=_NO_PREVIEW
                ),
                reply_markup=_source_button(excerpt.url),
            )
        )
    return cards


def _source_button(url: str | None) -> InlineKeyboardMarkup | None:
    return InlineKeyboardMarkup([[InlineKeyboardButton("Open source ↗", url=url)]]) if url else None


def render_articles_page(articles: list[ArticleInfo], page: int, per_page: int) -> str:
    """The /articles message for one page: how many there are and the page's entries."""
    fmt = HtmlFormat()
    if not articles:
        return fmt.text("I have no articles yet. Send me a link or a .txt/.html/.pdf file.")
    pages = (len(articles) + per_page - 1) // per_page
    shown = articles[page * per_page : (page + 1) * per_page]
    head = fmt.bold(f"{len(articles)} article(s), page {page + 1} of {pages}. Tap one to ask about it:")
    return "\n\n".join([head, *(_article_line(info, fmt) for info in shown)])
