"""Every Bot API method the bot answers with survives a transient failure; a refusal or getMe does not retry."""

from typing import Any

import pytest
from telegram.error import BadRequest, NetworkError, TimedOut
from telegram.ext import AIORateLimiter

from bot.sending import RETRIED_METHODS, ReplyLostError, RetryingRateLimiter


def flaky(failures: list[Exception]) -> tuple[Any, list[int]]:
    """A request that fails with ``failures`` in turn, then answers; and how often it was called."""
    calls: list[int] = []

    async def callback(*_args: Any, **_kwargs: Any) -> bool:
        calls.append(1)
        if len(calls) <= len(failures):
            raise failures[len(calls) - 1]
        return True

    return callback, calls


async def send(limiter: RetryingRateLimiter, callback: Any, endpoint: str) -> Any:
    return await limiter.process_request(callback, (), {}, endpoint, {"chat_id": 7}, None)


@pytest.mark.parametrize("endpoint", sorted(RETRIED_METHODS))
async def test_each_method_the_bot_answers_with_survives_a_5xx_and_a_timeout(endpoint: str) -> None:
    limiter = RetryingRateLimiter(AIORateLimiter(), backoff=(0, 0, 0))
    callback, calls = flaky([NetworkError("Bad Gateway"), TimedOut()])
    assert await send(limiter, callback, endpoint) is True
    assert len(calls) == 3


async def test_a_refused_request_is_not_retried() -> None:
    limiter = RetryingRateLimiter(AIORateLimiter(), backoff=(0, 0, 0))
    callback, calls = flaky([BadRequest("Message is too long")])
    with pytest.raises(BadRequest):
        await send(limiter, callback, "sendMessage")
    assert len(calls) == 1


async def test_start_up_calls_fail_fast() -> None:
    limiter = RetryingRateLimiter(AIORateLimiter(), backoff=(0, 0, 0))
    callback, calls = flaky([NetworkError("Bad Gateway")])
    with pytest.raises(NetworkError):
        await send(limiter, callback, "getMe")
    assert len(calls) == 1


async def test_a_reply_failing_every_time_is_lost_once_with_its_chat() -> None:
    limiter = RetryingRateLimiter(AIORateLimiter(), backoff=(0, 0))
    callback, calls = flaky([NetworkError("Bad Gateway")] * 5)
    with pytest.raises(ReplyLostError, match="chat 7"):
        await send(limiter, callback, "sendMessage")
    assert len(calls) == 3
