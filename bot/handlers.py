"""Telegram handlers: parse the update, ask the library, render, reply."""

from __future__ import annotations

import asyncio
import contextlib
import html
import logging
import re
from collections.abc import Callable
from typing import TypeVar

import httpx
from telegram import CallbackQuery, Document, InlineKeyboardMarkup, LinkPreviewOptions, Message, Update
from telegram.constants import ChatAction, ParseMode
from telegram.error import BadRequest, TelegramError
from telegram.ext import ApplicationHandlerStop

from bot.buttons import (
    ARTICLES_PER_PAGE,
    SUGGESTED_BUTTONS,
    answer_keyboard,
    article_of_button,
    articles_keyboard,
    deep_link,
    parse_answer_data,
    parse_articles_data,
    parse_summary_data,
    question_key,
    summary_keyboard,
)
from bot.context import BotContext
from bot.messages import Language, language_of, say
from bot.render import (
    INLINE_RESULTS,
    page_count,
    render_articles_page,
    render_html,
    render_ingested,
    render_inline,
    render_page_html,
    render_scope,
    render_stats,
    render_summary_html,
)
from bot.render_digest import render_digest_html
from bot.sending import ReplyLostError
from knowledge import DEFAULT_SENTENCES, Question
from knowledge.errors import KnowledgeError, NotFoundError
from knowledge.models import Answer, IngestResult

logger = logging.getLogger(__name__)

NO_PREVIEW = LinkPreviewOptions(is_disabled=True)
DEEP_LINK = re.compile(r"article_(\d{1,12})")  # t.me/<bot>?start=article_<id>
MAX_DOCUMENT_BYTES = 5_000_000  # counted as the file arrives, whatever size Telegram announces
MAX_QUESTION_CHARS = 1000  # longer questions are refused before any work (the longest quote fits)
INGEST_SECONDS = 60.0  # a link or a document still not read by then: the reader is told, nobody waits
VECTOR_BATCH = (
    5  # articles whose sentence vectors one background run makes (~6 s of one core: under VECTOR_INTERVAL)
)
DOWNLOAD_TIMEOUT = httpx.Timeout(30.0, connect=5.0)
TOO_LARGE = f"That file is too large; I read files up to {MAX_DOCUMENT_BYTES // 1_000_000} MB."
TOO_SLOW = (
    "That is taking me too long to read, so I stopped waiting for it. "
    "If it finishes later it will show up in /articles."
)

T = TypeVar("T")


class MissingPartError(LookupError):
    """An update lacks what its handler was registered for (a message, a button press, an inline query)."""


def _required(part: T | None, name: str) -> T:
    """``part`` of the update, which the handler's registration guarantees; raise if it is missing."""
    if part is None:
        raise MissingPartError(f"the update has no {name}")
    return part


def _message(update: Update) -> Message:
    """The message a command, a text or a file came in (or the bot's message under a tapped button)."""
    return _required(update.effective_message, "message")


def _callback_query(update: Update) -> CallbackQuery:
    """The button press a ``CallbackQueryHandler`` was called for."""
    return _required(update.callback_query, "callback query")


async def start(update: Update, context: BotContext) -> None:
    """/start and /help: what the bot does; `/start article_<id>` (a deep link) opens one article."""
    payload = (context.args or [""])[0]
    if match := DEEP_LINK.fullmatch(payload):
        context.args = [match.group(1)]
        await use_article(update, context)
        return
    await _answer(update, context, Question.help())


async def list_articles(update: Update, context: BotContext) -> None:
    """/articles: the stored articles, newest first, a page at a time, each a button to ask about it."""
    articles = await asyncio.to_thread(context.bot_data.library.articles)
    await _message(update).reply_html(
        render_articles_page(articles, 0, ARTICLES_PER_PAGE),
        reply_markup=articles_keyboard(articles, 0) if articles else None,
        link_preview_options=NO_PREVIEW,
    )


