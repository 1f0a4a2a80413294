"""Groups (answer only when addressed) and deep links (t.me/<bot>?start=article_<id>)."""

from __future__ import annotations

import asyncio

from bot.app import build_application
from bot.config import Settings
from knowledge.library import Library
from tests.builders import FERRY_STORY, make_dump

from .fake_bot_api import BOT_USERNAME, FakeBotAPI
from .harness import bot_settings, running

GROUP = -100200


def settings(fake: FakeBotAPI) -> Settings:
    return bot_settings(fake)


async def test_group_chatter_is_ignored_but_mentions_and_replies_are_answered(
    fake_api: FakeBotAPI, library: Library
) -> None:
    async with running(build_application(settings(fake_api), library)):
        fake_api.user_message("who said the old maps are simply wrong", chat_id=GROUP, chat_type="supergroup")
        fake_api.user_message(
            f"@{BOT_USERNAME} who said the old maps are simply wrong", chat_id=GROUP, chat_type="supergroup"
        )
        answer = await fake_api.wait_for("sendMessage", timeout=5)
        bot_message = {
            "message_id": answer.result["message_id"],
            "date": 1700000000,
            "chat": {"id": GROUP, "type": "supergroup"},
            "from": fake_api.bot_user,
            "text": answer.result["text"],
        }
        fake_api.user_message(
            "what did marsh say", chat_id=GROUP, chat_type="supergroup", reply_to_message=bot_message
        )
        follow_up = await fake_api.wait_for("sendMessage", timeout=5)
        fake_api.user_message("https://example.org/story", chat_id=GROUP, chat_type="supergroup")
        await asyncio.sleep(0.5)
    assert answer.params["text"].startswith("<b>Oren Adeyemi said it.</b>")
    assert "Elena Marsh" in follow_up.params["text"]
    assert len(fake_api.sent("sendMessage")) == 2  # the plain question and the bare link got no reply


async def test_deep_link_opens_one_article(fake_api: FakeBotAPI, library: Library) -> None:
    async with running(build_application(settings(fake_api), library)):
        fake_api.user_message("/start article_1")
        reply = await fake_api.wait_for("sendMessage", timeout=5)
        fake_api.user_message("/start article_99")
        missing = await fake_api.wait_for("sendMessage", timeout=5)
    assert reply.params["text"].startswith("Questions now go to #1 <b>Riverside Town Votes")
    assert "There is no article with id 99" in missing.params["text"]
    assert library.chats.scope(1001) == 1


async def test_a_flooding_user_is_told_to_slow_down_once(fake_api: FakeBotAPI, library: Library) -> None:
    app = build_application(settings(fake_api), library)
    app.bot_data.throttle.limit = 2
    async with running(app):
        for _ in range(4):
            fake_api.user_message("who said the old maps are simply wrong")
        for _ in range(3):
            await fake_api.wait_for("sendMessage", timeout=5)
        await asyncio.sleep(0.5)
    texts = [c.params["text"] for c in fake_api.sent("sendMessage")]
    assert len(texts) == 3
    assert texts[2].startswith("You're asking faster than I can read")


async def test_inline_mode_offers_answer_cards_and_recent_articles(
    fake_api: FakeBotAPI, library: Library
) -> None:
    async with running(build_application(settings(fake_api), library)):
        fake_api.inline_query("who said the old maps are simply wrong")
        cards = await fake_api.wait_for("answerInlineQuery", timeout=5)
        fake_api.inline_query("")
        recent = await fake_api.wait_for("answerInlineQuery", timeout=5)
        fake_api.inline_query("who said we will win the election")
        nothing = await fake_api.wait_for("answerInlineQuery", timeout=5)
    [card] = cards.params["results"]
    assert card["title"] == "Oren Adeyemi"
    assert card["description"].startswith("The old maps are simply wrong")
    content = card["input_message_content"]
    assert content["parse_mode"] == "HTML" and "<blockquote>" in content["message_text"]
    assert [r["title"] for r in recent.params["results"]] == [
        "Riverside Town Votes to Rebuild Flooded Library on Higher Ground"
    ]
    assert [r["id"] for r in nothing.params["results"]] == ["none"]


async def test_articles_picker_pages_and_chooses(fake_api: FakeBotAPI, library: Library) -> None:
    for n in range(6):  # seven articles with the demo: two pages of five
        extra = f"The harbour board will meet again in {n + 2} weeks to review the evening crossings."
        library.ingest_text(
            make_dump(*FERRY_STORY, extra, title=f"Ferry report number {n} for the harbour board")
        )
    async with running(build_application(settings(fake_api), library)):
        fake_api.user_message("/articles")
        listing = await fake_api.wait_for("sendMessage", timeout=5)
        buttons = [b for row in listing.params["reply_markup"]["inline_keyboard"] for b in row]
        assert [b["text"] for b in buttons][-1] == "Next »"
        fake_api.callback_query(buttons[-1]["callback_data"], message=listing.result)
        turned = await fake_api.wait_for("editMessageText", timeout=5)
        fake_api.callback_query("use:3", message=listing.result)
        chosen = await fake_api.wait_for("sendMessage", timeout=5)
        fake_api.callback_query("use:999", message=listing.result)
        gone = await fake_api.wait_for(
            "answerCallbackQuery", lambda p: "text" in p and "no longer" in p["text"]
        )
    assert listing.params["text"].startswith("<b>7 article(s), page 1 of 2.")
    assert len(buttons) == 6 and all(len(b["callback_data"].encode()) <= 64 for b in buttons)
    assert turned.params["text"].startswith("<b>7 article(s), page 2 of 2.")
    assert chosen.params["text"].startswith("Questions now go to #3")
    assert library.chats.scope(1001) == 3
    assert "no longer stored" in gone.params["text"]
