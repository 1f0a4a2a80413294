"""Fixtures for end-to-end tests against the fake Telegram Bot API."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from telegram import Bot
from telegram.ext import Application

from bot.cli import load_demo
from knowledge.library import Library

from .fake_bot_api import FakeBotAPI
from .harness import serving


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


@pytest.fixture
def library(tmp_path: Path) -> Iterator[Library]:
    """A library over a fresh SQLite file, holding the demo article (id 1)."""
    knowledge = Library(f"sqlite:///{tmp_path / 'bot.db'}")
    load_demo(knowledge)
    yield knowledge
    knowledge.close()


@pytest.fixture
async def app(fake_api: FakeBotAPI, library: Library) -> AsyncIterator[Application]:  # type: ignore[type-arg]
    """Our bot over the test's `library`, polling `fake_api`, commands registered."""
    async with serving(fake_api, library) as application:
        yield application


@pytest.fixture
def shared_database() -> Iterator[str]:
    """One PostgreSQL database holding the demo article, for several replicas (dropped after)."""
    from tests.postgres import fresh_database  # skips (or fails in CI) without a server

    with fresh_database() as name:
        url = f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
        seed = Library(url)
        load_demo(seed)
        seed.close()
        yield url
