"""Every Bot API request goes through one rate limiter: python-telegram-bot's ``AIORateLimiter`` (Telegram's
flood limits, "retry after N seconds" waited out), wrapped so that a transient failure (a 5xx answer, a
timeout, a dropped connection) of a reply is retried with a bounded backoff instead of losing the reply."""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import Callable, Coroutine, Sequence
from typing import Any

from telegram.error import BadRequest, NetworkError
from telegram.ext import AIORateLimiter, BaseRateLimiter

from bot.metrics import Metrics

logger = logging.getLogger(__name__)

JSONResult = bool | dict[str, Any] | list[dict[str, Any]]

# What is retried: the calls that carry a reply to a reader (or, at start-up, the command menu).
# getUpdates has its own retry loop in PTB; getMe/setWebhook must fail fast at start-up.
RETRIED_METHODS = frozenset(
    {
        "sendmessage", "editmessagetext", "editmessagereplymarkup", "sendchataction", "senddocument",
        "answercallbackquery", "answerinlinequery", "getfile", "setmycommands", "deletemessage",
    }
)  # fmt: skip
BACKOFF = (0.5, 1.0, 2.0)  # seconds before each retry (plus up to 20 % jitter): 3 retries, 3.5 s at most


class ReplyLostError(NetworkError):
    """A reply failed every attempt; it has been logged once, with its chat, and needs no more noise."""

    def __init__(self, method: str, chat_id: object, cause: NetworkError) -> None:
        super().__init__(f"{method} for chat {chat_id} failed {len(BACKOFF) + 1} times: {cause.message}")
        self.method = method
        self.chat_id = chat_id


def is_transient(error: BaseException) -> bool:
    """A failure worth retrying: a timeout, a dropped connection or a 5xx answer (PTB raises all of these
    as ``NetworkError``); never a request Telegram refused (``BadRequest``)."""
    return isinstance(error, NetworkError) and not isinstance(error, BadRequest)


class RetryingRateLimiter(BaseRateLimiter[int]):
    """``AIORateLimiter`` plus bounded retries of replies on transient failures."""

    def __init__(
        self, inner: AIORateLimiter, backoff: Sequence[float] = BACKOFF, metrics: Metrics | None = None
    ) -> None:
        self.inner = inner
        self.backoff = tuple(backoff)
        self.metrics = metrics or Metrics()  # the application's, or counts no one reads

    async def initialize(self) -> None:
        await self.inner.initialize()

    async def shutdown(self) -> None:
        await self.inner.shutdown()

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, JSONResult]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> JSONResult:
        delays = self.backoff if endpoint.lower() in RETRIED_METHODS else ()
        for attempt in range(len(delays) + 1):
            try:
                return await self.inner.process_request(
                    callback, args, kwargs, endpoint, data, rate_limit_args
                )
            except NetworkError as error:
                if not is_transient(error) or not delays:
                    self.metrics.api_errors.inc()
                    raise
                if attempt == len(delays):
                    self.metrics.api_errors.inc()
                    lost = ReplyLostError(endpoint, _chat_of(data), error)
                    logger.error("reply lost: %s", lost)  # once, with the chat id; no traceback
                    raise lost from error
                delay = delays[attempt] * (1 + random.random() / 5)
                logger.warning("%s failed (%s); retry %d in %.1f s", endpoint, error, attempt + 1, delay)
                self.metrics.api_retries.inc()
                await asyncio.sleep(delay)
        raise AssertionError("unreachable")  # the loop returns or raises


def _chat_of(data: dict[str, Any]) -> object:
    """The chat a request was for (a button or inline answer has none: its query id then)."""
    for key in ("chat_id", "callback_query_id", "inline_query_id", "inline_message_id"):
        if data.get(key) is not None:
            return data[key] if key == "chat_id" else f"({key} {data[key]})"
    return None
