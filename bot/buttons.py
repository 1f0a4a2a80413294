"""Inline buttons under answers, summaries and the article list, and the callback data they carry."""

from __future__ import annotations

import re
import zlib
from urllib.parse import quote, urlencode

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.messages import Language, say
from knowledge import MAX_SENTENCES
from knowledge.models import Answer, ArticleInfo, Excerpt

SUMMARY_PREFIX = "sum"
SUMMARY_PATTERN = rf"^{SUMMARY_PREFIX}:"
_SUMMARY_DATA = re.compile(rf"^{SUMMARY_PREFIX}:(\d{{1,18}}):(\d{{1,2}})$")


def summary_data(article_id: int, sentences: int) -> str:
    """The callback data of a button asking for a ``sentences``-long summary of an article (≤ 64 bytes)."""
    return f"{SUMMARY_PREFIX}:{article_id}:{sentences}"


def parse_summary_data(data: str | None) -> tuple[int, int] | None:
    """(article id, sentences) from a summary button's data; None when it is not one we could have sent."""
    match = _SUMMARY_DATA.match(data or "")
    if not match:
        return None
    article_id, sentences = int(match[1]), int(match[2])
    return (article_id, sentences) if 1 <= sentences <= MAX_SENTENCES else None


def summary_keyboard(
    answer: Answer, requested: int, language: Language = "en"
) -> InlineKeyboardMarkup | None:
    """The "« Shorter" and "Longer »" buttons under a summary of ``requested`` sentences, where they apply.

    "Longer" is offered only when the summary got every sentence it asked for (a shorter one
    means the article has no more sentences fit for a summary).
    """
    if answer.article_id is None:
        return None
    shown = len(answer.excerpts)
    buttons = []
    if shown > 1:
        buttons.append(
            InlineKeyboardButton(
                say("shorter", language), callback_data=summary_data(answer.article_id, shown - 1)
            )
        )
    if shown >= requested and requested < MAX_SENTENCES:
        buttons.append(
            InlineKeyboardButton(
                say("longer", language), callback_data=summary_data(answer.article_id, requested + 1)
            )
        )
    return InlineKeyboardMarkup([buttons]) if buttons else None


ARTICLES_PER_PAGE = 5
_PAGE_DATA = re.compile(r"^art:(\d{1,6})$")
_USE_DATA = re.compile(r"^use:(\d{1,18})$")
ARTICLES_PATTERN = r"^(?:art|use):"


def articles_keyboard(articles: list[ArticleInfo], page: int) -> InlineKeyboardMarkup:
    """One button per article on ``page`` (tap: ask about it) and « Prev / Next » to turn pages."""
    first = page * ARTICLES_PER_PAGE
    rows = [
        [InlineKeyboardButton(_label(info), callback_data=f"use:{info.id}")]
        for info in articles[first : first + ARTICLES_PER_PAGE]
    ]
    turn = []
    if page > 0:
        turn.append(InlineKeyboardButton("« Prev", callback_data=f"art:{page - 1}"))
    if first + ARTICLES_PER_PAGE < len(articles):
        turn.append(InlineKeyboardButton("Next »", callback_data=f"art:{page + 1}"))
    return InlineKeyboardMarkup([*rows, turn] if turn else rows)


def parse_articles_data(data: str | None) -> tuple[str, int] | None:
    """("page", n) or ("use", article id) from an article-list button; None when it is not one of ours."""
    if match := _PAGE_DATA.match(data or ""):
        return "page", int(match[1])
    if match := _USE_DATA.match(data or ""):
        return "use", int(match[1])
    return None


def _label(info: ArticleInfo) -> str:
    title = info.title if len(info.title) <= 48 else info.title[:47] + "…"
    return f"#{info.id} {title}"


