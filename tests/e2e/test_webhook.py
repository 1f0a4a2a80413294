"""Webhook mode: Telegram posts updates to the bot's own server, which insists on the secret token."""

from __future__ import annotations

import json
import socket

import httpx
import pytest

from bot.app import WebhookConfigError, build_application, webhook_options
from bot.config import Settings
from knowledge.library import Library

from .fake_bot_api import FakeBotAPI

SECRET = "s3cret-Token_1"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def message_update(update_id: int, text: str) -> dict[str, object]:
    chat = {"id": 1001, "type": "private", "first_name": "Reader"}
    sender = {"id": 2002, "is_bot": False, "first_name": "Reader"}
    return {
        "update_id": update_id,
        "message": {
            "message_id": 10 + update_id,
            "date": 1700000000,
            "chat": chat,
            "from": sender,
            "text": text,
        },
    }


async def test_updates_posted_with_the_secret_are_answered(fake_api: FakeBotAPI, library: Library) -> None:
    port = free_port()
    settings = Settings(
        telegram_bot_token=fake_api.token,
        telegram_base_url=fake_api.base_url,
        telegram_base_file_url=fake_api.base_file_url,
        webhook_url="https://bot.example.org/hook",
        webhook_listen="127.0.0.1",
        webhook_port=port,
        webhook_secret=SECRET,
    )
    app = build_application(settings, library)
    await app.initialize()
    await app.updater.start_webhook(**webhook_options(settings))  # type: ignore[arg-type, union-attr]
    await app.start()
    try:
        [hook] = fake_api.sent("setWebhook")
        assert hook.params["url"] == "https://bot.example.org/hook"
        assert hook.params["secret_token"] == SECRET
        url = f"http://127.0.0.1:{port}/hook"
        body = json.dumps(message_update(1, "who said the old maps are simply wrong"))
        async with httpx.AsyncClient() as client:
            forged = await client.post(url, content=body, headers={"Content-Type": "application/json"})
            wrong = await client.post(
                url,
                content=body,
                headers={"Content-Type": "application/json", "X-Telegram-Bot-Api-Secret-Token": "guess"},
            )
            right = await client.post(
                url,
                content=body,
                headers={"Content-Type": "application/json", "X-Telegram-Bot-Api-Secret-Token": SECRET},
            )
        assert (forged.status_code, wrong.status_code, right.status_code) == (403, 403, 200)
        reply = await fake_api.wait_for("sendMessage", timeout=5)
        assert reply.params["text"].startswith("<b>Oren Adeyemi said it.</b>")
        assert len(fake_api.sent("sendMessage")) == 1  # the forged posts were never processed
    finally:
        await app.updater.stop()  # type: ignore[union-attr]
        await app.stop()
        await app.shutdown()


def test_webhook_mode_needs_a_url_and_a_secret() -> None:
    with pytest.raises(WebhookConfigError, match="WEBHOOK_SECRET"):
        webhook_options(Settings(telegram_bot_token="1:x", webhook_url="https://bot.example.org/hook"))
