"""Inline buttons under a summary ("shorter" / "longer") and the callback data they carry."""

from __future__ import annotations

import re

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from knowledge.models import Answer, ArticleInfo
from knowledge.summarize import MAX_SENTENCES

SUMMARY_PREFIX = "sum"
SUMMARY_PATTERN = rf"^{SUMMARY_PREFIX}:"
_SUMMARY_DATA = re.compile(rf"^{SUMMARY_PREFIX}:(\d{{1,18}}):(\d{{1,2}})$")
STALE_BUTTON = "That button no longer works. Send /summary again."
GONE_ARTICLE = "That article is no longer stored."


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


def summary_keyboard(answer: Answer, requested: int) -> InlineKeyboardMarkup | None:
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
            InlineKeyboardButton("« Shorter", callback_data=summary_data(answer.article_id, shown - 1))
        )
    if shown >= requested and requested < MAX_SENTENCES:
        buttons.append(
            InlineKeyboardButton("Longer »", callback_data=summary_data(answer.article_id, requested + 1))
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
