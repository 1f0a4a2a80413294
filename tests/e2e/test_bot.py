"""End-to-end tests of articlebot: the real PTB Application, long-polling a loopback fake Bot API."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from telegram.ext import Application

from bot.cli import load_demo
from knowledge.library import Library
from tests.builders import make_dump

from .fake_bot_api import Call, FakeBotAPI
from .harness import serving

CHAT = 1001  # the fake's default private chat
ROOT = Path(__file__).resolve().parents[2]
DEMO_TITLE = "Riverside Town Votes to Rebuild Flooded Library on Higher Ground"
DEMO_SPEAKERS = ("Elena Marsh", "Oren Adeyemi", "Ruth Pell", "Samuel Ortiz")
ADEYEMI_ROLE = "a hydrologist at the Northfield Institute of Water Studies"
MARSH_QUOTES = (
    "We are not going to put our children's books back in the path of the water",
    "The river has told us twice now where it wants to go.",
)
SORRY = "something went wrong"


# --------------------------------------------------------------------------- fixtures and helpers


async def reply_to(fake: FakeBotAPI, text: str) -> Call:
    """Send `text` as the reader; return the bot's next sendMessage, even one the fake rejected."""
    fake.user_message(text, chat_id=CHAT)
    return await fake.wait_for("sendMessage", timeout=5, include_errors=True)


def entity_types(call: Call) -> list[str]:
    return [entity["type"] for entity in call.result.get("entities", [])]


def assert_html_reply(call: Call) -> None:
    assert call.ok, call.error
    assert call.params["chat_id"] == CHAT
    assert call.params["parse_mode"] == "HTML"
    assert call.params["link_preview_options"] == {"is_disabled": True}


def assert_no_failures(fake: FakeBotAPI) -> None:
    """Every call the bot made was accepted, and it never apologised for an error."""
    failed = [(call.method, call.error) for call in fake.calls if not call.ok]
    assert failed == []
    assert not [c for c in fake.sent("sendMessage") if SORRY in c.params["text"]]


def methods(fake: FakeBotAPI) -> list[str]:
    return [method for method, _ in fake.transcript()]


# --------------------------------------------------------------------------- in-process bot


async def test_start_shows_help_and_commands_are_registered(fake_api: FakeBotAPI, app: Application) -> None:  # type: ignore[type-arg]
    call = await reply_to(fake_api, "/start")

    assert_html_reply(call)
    text = call.params["text"]
    assert text.startswith("<b>Ask me who said a line")
    assert "Tap a question below, or ask:\n• Summarize the article" in text  # the fourth idea, not a button
    examples = [b["text"] for row in call.result["reply_markup"]["inline_keyboard"] for b in row]
    assert len(examples) == 3 and "Who is quoted?" in examples
    assert not any(f"• {example}" in text for example in examples)  # buttons are not listed twice
    [commands] = fake_api.sent("setMyCommands")
    assert commands.ok
    names = [command["command"] for command in commands.params["commands"]]
    assert sorted(names) == sorted(
        ["who", "quotes", "summary", "digest", "people", "articles", "help", "use"]
    )
    assert all(command["description"] for command in commands.params["commands"])
    assert (await app.bot.get_my_commands())[0].command == names[0]  # stored by the fake
    assert_no_failures(fake_api)


async def test_who_said_free_text(fake_api: FakeBotAPI, app: Application) -> None:  # type: ignore[type-arg]
    call = await reply_to(fake_api, "who said the old maps are simply wrong")

    assert_html_reply(call)
    text = call.params["text"]
    assert text.startswith("<b>Oren Adeyemi said it.</b>")
    assert f"<b>Oren Adeyemi</b>, {ADEYEMI_ROLE}, said:" in text
    assert "<blockquote>“The old maps are simply wrong”</blockquote>" in text
    assert f"Source: “{DEMO_TITLE}”" in call.result["text"]
    assert "blockquote" in entity_types(call)
    typing = fake_api.sent("sendChatAction")
    assert [c.params for c in typing] == [{"chat_id": CHAT, "action": "typing"}]
    sequence = methods(fake_api)
    assert sequence.index("sendChatAction") < sequence.index("sendMessage")
    assert_no_failures(fake_api)


async def test_who_command_with_words(fake_api: FakeBotAPI, app: Application) -> None:  # type: ignore[type-arg]
    call = await reply_to(fake_api, "/who old maps wrong")

    assert_html_reply(call)
    assert call.params["text"].startswith("<b>Oren Adeyemi said it.</b>")
    assert "<blockquote>“The old maps are simply wrong”</blockquote>" in call.params["text"]
    assert_no_failures(fake_api)


