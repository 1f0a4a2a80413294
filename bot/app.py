"""Wire the Telegram application: settings, handlers in order, commands, error handler."""

from __future__ import annotations

import logging
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from urllib.parse import urlsplit

from telegram import BotCommand, BotCommandScopeChat, Message, Update
from telegram.ext import (
    AIORateLimiter,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    InlineQueryHandler,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot import handlers
from bot.buttons import ANSWER_PATTERN, ARTICLES_PATTERN, SUMMARY_PATTERN
from bot.config import Settings
from bot.context import BotApplication, BotData, Handler
from bot.metrics import Metrics, start_operator_server
from bot.sending import RetryingRateLimiter
from bot.throttle import Throttle
from bot.updates import PerChatUpdateProcessor
from knowledge import Library

logger = logging.getLogger(__name__)

# One declaration feeds both the handlers and the command menu Telegram shows.
COMMANDS: tuple[tuple[str, str, Handler], ...] = (
    ("start", "What I can do", handlers.start),
    ("help", "How to ask questions", handlers.start),
    ("articles", "The articles I know", handlers.list_articles),
    ("summary", "Summary of an article: /summary [id]", handlers.summary),
    ("digest", "Latest stories, one item each: /digest [topic]", handlers.digest),
    ("who", "Who said these words? /who <words>", handlers.who_said),
    ("quotes", "What did someone say? /quotes <name>", handlers.what_said),
    ("people", "Who is quoted, and in what role", handlers.people),
    ("use", "Ask about one article: /use ID, or /use all", handlers.use_article),
)


INGEST_THREADS = (
    2  # links fetched and documents parsed at once; more wait their turn (within their time limit)
)
RETRIES = 3  # how often a send is retried after Telegram answers "retry after N seconds"
CLAIM_GROUP = -1  # the handler group that claims each update, run before every other
VECTOR_INTERVAL = 10.0  # seconds between two background runs making missing sentence vectors
# (transient failures, 5xx and timeouts, are retried on top of that: bot/sending.py)
LINK = r"^\s*https?://\S+\s*$"  # a message that is only a link
MISSING_TOKEN = (
    "TELEGRAM_BOT_TOKEN is not set. Put it in the environment or in .env "
    "(see .env.example), or try the console chat: articlebot chat --demo"
)


class _AddressedToBot(filters.MessageFilter):
    """In a group, a message that mentions the bot or replies to it (commands reach it anyway)."""

    def filter(self, message: Message) -> bool:
        bot = message.get_bot()
        replied = message.reply_to_message
        if replied is not None and replied.from_user is not None and replied.from_user.id == bot.id:
            return True
        return bool(bot.username) and f"@{bot.username}".lower() in (message.text or "").lower()


# Private chats get an answer to everything; groups only when they address the bot.
ADDRESSED = filters.ChatType.PRIVATE | _AddressedToBot()


ADMIN_COMMANDS: tuple[tuple[str, str, Handler], ...] = (
    ("stats", "Articles, quotes, questions and the unanswered rate", handlers.stats),
    ("remove", "Delete an article: /remove <id>", handlers.remove),
)


class MissingTokenError(RuntimeError):
    """``articlebot run`` needs TELEGRAM_BOT_TOKEN."""


def build_application(settings: Settings, library: Library) -> BotApplication:
    """Build the bot: long polling against ``settings.telegram_base_url``, handlers registered."""
    if not settings.telegram_bot_token:
        raise MissingTokenError(MISSING_TOKEN)
    metrics = Metrics()
    application = (
        ApplicationBuilder()
        .token(settings.telegram_bot_token)
        .base_url(settings.telegram_base_url)
        .base_file_url(settings.telegram_base_file_url)
        .context_types(ContextTypes(bot_data=BotData))
        .post_init(_start)
        .post_shutdown(_close_library)
        # Telegram's flood limits, RetryAfter waited out; 5xx and timeouts of replies retried with backoff
        .rate_limiter(RetryingRateLimiter(AIORateLimiter(max_retries=RETRIES), metrics=metrics))
        # updates side by side, each chat's in order (a slow fetch or a stalled reply holds only its chat)
        .concurrent_updates(PerChatUpdateProcessor())
        .build()
    )
    application.bot_data.library = library
    application.bot_data.settings = settings
    application.bot_data.throttle = Throttle()
    application.bot_data.metrics = metrics
    application.bot_data.ingest_pool = ThreadPoolExecutor(INGEST_THREADS, thread_name_prefix="ingest")
    # Before anything else: an update some process sharing the database already took on is dropped.
    application.add_handler(TypeHandler(Update, handlers.claim_update), group=CLAIM_GROUP)
    for name, _, callback in COMMANDS:
        application.add_handler(CommandHandler(name, callback))
    # Admin commands: other users never reach them, and they are not in the public command menu.
    admins = filters.User(user_id=settings.admin_user_ids)
    for name, _, callback in ADMIN_COMMANDS:
        application.add_handler(CommandHandler(name, callback, filters=admins))
    # Articles arrive as a bare link or as a file; everything else is a question.
    private = filters.ChatType.PRIVATE  # articles are added in a private chat, never by chatter in a group
    application.add_handler(MessageHandler(private & filters.TEXT & filters.Regex(LINK), handlers.add_link))
    application.add_handler(MessageHandler(private & filters.Document.ALL, handlers.add_document))
    application.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND & ADDRESSED, handlers.question))
    # Buttons: "shorter" / "longer" under a summary; anything else is a stale button.
    application.add_handler(CallbackQueryHandler(handlers.summary_button, pattern=SUMMARY_PATTERN))
    application.add_handler(CallbackQueryHandler(handlers.articles_button, pattern=ARTICLES_PATTERN))
    application.add_handler(CallbackQueryHandler(handlers.answer_button, pattern=ANSWER_PATTERN))
    application.add_handler(CallbackQueryHandler(handlers.stale_button))
    application.add_handler(InlineQueryHandler(handlers.inline_query))
    application.add_error_handler(handlers.error_handler)
    if settings.feeds and application.job_queue is not None:
        application.job_queue.run_repeating(
            handlers.poll_feeds, interval=settings.feed_interval_minutes * 60, first=5, name="feeds"
        )
    if application.job_queue is not None:
        application.job_queue.run_repeating(handlers.forget_updates, interval=3600, first=60, name="claims")
    if library.encoder is not None and application.job_queue is not None:
        application.job_queue.run_repeating(
            handlers.catch_up_vectors, interval=VECTOR_INTERVAL, first=3, name="vectors"
        )
    return application


