"""End-to-end: summaries with "shorter"/"longer" buttons that edit the message, and /digest, through the fake Bot API."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest
from telegram.ext import Application

from bot.cli import load_demo
from bot.messages import say
from knowledge.library import Library
from tests.builders import make_dump

from .fake_bot_api import Call, FakeBotAPI
from .harness import serving
from .test_bot import (
    CHAT,
    DEMO_SPEAKERS,
    DEMO_TITLE,
    assert_html_reply,
    assert_no_failures,
    reply_to,
)

TRAM_COURIER = (
    "GLENMOOR, (Courier) - The Glenmoor city council approved a 40-kilometre tram line on Tuesday that will "
    "link the airport with the old town by 2029.",
    "The tram line will cost 1.2 billion dollars, most of it paid by the regional government.",
    "Mayor Ines Carvalho called the council vote a turning point for Glenmoor.",
)
TRAM_LEDGER = (
    "Glenmoor's councillors voted 31 to 9 on Tuesday to build a tram line between the airport and the "
    "old town, ending a decade of <heated> debate & delay.",
    "The regional government will pay most of the 1.2 billion dollar cost of the tram.",
    "Work on the airport tram line starts next spring, Mayor Ines Carvalho said.",
)


@pytest.fixture
def knowledge(tmp_path: Path) -> Iterator[tuple[Library, int]]:
    """A library holding the demo article; yields it with the demo's id."""
    library = Library(f"sqlite:///{tmp_path / 'bot.db'}")
    demo = load_demo(library)
    yield library, demo
    library.close()


@pytest.fixture
async def app(
    fake_api: FakeBotAPI, knowledge: tuple[Library, int], tmp_path: Path
) -> AsyncIterator[Application]:  # type: ignore[type-arg]
    async with serving(fake_api, knowledge[0]) as application:
        yield application


def keyboard(message: dict[str, Any]) -> list[tuple[str, str]]:
    rows = message.get("reply_markup", {}).get("inline_keyboard", [])
    return [(button["text"], button["callback_data"]) for row in rows for button in row]


def summary_sentences(text: str) -> list[str]:
    """The sentences of the first blockquote of a summary message."""
    match = re.search(r"<blockquote>(.*?)</blockquote>", text, re.S)
    assert match, text
    return match.group(1).split("\n")


async def press(fake: FakeBotAPI, data: str, message: dict[str, Any]) -> Call:
    """Press a button on `message`; return the bot's answerCallbackQuery."""
    fake.callback_query(data, message=message)
    return await fake.wait_for("answerCallbackQuery", timeout=5, include_errors=True)


async def test_summary_has_voices_and_buttons(
    fake_api: FakeBotAPI, knowledge: tuple[Library, int], app: Application
) -> None:  # type: ignore[type-arg]
    _, demo = knowledge
    call = await reply_to(fake_api, "/summary")

    assert_html_reply(call)
    text = call.params["text"]
    assert text.startswith(f"<b>Summary of “{DEMO_TITLE}”:</b>")
    assert len(summary_sentences(text)) == 3
    assert "<b>Key voices:</b>\n<blockquote expandable>" in text
    for name in DEMO_SPEAKERS:
        assert f"• <b>{name}</b>" in text
    types = [entity["type"] for entity in call.result["entities"]]
    assert "blockquote" in types and "expandable_blockquote" in types
    assert keyboard(call.result) == [("« Shorter", f"sum:{demo}:2"), ("Longer »", f"sum:{demo}:4")]
    assert_no_failures(fake_api)


async def test_longer_and_shorter_edit_the_same_message(
    fake_api: FakeBotAPI, knowledge: tuple[Library, int], app: Application
) -> None:  # type: ignore[type-arg]
    _, demo = knowledge
    sent = await reply_to(fake_api, f"/summary {demo}")
    first = summary_sentences(sent.params["text"])

    answered = await press(fake_api, f"sum:{demo}:4", sent.result)
    edit = await fake_api.wait_for("editMessageText", timeout=5)

    assert answered.ok and not answered.params.get("text")
    assert edit.params["message_id"] == sent.result["message_id"]
    assert edit.params["parse_mode"] == "HTML"
    longer = summary_sentences(edit.params["text"])
    assert len(longer) == 4 and set(first) <= set(longer)
    assert keyboard(edit.result) == [("« Shorter", f"sum:{demo}:3"), ("Longer »", f"sum:{demo}:5")]

    await press(fake_api, f"sum:{demo}:1", edit.result)
    shortest = await fake_api.wait_for("editMessageText", timeout=5)
    assert len(summary_sentences(shortest.params["text"])) == 1
    assert keyboard(shortest.result) == [("Longer »", f"sum:{demo}:2")]

    [shown] = fake_api.messages(CHAT)  # still one message, edited in place
    assert shown["message_id"] == sent.result["message_id"] and "edit_date" in shown
    assert_no_failures(fake_api)


