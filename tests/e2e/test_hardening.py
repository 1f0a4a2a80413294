"""Issue 16 on the Telegram side, through the real PTB Application over the loopback Bot API: updates side
by side (one chat's order kept), replies retried on 5xx and timeouts, buttons under inline-mode messages,
documents bounded by the bytes received, questions bounded by length."""

from __future__ import annotations

import itertools
import logging
import threading
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager
from importlib import resources
from typing import Any

import pytest
from telegram.ext import Application

from bot.app import build_application
from bot.handlers import MAX_QUESTION_CHARS, TOO_LARGE
from bot.messages import say
from bot.render import INLINE_RESULTS
from knowledge.library import Library
from knowledge.models import IngestResult
from tests.builders import FERRY_STORY, make_dump

from .fake_bot_api import FakeBotAPI
from .harness import bot_settings, running

A_CHAT, A_USER = 1001, 2002  # an admin adding articles
B_CHAT, B_USER = 1002, 2003  # another reader asking meanwhile
QUESTION = "who said the old maps are simply wrong"
ANSWER = "<b>Oren Adeyemi said it.</b>"
SORRY = "something went wrong"
TOO_LONG = say("too_long", "en", MAX_QUESTION_CHARS)


@asynccontextmanager
async def open_bot(
    fake: FakeBotAPI, library: Library, *, raise_errors: bool = True
) -> AsyncIterator[Application]:  # type: ignore[type-arg]
    settings = bot_settings(fake, admin_user_ids=frozenset({A_USER}))
    async with running(build_application(settings, library), raise_errors=raise_errors) as app:
        yield app


def in_chat(chat_id: int) -> Callable[[dict[str, Any]], bool]:
    return lambda params: params.get("chat_id") == chat_id


@pytest.fixture
def slow_links(library: Library, monkeypatch: pytest.MonkeyPatch) -> Iterator[threading.Event]:
    """Links take until the returned event is set to fetch (then they store the demo article again)."""
    release = threading.Event()
    demo = resources.files("bot").joinpath("data", "demo_article.txt").read_text(encoding="utf-8")

    def ingest_url(url: str) -> IngestResult:
        release.wait(30)
        return library.ingest_text(demo, source="demo article")

    monkeypatch.setattr(library, "ingest_url", ingest_url)
    yield release
    release.set()


# --------------------------------------------------------------------------- D2: one update at a time


async def test_a_slow_link_holds_only_its_own_chat(
    fake_api: FakeBotAPI, library: Library, slow_links: threading.Event
) -> None:
    async with open_bot(fake_api, library):
        fake_api.user_message("https://news.example/slow", chat_id=A_CHAT, user_id=A_USER)
        await fake_api.wait_for("sendChatAction", in_chat(A_CHAT))  # A's link is being fetched
        fake_api.user_message(QUESTION, chat_id=B_CHAT, user_id=B_USER)
        other = await fake_api.wait_for("sendMessage", in_chat(B_CHAT))
        assert fake_api.sent("sendMessage") == [other]  # B answered while A's fetch still runs
        slow_links.set()
        added = await fake_api.wait_for("sendMessage", in_chat(A_CHAT))
    assert other.params["text"].startswith(ANSWER)
    assert added.params["text"].startswith("I already have #1")


async def test_one_chat_keeps_its_order(
    fake_api: FakeBotAPI, library: Library, slow_links: threading.Event
) -> None:
    async with open_bot(fake_api, library):
        fake_api.user_message("https://news.example/slow", chat_id=A_CHAT, user_id=A_USER)
        fake_api.user_message(QUESTION, chat_id=A_CHAT, user_id=A_USER)  # must wait for the link
        fake_api.user_message(QUESTION, chat_id=B_CHAT, user_id=B_USER)
        await fake_api.wait_for("sendMessage", in_chat(B_CHAT))
        assert not [c for c in fake_api.sent("sendMessage") if c.params["chat_id"] == A_CHAT]
        slow_links.set()
        first = await fake_api.wait_for("sendMessage", in_chat(A_CHAT))
        second = await fake_api.wait_for("sendMessage", in_chat(A_CHAT))
    assert first.params["text"].startswith("I already have #1")
    assert second.params["text"].startswith(ANSWER)


