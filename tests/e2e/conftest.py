"""Fixtures for end-to-end tests against the fake Telegram Bot API."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import pytest
from telegram import Bot

from .fake_bot_api import FakeBotAPI


@pytest.fixture
def fake_api() -> Iterator[FakeBotAPI]:
    """A running fake Bot API server, stopped (threads joined) after the test."""
    with FakeBotAPI() as fake:
        yield fake


@pytest.fixture
async def bot(fake_api: FakeBotAPI) -> AsyncIterator[Bot]:
    """An initialized real `telegram.Bot` talking to `fake_api`."""
    async with Bot(
        fake_api.token, base_url=fake_api.base_url, base_file_url=fake_api.base_file_url
    ) as real_bot:
        yield real_bot