@pytest.mark.parametrize(
    ("data", "notice"),
    [
        ("sum:999:3", say("gone_article")),
        ("sum:1:99", say("stale_button")),
        ("old-button", say("stale_button")),
    ],
)
async def test_stale_buttons_get_a_short_notice_and_no_edit(
    fake_api: FakeBotAPI, app: Application, data: str, notice: str
) -> None:  # type: ignore[type-arg]
    sent = await reply_to(fake_api, "/summary")

    answered = await press(fake_api, data, sent.result)

    assert answered.ok and answered.params["text"] == notice
    assert len(notice) <= 200
    assert fake_api.sent("editMessageText") == []
    assert_no_failures(fake_api)


async def test_pressing_twice_is_harmless(
    fake_api: FakeBotAPI, knowledge: tuple[Library, int], app: Application
) -> None:  # type: ignore[type-arg]
    _, demo = knowledge
    sent = await reply_to(fake_api, "/summary")
    await press(fake_api, f"sum:{demo}:3", sent.result)  # the length already shown

    assert [c.ok for c in fake_api.sent("answerCallbackQuery")] == [True]
    not_modified = await fake_api.wait_for("editMessageText", timeout=5, include_errors=True)
    assert not not_modified.ok and "not modified" in str(not_modified.error)
    assert not [c for c in fake_api.sent("sendMessage") if "went wrong" in c.params["text"]]


async def test_digest_groups_reports_of_one_story_and_links_each(
    fake_api: FakeBotAPI, knowledge: tuple[Library, int], app: Application
) -> None:  # type: ignore[type-arg]
    library, _ = knowledge
    library.ingest_text(
        make_dump(*TRAM_COURIER, title="Glenmoor council approves airport tram line"),
        url="https://courier.example/tram?id=1&lang=en",
    )
    library.ingest_text(
        make_dump(*TRAM_LEDGER, title="Airport tram line wins Glenmoor council vote"),
        url="https://ledger.example/tram",
    )

    call = await reply_to(fake_api, "/digest")

    assert_html_reply(call)
    text = call.params["text"]
    assert text.startswith("<b>Latest stories</b> (2 stories, from 3 article(s)):")
    assert "2 reports: " in text and "Report: " in text
    assert '<a href="https://courier.example/tram?id=1&amp;lang=en">' in text
    assert '<a href="https://ledger.example/tram">' in text
    assert "<heated>" not in text
    links = [e["url"] for e in call.result["entities"] if e["type"] == "text_link"]
    assert "https://courier.example/tram?id=1&lang=en" in links and "https://ledger.example/tram" in links
    assert_no_failures(fake_api)


async def test_digest_escapes_article_text(
    fake_api: FakeBotAPI, knowledge: tuple[Library, int], app: Application
) -> None:  # type: ignore[type-arg]
    library, _ = knowledge
    library.ingest_text(
        make_dump(*TRAM_LEDGER, title="Tram <vote> & delay"), url="https://x.example/?a=1&b=2"
    )

    call = await reply_to(fake_api, "/digest tram")

    text = call.params["text"]
    assert "1. <b>Tram &lt;vote&gt; &amp; delay</b>" in text
    assert "ending a decade of &lt;heated&gt; debate &amp; delay." in text
    assert "1. Tram <vote> & delay" in call.result["text"]  # what the reader sees
    assert '<a href="https://x.example/?a=1&amp;b=2">' in text
    assert_no_failures(fake_api)


async def test_digest_on_a_topic(
    fake_api: FakeBotAPI, knowledge: tuple[Library, int], app: Application
) -> None:  # type: ignore[type-arg]
    library, _ = knowledge
    library.ingest_text(make_dump(*TRAM_COURIER, title="Glenmoor council approves airport tram line"))

    tram = await reply_to(fake_api, "/digest airport tram")
    nothing = await reply_to(fake_api, "/digest volcano")

    assert tram.params["text"].startswith("<b>Stories about “airport tram”</b> (1 story, from 1 article(s)):")
    assert DEMO_TITLE not in tram.params["text"]
    assert nothing.params["text"] == "I have no articles about “volcano”."
    assert_no_failures(fake_api)
