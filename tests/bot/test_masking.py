"""One masking filter for every secret, on every log record and every uncaught exception."""

from __future__ import annotations

import io
import logging
import sys

import pytest

from bot.config import Settings
from bot.masking import MaskingFilter, SecretMask, install, mask_url_password

TOKEN = "123456:AAH-secret-token"
PASSWORD = "p@ss word/1"  # percent-encoded in the URL
HOOK = "hook_secret-42"
SETTINGS = Settings(
    telegram_bot_token=TOKEN,
    database_url="postgresql://reader:p%40ss%20word%2F1@db.local:5432/articles",
    webhook_secret=HOOK,
)


def logged(record_message: str, *args: object, exc: BaseException | None = None) -> str:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(MaskingFilter(SecretMask(SETTINGS.secrets)))
    logger = logging.getLogger("test.masking")
    logger.addHandler(handler)
    logger.propagate = False
    try:
        logger.error(record_message, *args, exc_info=(type(exc), exc, exc.__traceback__) if exc else None)
    finally:
        logger.removeHandler(handler)
    return stream.getvalue()


def test_every_secret_is_masked_in_messages_arguments_and_tracebacks() -> None:
    try:
        raise RuntimeError(f"The token `{TOKEN}` was rejected; password {PASSWORD}")
    except RuntimeError as error:
        text = logged("calling %s with %r", f"https://api/bot{TOKEN}/getMe", {"secret_token": HOOK}, exc=error)
    for secret in (TOKEN, "AAH-secret-token", PASSWORD, "p%40ss%20word%2F1", HOOK):
        assert secret not in text
    assert "RuntimeError" in text and "***" in text


def test_the_settings_repr_masks_the_database_password() -> None:
    shown = repr(SETTINGS)
    assert "postgresql://reader:***@db.local:5432/articles" in shown
    for secret in (TOKEN, "p%40ss", HOOK):
        assert secret not in shown
    assert mask_url_password("sqlite:///articlebot.db") == "sqlite:///articlebot.db"


def test_an_uncaught_exception_is_printed_masked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(logging.getLogger(), "handlers", [])  # leave the real handlers' filters alone
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr("threading.excepthook", __import__("threading").excepthook)
    stderr = io.StringIO()
    monkeypatch.setattr(sys, "stderr", stderr)
    install(SecretMask(SETTINGS.secrets))
    try:
        raise ValueError(f"bad webhook {HOOK} for {TOKEN}")
    except ValueError as error:
        sys.excepthook(type(error), error, error.__traceback__)
    assert "ValueError: bad webhook *** for ***" in stderr.getvalue()
