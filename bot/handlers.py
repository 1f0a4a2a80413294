"""Telegram handlers: parse the update, ask the library, render, reply."""

from __future__ import annotations

import asyncio
import html
import logging
from collections.abc import Callable

from telegram import LinkPreviewOptions, Message, Update
from telegram.constants import ChatAction
from telegram.ext import ContextTypes

from bot.render import render_html, render_ingested
from bot.services import BotContext
from knowledge.errors import KnowledgeError
from knowledge.models import IngestResult

logger = logging.getLogger(__name__)

NO_PREVIEW = LinkPreviewOptions(is_disabled=True)
MAX_DOCUMENT_BYTES = 5_000_000


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


async def add_link(update: Update, context: BotContext) -> None:
    """A message that is just a link: fetch the article and store it."""
    message = update.effective_message
    if not await _may_add(update, context):
        return
    url = (message.text or "").strip()
    await message.reply_chat_action(ChatAction.TYPING)
    await _report_ingest(message, context, lambda: context.bot_data.library.ingest_url(url))


async def add_document(update: Update, context: BotContext) -> None:
    """A .txt, .html or .pdf file sent to the bot: download it and store the article."""
    message = update.effective_message
    document = message.document
    if document is None or not await _may_add(update, context):
        return
    if document.file_size and document.file_size > MAX_DOCUMENT_BYTES:
        await message.reply_text(
            f"That file is too large; I read files up to {MAX_DOCUMENT_BYTES // 1_000_000} MB."
        )
        return
    await message.reply_chat_action(ChatAction.UPLOAD_DOCUMENT)
    data = bytes(await (await document.get_file()).download_as_bytearray())
    name, mime = document.file_name or "document", document.mime_type

    def ingest() -> IngestResult:
        return context.bot_data.library.ingest_document(data, name, content_type=mime)

    await _report_ingest(message, context, ingest)


async def poll_feeds(context: BotContext) -> None:
    """JobQueue job: ingest what is new in the configured feeds."""
    library = context.bot_data.library
    for url in context.bot_data.settings.feeds:
        try:
            report = await asyncio.to_thread(library.ingest_feed, url)
        except KnowledgeError as error:
            logger.warning("feed %s failed: %s", url, error)
            continue
        logger.info("feed %s: %d new or updated, %d known", url, len(report.results), report.skipped)


async def _may_add(update: Update, context: BotContext) -> bool:
    user = update.effective_user
    if context.bot_data.settings.may_add_articles(user.id if user else None):
        return True
    await update.effective_message.reply_text(
        "Sorry, only the bot's admins can add articles here. You can still ask about the ones I have: /articles"
    )
    return False


async def _report_ingest(message: Message, context: BotContext, ingest: Callable[[], IngestResult]) -> None:
    try:
        result = await asyncio.to_thread(ingest)
    except KnowledgeError as error:
        await message.reply_text(f"I couldn't add that: {error}")
        return
    answer = await asyncio.to_thread(context.bot_data.library.ask, "help", article_id=result.article.id)
    await message.reply_html(render_ingested(result, answer), link_preview_options=NO_PREVIEW)
