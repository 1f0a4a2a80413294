"""Run a real python-telegram-bot Application in polling mode against a FakeBotAPI."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from telegram.ext import Application, ApplicationBuilder, ContextTypes

from bot.app import build_application
from bot.config import Settings
from knowledge.library import Library

from .fake_bot_api import FakeBotAPI


def application_builder(fake: FakeBotAPI) -> ApplicationBuilder:
    """An ApplicationBuilder already pointed at the fake server (add settings, then build)."""
    return ApplicationBuilder().token(fake.token).base_url(fake.base_url).base_file_url(fake.base_file_url)


@asynccontextmanager
async def running(
    app: Application, *, poll_timeout: int = 1, raise_errors: bool = True
) -> AsyncIterator[Application]:
    """Initialize `app`, start polling and processing; stop and shut it down on exit.

    Never uses `run_polling` (which owns the event loop and signal handlers). With
    `raise_errors`, an exception raised by a handler fails the block on exit, since PTB
    would otherwise only log it.
    """
    if app.updater is None:
        raise ValueError("the Application was built without an Updater")
    errors: list[Exception] = []

    async def collect(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        if context.error is not None:
            errors.append(context.error)

    app.add_error_handler(collect)
    try:
        await app.initialize()
        await app.updater.start_polling(poll_interval=0, timeout=poll_timeout)
        await app.start()
        yield app
    finally:
        if app.updater.running:
            await app.updater.stop()
        if app.running:
            await app.stop()
        await app.shutdown()
        app.remove_error_handler(collect)
    if errors and raise_errors:
        raise AssertionError(f"a handler raised {errors[0]!r}") from errors[0]


@asynccontextmanager
async def serving(
    fake: FakeBotAPI, library: Library, *, raise_errors: bool = True
) -> AsyncIterator[Application]:  # type: ignore[type-arg]
    """Our application, polling `fake`, with its post_init (command registration) run as in run_polling."""
    application = build_application(bot_settings(fake), library)
    async with running(application, poll_timeout=1, raise_errors=raise_errors) as started:
        assert started.post_init is not None
        await started.post_init(started)
        yield started


def bot_settings(fake: FakeBotAPI, **overrides: object) -> Settings:
    """Our bot's settings pointed at the fake server (``overrides`` set any other field)."""
    return Settings(
        telegram_bot_token=fake.token,
        telegram_base_url=fake.base_url,
        telegram_base_file_url=fake.base_file_url,
        **overrides,  # type: ignore[arg-type]
    )