async def articles_button(update: Update, context: BotContext) -> None:
    """A tap under /articles: turn the page (editing the same message), or ask about that article."""
    query, library = _callback_query(update), context.bot_data.library
    if query.message is None:
        await _inline_message_button(query, context)
        return
    parsed, message = parse_articles_data(query.data), update.effective_message
    if parsed is None or message is None:
        await query.answer(say("stale_button", _language(update)))
        return
    kind, value = parsed
    if kind == "page":
        articles = await asyncio.to_thread(library.articles)
        page = min(value, max(0, (len(articles) - 1) // ARTICLES_PER_PAGE))
        await query.answer()
        await query.edit_message_text(
            render_articles_page(articles, page, ARTICLES_PER_PAGE),
            parse_mode="HTML",
            reply_markup=articles_keyboard(articles, page) if articles else None,
            link_preview_options=NO_PREVIEW,
        )
        return
    try:
        info = await asyncio.to_thread(library.use_article, message.chat_id, value)
    except KnowledgeError:
        await query.answer(say("gone_article", _language(update)))
        return
    await query.answer(f"Questions now go to #{value}")
    await message.reply_html(render_scope(info), link_preview_options=NO_PREVIEW)


async def stats(update: Update, context: BotContext) -> None:
    """/stats (admins only): articles, quotes, questions asked and the unanswered rate."""
    figures = await asyncio.to_thread(context.bot_data.library.stats)
    await _message(update).reply_html(render_stats(figures))


async def remove(update: Update, context: BotContext) -> None:
    """/remove <id> (admins only): delete an article and everything parsed from it."""
    message, args = _message(update), context.args or []
    if len(args) != 1 or not args[0].isdigit():
        await message.reply_text("Usage: /remove <article id>, e.g. /remove 3")
        return
    removed = await asyncio.to_thread(context.bot_data.library.remove, int(args[0]))
    await message.reply_text(
        f"Removed article #{args[0]}." if removed else f"There is no article #{args[0]}."
    )


async def summary(update: Update, context: BotContext) -> None:
    """/summary [id]: a short summary of one article (the newest by default)."""
    args = context.args or []
    if args and not args[0].isdigit():
        await _message(update).reply_text("Usage: /summary [article id], e.g. /summary 3")
        return
    await _answer(update, context, Question.summary(article_id=int(args[0]) if args else None))


async def summary_button(update: Update, context: BotContext) -> None:
    """A "shorter" / "longer" button under a summary: edit that message to the new length."""
    query = _callback_query(update)
    if query.message is None:
        await _inline_message_button(query, context)
        return
    request, language = parse_summary_data(query.data), _language(update)
    if request is None:
        await query.answer(say("stale_button", language))
        return
    article_id, sentences = request
    library = context.bot_data.library
    try:
        answer = await asyncio.to_thread(
            library.ask, Question.summary(article_id=article_id), summary_sentences=sentences
        )
    except NotFoundError:
        await query.answer(say("gone_article", language))
        return
    await query.answer()  # stop the button's spinner (the Bot API expects an answer to every query)
    await _edit(
        query,
        render_summary_html(answer, language=language),
        summary_keyboard(answer, sentences, language),
    )


async def stale_button(update: Update, context: BotContext) -> None:
    """Any other button press (from an older version of the bot): say it no longer works."""
    query = _callback_query(update)
    if query.message is None:
        await _inline_message_button(query, context)
        return
    await query.answer(say("stale_button", _language(update)))


async def _inline_message_button(query: CallbackQuery, context: BotContext) -> None:
    """A button under a message sent in inline mode (Telegram gives only ``inline_message_id``: no chat
    to answer in, no stored answer behind it): open the bot's own chat, on the button's article if any."""
    username = context.bot.username
    article_id = article_of_button(query.data)
    if article_id is not None and username:
        await query.answer(url=deep_link(username, article_id))  # t.me/<bot>?start=article_<id>
    else:
        await query.answer(f"Open a chat with me, @{username}, to use this button." if username else None)


async def digest(update: Update, context: BotContext) -> None:
    """/digest [topic]: the latest stories (or those on a topic), one item per story with every report."""
    message = _message(update)
    topic = " ".join(context.args or []) or None
    await message.reply_chat_action(ChatAction.TYPING)
    result = await asyncio.to_thread(context.bot_data.library.digest, topic)
    for chunk in render_digest_html(result):
        await message.reply_html(chunk, link_preview_options=NO_PREVIEW)


async def who_said(update: Update, context: BotContext) -> None:
    """/who <words>: who said these words?"""
    words = " ".join(context.args or [])
    if not words:
        await _message(update).reply_text("Send the words after the command: /who we will not give up")
        return
    if len(words) > MAX_QUESTION_CHARS:
        await _message(update).reply_text(say("too_long", _language(update), MAX_QUESTION_CHARS))
        return
    await _answer(update, context, Question.who_said(words))


async def what_said(update: Update, context: BotContext) -> None:
    """/quotes <person>: what did this person say?"""
    person = " ".join(context.args or [])
    if not person:
        await _message(update).reply_text("Send a name after the command: /quotes Smith")
        return
    if len(person) > MAX_QUESTION_CHARS:
        await _message(update).reply_text(say("too_long", _language(update), MAX_QUESTION_CHARS))
        return
    await _answer(update, context, Question.what_said(person))


async def use_article(update: Update, context: BotContext) -> None:
    """/use ID: ask about one article from now on; /use all: about every article again."""
    message, args = _message(update), context.args or []
    if args and not args[0].isdigit() and args[0].lower() not in ("all", "none", "off"):
        await message.reply_text("Usage: /use 3 (an id from /articles), or /use all")
        return
    article_id = int(args[0]) if args and args[0].isdigit() else None
    try:
        info = await asyncio.to_thread(context.bot_data.library.use_article, message.chat_id, article_id)
    except KnowledgeError as error:
        await message.reply_text(str(error))
        return
    await message.reply_html(render_scope(info), link_preview_options=NO_PREVIEW)


async def people(update: Update, context: BotContext) -> None:
    """/people: who is quoted, and in what role."""
    await _answer(update, context, Question.people())


async def question(update: Update, context: BotContext) -> None:
    """Any other text: a question in the reader's own words (in groups, "@bot" is left out)."""
    text = _message(update).text or ""
    text = re.sub(rf"@{re.escape(context.bot.username or '')}\b", "", text, flags=re.IGNORECASE).strip()
    await _answer(update, context, text)


async def inline_query(update: Update, context: BotContext) -> None:
    """Inline mode (`@bot who said …` in any chat): answer cards; an empty query lists recent articles."""
    query = _required(update.inline_query, "inline query")
    text, library = query.query.strip()[:MAX_QUESTION_CHARS], context.bot_data.library
    if text:
        answer = await asyncio.to_thread(library.ask, text)
        await query.answer(render_inline(answer, []), cache_time=30)
    else:
        articles = await asyncio.to_thread(library.articles, limit=INLINE_RESULTS)
        await query.answer(render_inline(None, articles), cache_time=30)


async def error_handler(update: object, context: BotContext) -> None:
    """Log the failure with its traceback and tell the user, without details, that it failed; a reply
    lost after its retries is logged once (by bot/sending.py) and not apologised for, since the apology
    would be lost too. Never raises: a failing apology is logged in one line."""
    if isinstance(context.error, ReplyLostError):
        return
    logger.error("update failed", exc_info=context.error)
    if not isinstance(update, Update):
        return
    try:
        if update.effective_message is not None:
            await update.effective_message.reply_text(say("sorry", _language(update)))
        elif update.callback_query is not None:  # a button under an inline-mode message: no chat
            await update.callback_query.answer(say("sorry", _language(update)))
    except ReplyLostError:
        pass  # logged once where it was lost
    except Exception as error:  # the handler of last resort must not fail in turn
        logger.warning("could not tell chat %s about the failure: %r", _chat_id(update), error)


def _chat_id(update: Update) -> int | None:
    return update.effective_chat.id if update.effective_chat else None


async def answer_button(update: Update, context: BotContext) -> None:
    """A tap under an answer: another page of it, one of its suggested questions, or the summary or
    the people of the article it is about."""
    query, library = _callback_query(update), context.bot_data.library
    if query.message is None:
        await _inline_message_button(query, context)
        return
    parsed, language = parse_answer_data(query.data), _language(update)
    if parsed is None or query.message is None:
        await query.answer(say("stale_button", language))
        return
    kind, value = parsed
    if kind in ("summary", "people"):
        await query.answer()
        typed = Question.summary if kind == "summary" else Question.people
        await _answer(update, context, typed(article_id=value))
        return
    try:
        last = await asyncio.to_thread(library.last_answer, query.message.chat.id, query.message.message_id)
    except NotFoundError:
        await query.answer(say("gone_article", language))
        return
    if last is None:
        await query.answer(say("old_answer", language))
        return
    if kind == "page":
        await query.answer()
        text = render_page_html(last.answer, value, suggestion_buttons=SUGGESTED_BUTTONS, language=language)
        await _edit(query, text, _keyboard(context, last.answer, value, language))
        return
    suggested = next((s for s in last.answer.suggestions if question_key(s) == value), None)
    if suggested is None:
        await query.answer(say("old_answer", language))
        return
    await query.answer(suggested)  # the question shows at the top of the chat while the answer comes
    await _answer(update, context, suggested, article_id=last.article_id)


async def _answer(
    update: Update, context: BotContext, question: str | Question, *, article_id: int | None = None
) -> None:
    """Answer ``question`` (the reader's words, or a command's typed question): about ``article_id``
    (or the typed question's article) if given, else the article the reader replied to or chose."""
    message, library, language = _message(update), context.bot_data.library, _language(update)
    if article_id is None and isinstance(question, Question):
        article_id = question.article_id
    if isinstance(question, str) and len(question) > MAX_QUESTION_CHARS:
        await message.reply_text(say("too_long", language, MAX_QUESTION_CHARS))
        return
    user = update.effective_user
    throttle = context.bot_data.throttle
    if user is not None and not await asyncio.to_thread(
        library.allow_question, user.id, throttle.limit, throttle.window
    ):
        if throttle.should_warn(user.id):
            await message.reply_text(say("slow_down", language))
        return
    await _show_action(message, ChatAction.TYPING)
    replied = message.reply_to_message.message_id if message.reply_to_message else None
    metrics = context.bot_data.metrics
    try:
        with metrics.answer_seconds.time():
            answer = await asyncio.to_thread(
                library.ask_in_chat, message.chat_id, question, reply_to=replied, article_id=article_id
            )
    except KnowledgeError as error:
        await message.reply_html(html.escape(str(error)))
        return
    metrics.questions.labels(answer.intent).inc()
    if not answer.found:
        metrics.refusals.labels(answer.intent).inc()
    if answer.intent == "summary" and answer.found:  # one message, so "shorter"/"longer" can edit it
        chunks = [render_summary_html(answer, language=language)]
        keyboard = summary_keyboard(answer, DEFAULT_SENTENCES, language)
    elif page_count(answer) > 1:  # one page, so "more" can edit it
        chunks = [render_page_html(answer, 0, suggestion_buttons=SUGGESTED_BUTTONS, language=language)]
        keyboard = _keyboard(context, answer, 0, language)
    else:
        chunks = render_html(answer, suggestion_buttons=SUGGESTED_BUTTONS, language=language)
        keyboard = _keyboard(context, answer, 0, language)
    sent = [
        await message.reply_html(
            chunk, reply_markup=keyboard if i == len(chunks) - 1 else None, link_preview_options=NO_PREVIEW
        )
        for i, chunk in enumerate(chunks)
    ]
    await _remember(context, message.chat_id, sent, answer.article_id)


def _keyboard(
    context: BotContext, answer: Answer, page: int, language: Language = "en"
) -> InlineKeyboardMarkup | None:
    return answer_keyboard(
        answer, page=page, pages=page_count(answer), bot_username=context.bot.username, language=language
    )


def _language(update: Update) -> Language:
    """The language to answer in: the Telegram user's (``language_code``), Russian or English."""
    return language_of(update.effective_user.language_code if update.effective_user else None)


async def _edit(query: CallbackQuery, text: str, keyboard: InlineKeyboardMarkup | None) -> None:
    """Replace the message under which a button was tapped (a double tap asking for what is already
    shown is not an error)."""
    try:
        await query.edit_message_text(
            text, parse_mode=ParseMode.HTML, reply_markup=keyboard, link_preview_options=NO_PREVIEW
        )
    except BadRequest as error:
        if "not modified" not in str(error).lower():
            raise


async def _remember(context: BotContext, chat_id: int, sent: list[Message], article_id: int | None) -> None:
    """Record which article the bot's messages were about, so a reply to one asks about that article,
    and which message carries the answer's buttons."""
    ids = [m.message_id for m in sent]
    await asyncio.to_thread(context.bot_data.library.remember_answer, chat_id, ids, article_id)


async def add_link(update: Update, context: BotContext) -> None:
    """A message that is just a link: fetch the article and store it."""
    message = _message(update)
    if not await _may_add(update, context):
        return
    url = (message.text or "").strip()
    await _show_action(message, ChatAction.TYPING)
    await _report_ingest(message, context, lambda: context.bot_data.library.ingest_url(url))


async def add_document(update: Update, context: BotContext) -> None:
    """A .txt, .html or .pdf file sent to the bot: download it and store the article."""
    message = _message(update)
    document = message.document
    if document is None or not await _may_add(update, context):
        return
    if document.file_size is not None and document.file_size > MAX_DOCUMENT_BYTES:
        await message.reply_text(TOO_LARGE)
        return
    await _show_action(message, ChatAction.UPLOAD_DOCUMENT)
    try:
        data = await _download(document, MAX_DOCUMENT_BYTES)
    except _TooLarge:
        await message.reply_text(TOO_LARGE)
        return
    except (httpx.HTTPError, TelegramError) as error:
        logger.warning("document download failed in chat %s: %r", message.chat_id, error)
        await message.reply_text("I couldn't download that file. Please send it again.")
        return
    name, mime = document.file_name or "document", document.mime_type

    def ingest() -> IngestResult:
        return context.bot_data.library.ingest_document(data, name, content_type=mime)

    await _report_ingest(message, context, ingest)


class _TooLarge(Exception):
    """More bytes arrived than the limit allows."""


async def _download(document: Document, limit: int) -> bytes:
    """The document's bytes, counted as they arrive: past ``limit`` the download stops (a file whose size
    Telegram did not announce, or announced wrongly, is bounded all the same).

    Raises:
        _TooLarge: when the file is bigger than ``limit``.
    """
    file = await document.get_file()
    if file.file_size is not None and file.file_size > limit:
        raise _TooLarge
    if not file.file_path:
        raise httpx.InvalidURL("Telegram gave no file path")
    received = bytearray()
    # file_path is the full download URL (with the token): never logged; no proxy settings from the env
    async with (
        httpx.AsyncClient(timeout=DOWNLOAD_TIMEOUT, trust_env=False) as client,
        client.stream("GET", file.file_path) as response,
    ):
        response.raise_for_status()
        if int(response.headers.get("Content-Length") or 0) > limit:
            raise _TooLarge
        async for chunk in response.aiter_bytes():  # decoded: a compressed body counts in full
            received += chunk
            if len(received) > limit:
                raise _TooLarge
    return bytes(received)


async def _show_action(message: Message, action: ChatAction) -> None:
    """The typing (or uploading) indicator: best effort, never worth failing or delaying an answer for."""
    with contextlib.suppress(TelegramError):
        await message.reply_chat_action(action)


async def poll_feeds(context: BotContext) -> None:
    """JobQueue job: ingest what is new in the configured feeds (skipped while another replica polls them)."""
    settings = context.bot_data.settings
    reports = await asyncio.to_thread(context.bot_data.library.poll_feeds, settings.feeds)
    if reports is None:
        logger.info("feeds: another bot process is polling them")
        return
    for url, report in zip(settings.feeds, reports, strict=True):
        if isinstance(report, KnowledgeError):
            logger.warning("feed %s failed: %s", url, report)
            continue
        logger.info("feed %s: %d new or updated, %d known", url, len(report.results), report.skipped)


async def claim_update(update: Update, context: BotContext) -> None:
    """Before every handler: take the update on, or drop it when this or another replica already has (a
    webhook update Telegram redelivered, or one a load balancer retried)."""
    if not await asyncio.to_thread(context.bot_data.library.claim_update, update.update_id):
        logger.info("update %d already taken on: dropped", update.update_id)
        raise ApplicationHandlerStop


async def forget_updates(context: BotContext) -> None:
    """JobQueue job: drop the claims of updates older than a day."""
    await asyncio.to_thread(context.bot_data.library.forget_updates)


async def catch_up_vectors(context: BotContext) -> None:
    """JobQueue job: make the sentence vectors of a few articles stored without them (feeds, bulk ingests),
    in the ingestion threads, so they become searchable by meaning as well as by words."""
    library = context.bot_data.library
    pool = context.bot_data.ingest_pool
    try:
        done = await asyncio.get_running_loop().run_in_executor(pool, library.catch_up_vectors, VECTOR_BATCH)
    except KnowledgeError as error:
        logger.warning("sentence vectors: %s", error)
        return
    if done:
        logger.info("sentence vectors made for %d articles", done)


async def _may_add(update: Update, context: BotContext) -> bool:
    user = update.effective_user
    if context.bot_data.settings.may_add_articles(user.id if user else None):
        return True
    await _message(update).reply_text(
        "Sorry, only the bot's admins can add articles here. You can still ask about the ones I have: /articles"
    )
    return False


async def _report_ingest(message: Message, context: BotContext, ingest: Callable[[], IngestResult]) -> None:
    """Run ``ingest`` in the ingestion threads, with a time limit, and tell the reader what it added."""
    pool = context.bot_data.ingest_pool
    try:
        work = asyncio.get_running_loop().run_in_executor(pool, ingest)
        result = await asyncio.wait_for(work, timeout=INGEST_SECONDS)
    except KnowledgeError as error:
        context.bot_data.metrics.ingestions.labels("failed").inc()
        await message.reply_text(f"I couldn't add that: {error}")
        return
    except TimeoutError:
        context.bot_data.metrics.ingestions.labels("failed").inc()
        logger.warning(
            "ingestion for chat %s took over %.0f s: stopped waiting", message.chat_id, INGEST_SECONDS
        )
        await message.reply_text(TOO_SLOW)
        return
    context.bot_data.metrics.ingestions.labels("ok").inc()
    welcome = Question.help(article_id=result.article.id)  # what to ask about the new article
    answer = await asyncio.to_thread(
        context.bot_data.library.ask_in_chat, message.chat_id, welcome, article_id=welcome.article_id
    )
    sent = await message.reply_html(
        render_ingested(result, answer, suggestion_buttons=SUGGESTED_BUTTONS),
        reply_markup=_keyboard(context, answer, 0),  # its example questions, as buttons
        link_preview_options=NO_PREVIEW,
    )
    await _remember(context, message.chat_id, [sent], result.article.id)