@pytest.mark.parametrize("question", ["/quotes Marsh", "what did Marsch say"])
async def test_quotes_of_a_person(fake_api: FakeBotAPI, app: Application, question: str) -> None:  # type: ignore[type-arg]
    call = await reply_to(fake_api, question)

    assert_html_reply(call)
    text = call.params["text"]
    assert text.startswith("<b>What Elena Marsh said:</b>")
    for quote in MARSH_QUOTES:
        assert f"<b>Elena Marsh</b>, Mayor, said:\n<blockquote>“{quote}”</blockquote>" in text
    assert entity_types(call).count("blockquote") == 3  # two direct quotes, one reported
    assert "Adeyemi" not in text
    assert_no_failures(fake_api)


async def test_unknown_quote_is_refused(fake_api: FakeBotAPI, app: Application) -> None:  # type: ignore[type-arg]
    call = await reply_to(fake_api, "who said we will win the election")

    assert_html_reply(call)
    text = call.params["text"]
    assert text.startswith("I can't find anyone quoted saying that.")
    assert not any(name in text for name in DEMO_SPEAKERS)
    assert "<blockquote>" not in text
    assert "Tap a question below" in text
    labels = [row[0]["text"] for row in call.result["reply_markup"]["inline_keyboard"]]
    assert labels and all(label.endswith("?") for label in labels)  # the nearest questions, as buttons
    assert_no_failures(fake_api)


async def test_summary(fake_api: FakeBotAPI, app: Application) -> None:  # type: ignore[type-arg]
    call = await reply_to(fake_api, "/summary")

    assert_html_reply(call)
    text = call.params["text"]
    assert text.startswith(f"<b>Summary of “{DEMO_TITLE}”:</b>")
    assert "<b>Key voices:</b>" in text
    for name in DEMO_SPEAKERS:
        assert f"• <b>{name}</b>" in text
    assert "blockquote" in entity_types(call)
    assert_no_failures(fake_api)


async def test_people(fake_api: FakeBotAPI, app: Application) -> None:  # type: ignore[type-arg]
    call = await reply_to(fake_api, "/people")

    assert_html_reply(call)
    text = call.params["text"]
    assert text.startswith("<b>People quoted:</b>")
    for name, role in zip(
        DEMO_SPEAKERS, ("Mayor", ADEYEMI_ROLE, "Councillor", "head librarian"), strict=True
    ):
        assert f"• <b>{name}</b> — {role} (" in text
    assert_no_failures(fake_api)


async def test_article_text_is_escaped(fake_api: FakeBotAPI, library: Library, app: Application) -> None:  # type: ignore[type-arg]
    library.ingest_text(
        make_dump(
            "HARBOURVILLE, (Gazette) - The Acme Widgets company published its yearly results on Friday.",
            "Jane Doe, the finance director of Acme Widgets, spoke to reporters after the meeting.",
            '"Profits <rose> & <b>costs</b> fell," Doe said.',
            title="Acme Widgets Reports Results",
        ),
        url="https://news.example/acme?id=7&lang=en",
        source="escaping test",
    )

    call = await reply_to(fake_api, "who said profits rose and costs fell")

    assert_html_reply(call)
    text = call.params["text"]
    assert "<b>Jane Doe</b>" in text
    assert "<blockquote>“Profits &lt;rose&gt; &amp; &lt;b&gt;costs&lt;/b&gt; fell”</blockquote>" in text
    assert '<a href="https://news.example/acme?id=7&amp;lang=en#:~:text=' in text
    assert "“Profits <rose> & <b>costs</b> fell”" in call.result["text"]  # what the reader sees
    [link] = [e for e in call.result["entities"] if e["type"] == "text_link"]
    assert link["url"].startswith("https://news.example/acme?id=7&lang=en#:~:text=Profits%20%3Crose%3E")
    assert_no_failures(fake_api)


