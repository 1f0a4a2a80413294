"""End-to-end: the buttons under answers ("more", source, share, summary, who else is quoted) and the
example questions under /start, through the fake Bot API, including a restart between question and tap."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from telegram.ext import Application

from bot.messages import say
from knowledge.library import Library
from tests.builders import make_dump

from .fake_bot_api import Call, FakeBotAPI
from .harness import serving
from .test_bot import CHAT, assert_html_reply, assert_no_failures, reply_to
from .test_summary_bot import press

HEARING_URL = "https://gazette.example/2031/harbour-hearing"
WORDS = "the harbour board will review every ferry timetable and budget line before winter".split()


def hearing(points: int = 7, length: int = 160) -> str:
    """A made-up article in which the harbour board's chair is quoted ``points`` times at length."""
    quotes = [
        f"Point {n}: " + " ".join(WORDS[(n + i) % len(WORDS)] for i in range(length)) for n in range(points)
    ]
    return make_dump(
        "PORTVALE, (Gazette) - The harbour board held a long public hearing on Thursday.",
        "Dana Whitfield, the chair of the harbour board, answered questions for three hours.",
        *[f'"{quote}," Whitfield said.' for quote in quotes],
        '"We came for answers about the night ferry," said Omar Haddad, a deckhand who lives in Portvale.',
        title="Harbour Board Holds Long Hearing",
    )


@pytest.fixture
def library(tmp_path: Path) -> Iterator[Library]:
    library = Library(f"sqlite:///{tmp_path / 'buttons.db'}")
    library.ingest_text(hearing(), url=HEARING_URL, source="hearing")
    yield library
    library.close()


def buttons(message: dict[str, Any]) -> dict[str, dict[str, str]]:
    """The buttons of a message by their text."""
    rows = message.get("reply_markup", {}).get("inline_keyboard", [])
    return {button["text"]: button for row in rows for button in row}


def points(text: str) -> list[int]:
    """Which of the chair's numbered quotes a message shows, in order."""
    return [int(part.split(":", 1)[0]) for part in text.split("“Point ")[1:]]


async def test_a_long_answer_comes_a_page_at_a_time_and_more_edits_it(
    fake_api: FakeBotAPI, app: Application
) -> None:  # type: ignore[type-arg]
    first = await reply_to(fake_api, "/quotes Whitfield")

    assert_html_reply(first)
    assert first.params["text"].startswith("<b>What Dana Whitfield said (1–3 of 7):</b>")
    assert points(first.params["text"]) == [0, 1, 2] and len(first.params["text"]) <= 4096
    assert buttons(first.result)["More (2/3) »"]["callback_data"] == "pg:1"
    assert "« Back" not in buttons(first.result)

    await press(fake_api, "pg:1", first.result)
    second = await fake_api.wait_for("editMessageText", timeout=5)
    assert second.params["message_id"] == first.result["message_id"]
    assert points(second.params["text"]) == [3, 4, 5] and "(4–6 of 7)" in second.params["text"]
    assert {"« Back", "More (3/3) »"} <= set(buttons(second.result))

    await press(fake_api, "pg:2", second.result)
    third = await fake_api.wait_for("editMessageText", timeout=5)
    assert points(third.params["text"]) == [6] and "More (3/3) »" not in buttons(third.result)

    await press(fake_api, "pg:0", third.result)
    back = await fake_api.wait_for("editMessageText", timeout=5)
    assert points(back.params["text"]) == [0, 1, 2]
    assert len(fake_api.messages(CHAT)) == 1  # one message, edited in place
    assert_no_failures(fake_api)


async def test_an_answer_links_its_source_shares_its_article_and_offers_more_about_it(
    fake_api: FakeBotAPI, app: Application
) -> None:  # type: ignore[type-arg]
    answer = await reply_to(fake_api, "who said we came for answers about the night ferry")
    shown = buttons(answer.result)

    assert shown["Open source ↗"]["url"] == HEARING_URL
    share = urlsplit(shown["Share"]["url"])
    shared = parse_qs(share.query)
    assert (share.netloc, share.path) == ("t.me", "/share/url")
    assert shared["url"] == [f"https://t.me/{app.bot.username}?start=article_1"]
    assert shared["text"] == ["Harbour Board Holds Long Hearing"]

    await press(fake_api, shown["Who else is quoted"]["callback_data"], answer.result)
    people = await fake_api.wait_for("sendMessage", lambda p: "People quoted" in p["text"], timeout=5)
    assert "<b>Dana Whitfield</b>" in people.params["text"] and "<b>Omar Haddad</b>" in people.params["text"]

    await press(fake_api, shown["Summary of #1"]["callback_data"], answer.result)
    summary = await fake_api.wait_for("sendMessage", lambda p: "Summary of" in p["text"], timeout=5)
    assert summary.params["text"].startswith("<b>Summary of “Harbour Board Holds Long Hearing”")
    assert "« Shorter" in buttons(summary.result)
    assert all(len(b["callback_data"].encode()) <= 64 for b in buttons(summary.result).values())
    assert_no_failures(fake_api)


async def test_start_offers_three_example_questions_that_answer_when_tapped(
    fake_api: FakeBotAPI, app: Application
) -> None:  # type: ignore[type-arg]
    welcome = await reply_to(fake_api, "/start")
    examples = list(buttons(welcome.result))

    assert len(examples) == 3
    assert any("Whitfield" in e or "Haddad" in e for e in examples)  # built from the article it holds
    who_said = next(e for e in examples if e.startswith("Who said"))

    answered = await press(fake_api, buttons(welcome.result)[who_said]["callback_data"], welcome.result)
    reply = await fake_api.wait_for("sendMessage", lambda p: p["text"] != welcome.params["text"], timeout=5)

    assert answered.params["text"] == who_said  # the question shows while the answer comes
    assert reply.params["text"].startswith("<b>Dana Whitfield said it.</b>")
    assert_no_failures(fake_api)


async def test_buttons_of_an_older_answer_get_a_short_notice(fake_api: FakeBotAPI, app: Application) -> None:  # type: ignore[type-arg]
    older = await reply_to(fake_api, "/quotes Whitfield")
    await reply_to(fake_api, "who is quoted")

    answered = await press(fake_api, "pg:1", older.result)

    assert answered.params["text"] == say("old_answer")
    assert fake_api.sent("editMessageText") == []
    assert_no_failures(fake_api)


async def test_a_restart_keeps_the_last_answer_and_the_chosen_article(
    fake_api: FakeBotAPI, tmp_path: Path
) -> None:
    url = f"sqlite:///{tmp_path / 'restart.db'}"
    before = Library(url)
    before.ingest_text(hearing(), url=HEARING_URL, source="hearing")
    before.ingest_text(
        make_dump('"Tickets will cost less," said Lena Whitfield, the ferry company\'s director.'),
        source="ferry",
    )
    async with serving(fake_api, before):
        await reply_to(fake_api, "/use 1")
        first: Call = await reply_to(fake_api, "/quotes Whitfield")
    before.close()
    assert points(first.params["text"]) == [0, 1, 2]

    after = Library(url)  # a new process: only the database is left
    async with serving(fake_api, after):
        await press(fake_api, "pg:1", first.result)
        page = await fake_api.wait_for("editMessageText", timeout=5)
        again = await reply_to(fake_api, "/quotes Whitfield")
    after.close()

    assert points(page.params["text"]) == [3, 4, 5]
    assert "Lena" not in again.params["text"] and "Which one" not in again.params["text"]  # still article 1
    assert_no_failures(fake_api)
