"""Admin commands: /stats and /remove for the users in ADMIN_USER_IDS, invisible to everyone else."""

from __future__ import annotations

from bot.app import build_application
from bot.config import Settings
from knowledge.library import Library

from .fake_bot_api import FakeBotAPI
from .harness import bot_settings, running

ADMIN, READER = 2002, 3003


def settings(fake: FakeBotAPI) -> Settings:
    return bot_settings(fake, admin_user_ids=frozenset({ADMIN}))


async def test_stats_counts_questions_and_unanswered(fake_api: FakeBotAPI, library: Library) -> None:
    async with running(build_application(settings(fake_api), library)) as app:
        await app.post_init(app)  # type: ignore[misc]
        fake_api.user_message("who said the old maps are simply wrong", user_id=READER, chat_id=READER)
        await fake_api.wait_for("sendMessage", timeout=5)
        fake_api.user_message("who said we will win the election", user_id=READER, chat_id=READER)
        await fake_api.wait_for("sendMessage", timeout=5)
        fake_api.user_message("/stats", user_id=ADMIN, chat_id=ADMIN)
        reply = await fake_api.wait_for("sendMessage", lambda p: p["chat_id"] == ADMIN, timeout=5)
    text = reply.params["text"]
    assert "<b>Articles:</b> 1" in text
    assert "<b>Questions asked:</b> 2" in text
    assert "<b>Unanswered:</b> 1 (50%)" in text
    admin_menus = [c for c in fake_api.sent("setMyCommands") if c.params.get("scope")]
    assert [c.params["scope"] for c in admin_menus] == [{"type": "chat", "chat_id": ADMIN}]
    assert "stats" in [c["command"] for c in admin_menus[0].params["commands"]]
    public = [c for c in fake_api.sent("setMyCommands") if not c.params.get("scope")]
    assert "stats" not in [c["command"] for c in public[0].params["commands"]]


async def test_remove_is_for_admins_only(fake_api: FakeBotAPI, library: Library) -> None:
    async with running(build_application(settings(fake_api), library)):
        fake_api.user_message("/remove 1", user_id=READER, chat_id=READER)
        fake_api.user_message("/remove 1", user_id=ADMIN, chat_id=ADMIN)
        reply = await fake_api.wait_for("sendMessage", timeout=5)
        fake_api.user_message("/remove 1", user_id=ADMIN, chat_id=ADMIN)
        again = await fake_api.wait_for("sendMessage", timeout=5)
    assert (reply.params["chat_id"], reply.params["text"]) == (ADMIN, "Removed article #1.")
    assert again.params["text"] == "There is no article #1."
    assert [c for c in fake_api.sent("sendMessage") if c.params["chat_id"] == READER] == []
    assert library.articles() == []