async def _start(application: BotApplication) -> None:
    """After start-up: the command menus, and in polling mode the /healthz and /metrics server."""
    await _register_commands(application)
    port = application.bot_data.settings.metrics_port
    if port is not None and not application.bot_data.webhook:  # the webhook server serves them itself
        application.bot_data.operator_server = start_operator_server(
            application.bot_data.metrics, application.bot_data.library.health, port
        )


async def _register_commands(application: BotApplication) -> None:
    public = [BotCommand(name, text) for name, text, _ in COMMANDS if name != "start"]
    await application.bot.set_my_commands(public)
    for admin in sorted(application.bot_data.settings.admin_user_ids):  # admins see their commands too
        await application.bot.set_my_commands(
            public + [BotCommand(name, text) for name, text, _ in ADMIN_COMMANDS],
            scope=BotCommandScopeChat(chat_id=admin),
        )
    logger.info("bot @%s ready", application.bot.username)


async def _close_library(application: BotApplication) -> None:
    if application.bot_data.operator_server is not None:
        application.bot_data.operator_server.stop()
    application.bot_data.ingest_pool.shutdown(wait=False, cancel_futures=True)
    application.bot_data.library.close()


class WebhookConfigError(RuntimeError):
    """Webhook mode needs a public URL and a secret token."""


@dataclass(frozen=True)
class WebhookOptions:
    """Where the bot's web server listens, the path Telegram posts to, and what it must send."""

    listen: str
    port: int
    url_path: str
    webhook_url: str
    secret_token: str  # posts without it get 403

    def __repr__(self) -> str:
        return f"WebhookOptions({self.listen}:{self.port}/{self.url_path}, url={self.webhook_url!r})"


def webhook_options(settings: Settings) -> WebhookOptions:
    """The webhook server's options for these settings (``bot.webhook.serve_webhook``).

    Raises:
        WebhookConfigError: when WEBHOOK_URL or WEBHOOK_SECRET is missing.
    """
    if not settings.webhook_url or not settings.webhook_secret:
        raise WebhookConfigError(
            "Webhook mode needs WEBHOOK_URL (the public https address) and WEBHOOK_SECRET; see .env.example."
        )
    return WebhookOptions(
        listen=settings.webhook_listen,
        port=settings.webhook_port,
        url_path=urlsplit(settings.webhook_url).path.strip("/") or "telegram",
        webhook_url=settings.webhook_url,
        secret_token=settings.webhook_secret,
    )