# Under an answer: "more" pages, suggested questions, the source, sharing, the article's summary and voices.
ANSWER_PATTERN = r"^(?:pg|q|sm|ppl):"
_ANSWER_DATA = re.compile(r"^(pg|q|sm|ppl):(\d{1,18})$")
_ANSWER_KINDS = {"pg": "page", "q": "ask", "sm": "summary", "ppl": "people"}
SUGGESTED_BUTTONS = 3


def question_key(question: str) -> int:
    """A short, stable key for a suggested question, so its button's data stays far below 64 bytes."""
    return zlib.crc32(question.encode())


def parse_answer_data(data: str | None) -> tuple[str, int] | None:
    """("page", n), ("ask", question key), ("summary", article id) or ("people", article id) from a
    button under an answer; None when it is not one we could have sent."""
    match = _ANSWER_DATA.match(data or "")
    return (_ANSWER_KINDS[match[1]], int(match[2])) if match else None


def answer_keyboard(
    answer: Answer,
    *,
    page: int = 0,
    pages: int = 1,
    bot_username: str | None = None,
    language: Language = "en",
) -> InlineKeyboardMarkup | None:
    """The buttons under an answer: « Back / More » across its pages of excerpts, up to three of its
    suggested questions, then, for the article it is about, "Source", "Share", "Summary" and "Who else
    is quoted". None when no button applies."""
    rows: list[list[InlineKeyboardButton]] = []
    turn = []
    if page > 0:
        turn.append(InlineKeyboardButton(say("back", language), callback_data=f"pg:{page - 1}"))
    if page + 1 < pages:
        more_label = say("more", language, page + 2, pages)
        turn.append(InlineKeyboardButton(more_label, callback_data=f"pg:{page + 1}"))
    if turn:
        rows.append(turn)
    rows += [
        [InlineKeyboardButton(text, callback_data=f"q:{question_key(text)}")]
        for text in answer.suggestions[:SUGGESTED_BUTTONS]
    ]
    subject = _subject(answer)
    if subject is not None and answer.intent != "help":
        links = []
        if subject.url:
            links.append(InlineKeyboardButton(say("open_source", language), url=subject.url))
        if bot_username:
            links.append(InlineKeyboardButton(say("share", language), url=share_url(bot_username, subject)))
        if links:
            rows.append(links)
        more = [
            InlineKeyboardButton(
                say("summary_of", language, subject.article_id), callback_data=f"sm:{subject.article_id}"
            )
        ]
        if answer.intent != "people":
            more.append(
                InlineKeyboardButton(say("who_else", language), callback_data=f"ppl:{subject.article_id}")
            )
        rows.append(more)
    return InlineKeyboardMarkup(rows) if rows else None


def article_of_button(data: str | None) -> int | None:
    """The article a button of ours is about (a summary, its people, an article to ask about), if any."""
    if summary := parse_summary_data(data):
        return summary[0]
    answer, listed = parse_answer_data(data), parse_articles_data(data)
    if answer is not None and answer[0] in ("summary", "people"):
        return answer[1]
    if listed is not None and listed[0] == "use":
        return listed[1]
    return None


def deep_link(bot_username: str, article_id: int) -> str:
    """``t.me/<bot>?start=article_<id>``: opens the bot with its questions going to one article."""
    return f"https://t.me/{quote(bot_username)}?start=article_{article_id}"


def share_url(bot_username: str, excerpt: Excerpt) -> str:
    """Telegram's share dialog for the deep link to the excerpt's article, with its title as the text."""
    query = urlencode({"url": deep_link(bot_username, excerpt.article_id), "text": excerpt.title})
    return f"https://t.me/share/url?{query}"


def _subject(answer: Answer) -> Excerpt | None:
    """The excerpt standing for the article an answer is about: the answer's own article, or the
    article of its first excerpt; None when it has no excerpt (a refusal, a list of people)."""
    if not answer.found or not answer.excerpts:
        return None
    for excerpt in answer.excerpts:
        if answer.article_id is None or excerpt.article_id == answer.article_id:
            return excerpt
    return answer.excerpts[0]
