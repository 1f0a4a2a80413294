"""Webhook mode: Telegram posts updates to the bot's own server, which insists on the secret token."""

from __future__ import annotations

import asyncio
import json
import socket
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
import pytest

from bot.app import WebhookConfigError, build_application, webhook_options
from bot.config import Settings
from bot.webhook import serve_webhook
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


def webhook_settings(fake_api: FakeBotAPI, port: int) -> Settings:
    return Settings(
        telegram_bot_token=fake_api.token,
        telegram_base_url=fake_api.base_url,
        telegram_base_file_url=fake_api.base_file_url,
        webhook_url="https://bot.example.org/hook",
        webhook_listen="127.0.0.1",
        webhook_port=port,
        webhook_secret=SECRET,
    )


@asynccontextmanager
async def webhook_bot(fake_api: FakeBotAPI, library: Library) -> AsyncIterator[str]:
    """The bot in webhook mode (as `articlebot run --webhook` serves it); yields the URL to post to."""
    port = free_port()
    settings = webhook_settings(fake_api, port)
    stop = asyncio.Event()
    serving = asyncio.create_task(serve_webhook(build_application(settings, library), webhook_options(settings), stop))
    try:
        await fake_api.wait_for("setWebhook", timeout=10)
        url = f"http://127.0.0.1:{port}/hook"
        async with httpx.AsyncClient() as client:  # the server is up once it answers at all
            for _ in range(200):
                try:
                    await client.post(url, content=b"")
                    break
                except httpx.TransportError:
                    await asyncio.sleep(0.02)
        yield url
    finally:
        stop.set()
        await asyncio.wait_for(serving, timeout=15)


async def test_updates_posted_with_the_secret_are_answered(fake_api: FakeBotAPI, library: Library) -> None:
    async with webhook_bot(fake_api, library) as url:
        [hook] = fake_api.sent("setWebhook")
        assert hook.params["url"] == "https://bot.example.org/hook"
        assert hook.params["secret_token"] == SECRET
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


async def test_malformed_posts_get_400_and_the_bot_keeps_serving(fake_api: FakeBotAPI, library: Library) -> None:
    headers = {"Content-Type": "application/json", "X-Telegram-Bot-Api-Secret-Token": SECRET}
    async with webhook_bot(fake_api, library) as url, httpx.AsyncClient() as client:
        statuses = [
            (await client.post(url, content=body, headers=headers)).status_code
            for body in (b'{"update_id": 1, "message": {', b"\xff\xfe not utf-8", b"[1, 2]", b'{"no": "update"}')
        ]
        good = await client.post(url, content=json.dumps(message_update(2, "who is quoted")), headers=headers)
        reply = await fake_api.wait_for("sendMessage", timeout=5)
    assert statuses == [400, 400, 400, 400]
    assert good.status_code == 200
    assert reply.ok and reply.params["chat_id"] == 1001


def test_webhook_mode_needs_a_url_and_a_secret() -> None:
    with pytest.raises(WebhookConfigError, match="WEBHOOK_SECRET"):
        webhook_options(Settings(telegram_bot_token="1:x", webhook_url="https://bot.example.org/hook"))