async def test_a_stalled_reply_holds_only_its_own_chat(fake_api: FakeBotAPI, library: Library) -> None:
    release = fake_api.hold("sendMessage", in_chat(A_CHAT))  # A's replies hang (a dead connection)
    try:
        async with open_bot(fake_api, library, raise_errors=False):
            fake_api.user_message(QUESTION, chat_id=A_CHAT, user_id=A_USER)
            await fake_api.wait_for("sendChatAction", in_chat(A_CHAT))
            fake_api.user_message(QUESTION, chat_id=B_CHAT, user_id=B_USER)
            # within PTB's 5 s read timeout: B cannot have waited for A's reply to fail
            other = await fake_api.wait_for("sendMessage", in_chat(B_CHAT), timeout=4)
            release.set()
            late = await fake_api.wait_for("sendMessage", in_chat(A_CHAT), timeout=15)
    finally:
        release.set()
    assert other.params["text"].startswith(ANSWER)
    assert late.params["text"].startswith(ANSWER)


# --------------------------------------------------------------------------- D5: no reply lost


async def test_answer_survives_a_500_and_a_502(fake_api: FakeBotAPI, library: Library) -> None:
    fake_api.fail_next("sendMessage", 500, "Internal Server Error")
    fake_api.fail_next("sendMessage", 502, "Bad Gateway")
    async with open_bot(fake_api, library):
        fake_api.user_message(QUESTION, chat_id=A_CHAT)
        delivered = await fake_api.wait_for("sendMessage", timeout=15)
    assert delivered.params["text"].startswith(ANSWER)
    assert [c.status for c in fake_api.sent("sendMessage")] == [500, 502, 200]


async def test_answer_survives_a_timeout(fake_api: FakeBotAPI, library: Library) -> None:
    attempts = itertools.count()
    release = fake_api.hold("sendMessage", lambda params: next(attempts) == 0)  # the first one hangs
    try:
        async with open_bot(fake_api, library):
            fake_api.user_message(QUESTION, chat_id=A_CHAT)
            delivered = await fake_api.wait_for("sendMessage", timeout=20)
    finally:
        release.set()
    assert delivered.params["text"].startswith(ANSWER)
    assert SORRY not in delivered.params["text"]


async def test_an_edit_survives_a_500(fake_api: FakeBotAPI, library: Library) -> None:
    async with open_bot(fake_api, library):
        fake_api.user_message("/summary 1", chat_id=A_CHAT)
        summary = await fake_api.wait_for("sendMessage")
        fake_api.fail_next("editMessageText", 500, "Internal Server Error")
        fake_api.callback_query("sum:1:4", message=summary.result)
        edited = await fake_api.wait_for("editMessageText", timeout=15)
    assert edited.params["message_id"] == summary.result["message_id"]
    assert [c.status for c in fake_api.sent("editMessageText")] == [500, 200]


async def test_a_reply_that_keeps_failing_is_logged_once_and_the_bot_goes_on(
    fake_api: FakeBotAPI, library: Library, caplog: pytest.LogCaptureFixture
) -> None:
    for _ in range(4):  # the first attempt and its three retries
        fake_api.fail_next("sendMessage", 500, "Internal Server Error")
    caplog.set_level(logging.WARNING)
    async with open_bot(fake_api, library, raise_errors=False):
        fake_api.user_message(QUESTION, chat_id=A_CHAT)
        for _ in range(4):
            await fake_api.wait_for("sendMessage", timeout=15, include_errors=True)
        fake_api.user_message(QUESTION, chat_id=A_CHAT)
        recovered = await fake_api.wait_for("sendMessage", timeout=15)
    lost = [r for r in caplog.records if "reply lost" in r.getMessage()]
    assert len(lost) == 1 and str(A_CHAT) in lost[0].getMessage()
    assert not [r for r in caplog.records if "while handling the error" in r.getMessage()]
    assert [c.status for c in fake_api.sent("sendMessage")] == [500, 500, 500, 500, 200]  # no apology sent
    assert recovered.params["text"].startswith(ANSWER)