async def test_failing_update_gets_a_short_apology(
    fake_api: FakeBotAPI, library: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken_ask(question: str, **kwargs: Any) -> Any:
        raise RuntimeError("database exploded at /secret/path")

    async with serving(fake_api, library, raise_errors=False):
        monkeypatch.setattr(library, "ask", broken_ask)
        apology = await reply_to(fake_api, "who said the old maps are simply wrong")
        monkeypatch.undo()
        recovered = await reply_to(fake_api, "who said the old maps are simply wrong")

    assert apology.ok
    assert SORRY in apology.params["text"]
    assert len(apology.params["text"]) < 100
    assert "Oren Adeyemi" in recovered.params["text"]  # the bot keeps serving
    for call in fake_api.sent("sendMessage"):
        for leak in ("Traceback", "RuntimeError", "exploded", "/secret/path"):
            assert leak not in call.params["text"]


# --------------------------------------------------------------------------- `articlebot run` as a process


def bot_env(**extra: str) -> dict[str, str]:
    """The current environment without any articlebot settings, plus `extra`."""
    names = ("TELEGRAM_BOT_TOKEN", "TELEGRAM_BASE_URL", "TELEGRAM_BASE_FILE_URL", "DATABASE_URL", "LOG_LEVEL")
    env = {key: value for key, value in os.environ.items() if key not in names}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    return {**env, **extra}


@pytest.mark.parametrize("log_level", ["INFO", "DEBUG"])
def test_run_serves_and_stops_on_sigterm(fake_api: FakeBotAPI, tmp_path: Path, log_level: str) -> None:
    database = f"sqlite:///{tmp_path / 'sub.db'}"
    knowledge = Library(database)
    load_demo(knowledge)
    knowledge.close()
    env = bot_env(
        TELEGRAM_BOT_TOKEN=fake_api.token,
        TELEGRAM_BASE_URL=fake_api.base_url,
        TELEGRAM_BASE_FILE_URL=fake_api.base_file_url,
        LOG_LEVEL=log_level,  # PTB logs its API URL, token included, at DEBUG
    )
    log = tmp_path / "bot.log"
    with log.open("wb") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "bot", "--db", database, "run"],
            cwd=tmp_path,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        fake_api.user_message("who said the old maps are simply wrong", chat_id=CHAT)
        answer = fake_api.wait_for_sync("sendMessage", lambda p: "Oren Adeyemi" in p["text"], timeout=15)
        process.send_signal(signal.SIGTERM)
        returncode = process.wait(timeout=10)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()

    logs = log.read_text(encoding="utf-8", errors="replace")
    assert returncode == 0, logs
    assert answer.params["parse_mode"] == "HTML"
    assert "<blockquote>“The old maps are simply wrong”</blockquote>" in answer.params["text"]
    assert fake_api.sent("setMyCommands")[0].ok  # post_init ran under run_polling
    assert "starting the Telegram bot" in logs
    assert "telegram_bot_token='***'" in logs
    assert fake_api.token not in logs
    assert fake_api.token.split(":", 1)[1] not in logs


def test_run_without_token_points_to_chat(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "bot", "--db", f"sqlite:///{tmp_path / 'none.db'}", "run"],
        cwd=tmp_path,
        env=bot_env(),
        capture_output=True,
        text=True,
        timeout=30,
    )

    assert result.returncode != 0
    assert "TELEGRAM_BOT_TOKEN" in result.stderr
    assert "articlebot chat" in result.stderr
    assert "Traceback" not in result.stderr


async def test_flood_control_waits_out_retry_after(fake_api: FakeBotAPI, app: Application) -> None:  # type: ignore[type-arg]
    fake_api.fail_next("sendMessage", 429, "Too Many Requests: retry after 1", retry_after=1)
    fake_api.user_message("who said the old maps are simply wrong", chat_id=CHAT)

    refused = await fake_api.wait_for("sendMessage", timeout=5, include_errors=True)
    delivered = await fake_api.wait_for("sendMessage", timeout=10)

    assert refused.status == 429
    assert delivered.ok and delivered.params["text"].startswith("<b>Oren Adeyemi said it.</b>")
    assert not [c for c in fake_api.sent("sendMessage") if SORRY in c.params.get("text", "")]


async def test_a_reader_whose_telegram_is_in_russian_gets_the_bots_words_in_russian(
    fake_api: FakeBotAPI,
    app: Application,  # type: ignore[type-arg]
) -> None:
    fake_api.user_message("кто сказал the old maps are simply wrong", chat_id=CHAT, language_code="ru")
    call = await fake_api.wait_for("sendMessage", timeout=5)

    assert_html_reply(call)
    text = call.params["text"]
    assert text.startswith("<b>Это сказал(а) Oren Adeyemi.</b>")
    assert f"<b>Oren Adeyemi</b>, {ADEYEMI_ROLE}, сказал(а):" in text
    assert "<blockquote>“The old maps are simply wrong”</blockquote>" in text  # the article's words
    buttons = [b["text"] for row in call.params["reply_markup"]["inline_keyboard"] for b in row]
    assert "Кого ещё цитируют" in buttons and "Who else is quoted" not in buttons
    fake_api.user_message("/help", chat_id=CHAT, language_code="ru")
    help_call = await fake_api.wait_for("sendMessage", lambda p: p["text"] != text, timeout=5)
    assert help_call.params["text"].startswith("<b>Спросите меня, кто сказал фразу")
    assert_no_failures(fake_api)
