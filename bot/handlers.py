"""Telegram handlers: parse the update, ask the library, render, reply."""

from __future__ import annotations

import asyncio
import html
import logging

from telegram import LinkPreviewOptions, Update
from telegram.constants import ChatAction
from telegram.ext import ContextTypes

from bot.render import render_html
from bot.services import BotContext
from knowledge.errors import KnowledgeError

logger = logging.getLogger(__name__)

NO_PREVIEW = LinkPreviewOptions(is_disabled=True)


async def start(update: Update, context: BotContext) -> None:
    """/start and /help: what the bot does, with questions it can answer now."""
    await _answer(update, context, "help")


async def list_articles(update: Update, context: BotContext) -> None:
    """/articles: the stored articles, newest first."""
    await _answer(update, context, "what articles do you have")


async def summary(update: Update, context: BotContext) -> None:
    """/summary [id]: a short summary of one article (the newest by default)."""
    args = context.args or []
    if args and not args[0].isdigit():
        await update.effective_message.reply_text("Usage: /summary [article id], e.g. /summary 3")
        return
    await _answer(update, context, "summary", article_id=int(args[0]) if args else None)


async def who_said(update: Update, context: BotContext) -> None:
    """/who <words>: who said these words?"""
    words = " ".join(context.args or [])
    if not words:
        await update.effective_message.reply_text(
            "Send the words after the command: /who we will not give up"
        )
        return
    await _answer(update, context, f"who said {words}")


async def what_said(update: Update, context: BotContext) -> None:
    """/quotes <person>: what did this person say?"""
    person = " ".join(context.args or [])
    if not person:
        await update.effective_message.reply_text("Send a name after the command: /quotes Smith")
        return
    await _answer(update, context, f"what did {person} say")


async def people(update: Update, context: BotContext) -> None:
    """/people: who is quoted, and in what role."""
    await _answer(update, context, "who is quoted")


async def question(update: Update, context: BotContext) -> None:
    """Any other text: a question in the reader's own words."""
    await _answer(update, context, update.effective_message.text or "")


async def error_handler(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Log the failure with its traceback; tell the user, without details, that it failed."""
    logger.error("update failed", exc_info=context.error)
    if isinstance(update, Update) and update.effective_message:
        await update.effective_message.reply_text("Sorry, something went wrong on my side. Please try again.")


async def _answer(update: Update, context: BotContext, text: str, *, article_id: int | None = None) -> None:
    message = update.effective_message
    await message.reply_chat_action(ChatAction.TYPING)
    try:
        answer = await asyncio.to_thread(context.bot_data.library.ask, text, article_id=article_id)
    except KnowledgeError as error:
        await message.reply_html(html.escape(str(error)))
        return
    for chunk in render_html(answer):
        await message.reply_html(chunk, link_preview_options=NO_PREVIEW)