async def test_the_error_handler_does_not_raise_when_the_apology_fails(
    fake_api: FakeBotAPI, library: Library, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("exploded")

    monkeypatch.setattr(library, "ask_in_chat", broken)
    fake_api.fail_next("sendMessage", 400, "Bad Request: chat not found")  # the apology is refused
    async with open_bot(fake_api, library, raise_errors=False):
        fake_api.user_message(QUESTION, chat_id=A_CHAT)
        await fake_api.wait_for("sendMessage", timeout=10, include_errors=True)
        monkeypatch.undo()
        fake_api.user_message(QUESTION, chat_id=A_CHAT)
        recovered = await fake_api.wait_for("sendMessage", timeout=10)
    assert not [r for r in caplog.records if "while handling the error" in r.getMessage()]
    assert [r for r in caplog.records if "could not tell chat 1001" in r.getMessage()]
    assert recovered.params["text"].startswith(ANSWER)


# --------------------------------------------------------------------------- D10: inline-mode buttons


async def test_buttons_under_an_inline_mode_message_are_answered(
    fake_api: FakeBotAPI, library: Library
) -> None:
    async with open_bot(fake_api, library):
        fake_api.callback_query("sm:1", inline_message_id="AAQ-inline-1")
        summary = await fake_api.wait_for("answerCallbackQuery")
        fake_api.callback_query("sum:1:4", inline_message_id="AAQ-inline-1")
        longer = await fake_api.wait_for("answerCallbackQuery")
        fake_api.callback_query("pg:1", inline_message_id="AAQ-inline-1")
        page = await fake_api.wait_for("answerCallbackQuery")
    link = "https://t.me/articlebot_test_bot?start=article_1"  # opens the bot on that article
    assert summary.params.get("url") == link and longer.params.get("url") == link
    assert "@articlebot_test_bot" in page.params["text"]
    assert fake_api.sent("sendMessage") == []  # no chat to write to


# --------------------------------------------------------------------------- D11 and other bounds


async def test_a_document_without_file_size_is_bounded_by_the_bytes_received(
    fake_api: FakeBotAPI, library: Library
) -> None:
    big = b"The council said it would vote again next week. " * 125_000  # 6.1 MB
    async with open_bot(fake_api, library):
        fake_api.document_message("big.txt", big, "text/plain", user_id=A_USER, report_size=False)
        refused = await fake_api.wait_for("sendMessage")
        story = make_dump(*FERRY_STORY).encode()
        fake_api.document_message("ferry.txt", story, "text/plain", user_id=A_USER, report_size=False)
        added = await fake_api.wait_for("sendMessage")
    assert refused.params["text"] == TOO_LARGE
    assert added.params["text"].startswith("Added #2 <b>Harbour Town Debates New Ferry Schedule</b>")
    assert len(library.articles()) == 2


async def test_an_overlong_question_is_refused_without_asking(
    fake_api: FakeBotAPI, library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[object] = []
    real = library.ask_in_chat
    monkeypatch.setattr(library, "ask_in_chat", lambda *a, **k: asked.append(a) or real(*a, **k))
    async with open_bot(fake_api, library):
        fake_api.user_message("who said " + "the maps are wrong " * 200, chat_id=A_CHAT)
        refused = await fake_api.wait_for("sendMessage")
        fake_api.user_message("/who " + "old maps " * 200, chat_id=A_CHAT)
        command = await fake_api.wait_for("sendMessage")
        fake_api.user_message("who said " + "x" * (MAX_QUESTION_CHARS - 20), chat_id=A_CHAT)
        answered = await fake_api.wait_for("sendMessage")
    assert refused.params["text"] == TOO_LONG and command.params["text"] == TOO_LONG
    assert answered.params["text"] != TOO_LONG
    assert len(asked) == 1  # only the question within the bound reached the library


async def test_an_empty_inline_query_reads_a_bounded_number_of_articles(
    fake_api: FakeBotAPI, library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    for n in range(INLINE_RESULTS + 3):
        library.ingest_text(make_dump(f"Story number {n}", *FERRY_STORY[1:]), source=f"story {n}")
    limits: list[int | None] = []
    real = library.articles

    def articles(*, limit: int | None = None) -> Any:
        limits.append(limit)
        return real(limit=limit)

    monkeypatch.setattr(library, "articles", articles)
    async with open_bot(fake_api, library):
        fake_api.inline_query("")
        call = await fake_api.wait_for("answerInlineQuery")
    assert len(call.params["results"]) == INLINE_RESULTS
    assert limits == [INLINE_RESULTS]
