"""End-to-end: replying to the bot's answer asks about that article; /use chooses one article for a chat."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from telegram.ext import Application

from bot.cli import load_demo
from knowledge.library import Library
from tests.builders import CLINIC_STORY, CLINIC_TITLE, make_dump

from .fake_bot_api import FakeBotAPI
from .test_bot import CHAT, DEMO_TITLE, assert_html_reply, assert_no_failures, reply_to


@pytest.fixture
def library(tmp_path: Path) -> Iterator[Library]:
    """The demo article (id 1, about a flooded library) and a clinic story (id 2)."""
    knowledge = Library(f"sqlite:///{tmp_path / 'bot.db'}")
    load_demo(knowledge)
    knowledge.ingest_text(make_dump(*CLINIC_STORY, title=CLINIC_TITLE), source="clinic")
    yield knowledge
    knowledge.close()


async def answer_to_reply(fake: FakeBotAPI, text: str, replied: dict[str, object]) -> str:
    """Send ``text`` as a reply to the bot's message ``replied``; return the bot's answer."""
    fake.user_message(text, chat_id=CHAT, reply_to_message=replied)
    call = await fake.wait_for("sendMessage", timeout=5, include_errors=True)
    assert_html_reply(call)
    return str(call.params["text"])


async def test_a_reply_to_an_answer_asks_about_that_article(fake_api: FakeBotAPI, app: Application) -> None:  # type: ignore[type-arg]
    about_clinic = await reply_to(
        fake_api, "who said nobody should have to choose between sleep and a doctor"
    )
    assert about_clinic.params["text"].startswith("<b>Sandra Lee said it.</b>")

    everyone = await reply_to(fake_api, "who is quoted?")
    assert "Elena Marsh" in everyone.params["text"] and "Sandra Lee" in everyone.params["text"]

    scoped = await answer_to_reply(fake_api, "who is quoted?", about_clinic.result)
    assert "Sandra Lee" in scoped and "Omar Haddad" in scoped
    assert "Elena Marsh" not in scoped

    summary = await answer_to_reply(fake_api, "summarize", about_clinic.result)
    assert CLINIC_TITLE in summary and DEMO_TITLE not in summary
    assert_no_failures(fake_api)


async def test_use_chooses_one_article_until_use_all(fake_api: FakeBotAPI, app: Application) -> None:  # type: ignore[type-arg]
    chosen = await reply_to(fake_api, "/use 2")
    assert_html_reply(chosen)
    assert chosen.params["text"].startswith(f"Questions now go to #2 <b>{CLINIC_TITLE}</b>.")

    scoped = await reply_to(fake_api, "who said the old maps are simply wrong")
    assert "Oren Adeyemi" not in scoped.params["text"]  # that quote is in the other article

    back = await reply_to(fake_api, "/use all")
    assert back.params["text"].startswith("Questions now go to every article.")
    everywhere = await reply_to(fake_api, "who said the old maps are simply wrong")
    assert everywhere.params["text"].startswith("<b>Oren Adeyemi said it.</b>")

    missing = await reply_to(fake_api, "/use 99")
    assert "99" in missing.params["text"]
    assert_no_failures(fake_api)
