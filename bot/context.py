"""The context types of the Telegram handlers: what ``context.bot_data`` holds, typed for PTB."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from telegram import Update
from telegram.ext import Application, CallbackContext, ExtBot, JobQueue
from tornado.httpserver import HTTPServer

from bot.config import Settings
from bot.metrics import Metrics
from bot.throttle import Throttle
from knowledge import Library


class BotData:
    """``context.bot_data``: filled in by ``build_application`` before the bot starts."""

    library: Library
    settings: Settings
    throttle: Throttle
    metrics: Metrics  # what /metrics serves
    webhook: bool = False  # run by the webhook server (which serves /healthz and /metrics itself)
    operator_server: HTTPServer | None = None  # polling mode, METRICS_PORT: /healthz and /metrics
    ingest_pool: ThreadPoolExecutor  # links fetched and documents parsed here, apart from answering


# The context every handler gets: the bot (its rate limiter, ``AIORateLimiter``, takes int arguments),
# user_data and chat_data as PTB's plain dicts, and ``BotData``.
BotContext = CallbackContext[ExtBot[int], dict[Any, Any], dict[Any, Any], BotData]

# The application ``build_application`` makes (PTB's builder does not carry the context types over to
# the job queue's type, hence ``Any`` there), and a handler it calls for an update.
BotApplication = Application[ExtBot[int], BotContext, dict[Any, Any], dict[Any, Any], BotData, JobQueue[Any]]
Handler = Callable[[Update, BotContext], Coroutine[Any, Any, None]]
