"""Several bot replicas on one database: an update delivered twice, or to both replicas, is answered once."""

from __future__ import annotations

import asyncio
import json

import httpx

from knowledge.library import Library

from .fake_bot_api import FakeBotAPI
from .test_webhook import SECRET, message_update, webhook_bot

HEADERS = {"Content-Type": "application/json", "X-Telegram-Bot-Api-Secret-Token": SECRET}
QUESTION = "who said the old maps are simply wrong"


async def post_twice(urls: list[str], update_id: int) -> None:
    body = json.dumps(message_update(update_id, QUESTION))
    async with httpx.AsyncClient() as client:
        answers = await asyncio.gather(*(client.post(url, content=body, headers=HEADERS) for url in urls))
    assert [a.status_code for a in answers] == [200] * len(urls)


async def answered(fake_api: FakeBotAPI) -> int:
    """How many answers the bot sent, once it has had the time to send a second one."""
    await fake_api.wait_for("sendMessage", timeout=10)
    await asyncio.sleep(1.0)
    return len(fake_api.sent("sendMessage"))


async def test_an_update_delivered_twice_is_answered_once(fake_api: FakeBotAPI, library: Library) -> None:
    async with webhook_bot(fake_api, library) as url:
        await post_twice([url, url], update_id=7)
        assert await answered(fake_api) == 1


async def test_two_replicas_on_one_postgresql_database_answer_an_update_once(
    fake_api: FakeBotAPI, shared_database: str
) -> None:
    first, second = Library(shared_database), Library(shared_database)  # each its own connection pool
    try:
        async with webhook_bot(fake_api, first) as one, webhook_bot(fake_api, second) as other:
            await post_twice([one, other], update_id=11)
            assert await answered(fake_api) == 1
            await post_twice([other, one], update_id=12)  # the next update is answered too
            await asyncio.sleep(1.0)
            assert len(fake_api.sent("sendMessage")) == 2
    finally:
        first.close()
        second.close()
