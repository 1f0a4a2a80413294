"""Inline buttons under a summary ("shorter" / "longer") and the callback data they carry."""

from __future__ import annotations

import re

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from knowledge.models import Answer
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
