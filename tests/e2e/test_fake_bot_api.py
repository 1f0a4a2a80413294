"""Checks that FakeBotAPI speaks enough Telegram for the real python-telegram-bot stack."""

from __future__ import annotations

import http.client
import json
import socket
import threading
import time
import urllib.request
from collections.abc import AsyncIterator

import pytest
from telegram import (
    Bot,
    BotCommand,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    LinkPreviewOptions,
    ReplyParameters,
    Update,
)
from telegram import InlineQueryResultArticle as Article
from telegram import InputTextMessageContent as TextContent
from telegram.error import BadRequest, EndPointNotFound, InvalidToken, RetryAfter
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from .fake_bot_api import DEFAULT_TOKEN, FakeBotAPI
from .harness import application_builder, running

CHAT = 1001
KEYBOARD = InlineKeyboardMarkup([[InlineKeyboardButton("More", callback_data="more:1")]])


# --------------------------------------------------------------------------- a tiny bot


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await update.effective_message.reply_html("<b>Hello</b>, ask me who said what.", reply_markup=KEYBOARD)


async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await update.effective_message.reply_text(update.effective_message.text)


async def press(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    await query.answer()
    await query.edit_message_text(f"You pressed {query.data}")


async def describe_document(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    document = update.effective_message.document
    data = await (await document.get_file()).download_as_bytearray()
    await update.effective_message.reply_text(f"{document.file_name}: {len(data)} bytes")


@pytest.fixture
async def app(fake_api: FakeBotAPI) -> AsyncIterator[Application]:
    application = application_builder(fake_api).build()
    application.add_handler(CommandHandler("start", start))
    application.add_handler(CallbackQueryHandler(press))
    application.add_handler(MessageHandler(filters.Document.ALL, describe_document))
    application.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, echo))
    async with running(application) as started:
        yield started


# --------------------------------------------------------------------------- via the Application


async def test_start_command_gets_html_reply_with_keyboard(fake_api: FakeBotAPI, app: Application) -> None:
    fake_api.user_message("/start")

    call = await fake_api.wait_for("sendMessage")

    assert call.params["chat_id"] == CHAT
    assert call.params["text"] == "<b>Hello</b>, ask me who said what."
    assert call.params["parse_mode"] == "HTML"
    assert call.params["reply_markup"] == {"inline_keyboard": [[{"text": "More", "callback_data": "more:1"}]]}
    assert call.result["text"] == "Hello, ask me who said what."
    assert call.result["entities"] == [{"type": "bold", "offset": 0, "length": 5}]
    assert [method for method, _ in fake_api.transcript()][:2] == ["getMe", "deleteWebhook"]


async def test_successive_waits_find_successive_messages(fake_api: FakeBotAPI, app: Application) -> None:
    fake_api.user_message("first")
    fake_api.user_message("second @articlebot_test_bot")

    first = await fake_api.wait_for("sendMessage")
    second = await fake_api.wait_for("sendMessage")

    assert (first.params["text"], second.params["text"]) == ("first", "second @articlebot_test_bot")
    assert [m["text"] for m in fake_api.messages(CHAT)] == ["first", "second @articlebot_test_bot"]


async def test_button_press_is_answered_and_edits_the_message(fake_api: FakeBotAPI, app: Application) -> None:
    fake_api.user_message("/start")
    await fake_api.wait_for("sendMessage")

    query_id = fake_api.callback_query("more:1", message=fake_api.messages(CHAT)[-1])

    await fake_api.wait_for("answerCallbackQuery", lambda p: p["callback_query_id"] == query_id)
    edit = await fake_api.wait_for("editMessageText")
    assert edit.params["text"] == "You pressed more:1"
    [message] = fake_api.messages(CHAT)
    assert message["text"] == "You pressed more:1"
    assert "reply_markup" not in message


async def test_bot_downloads_a_user_document(fake_api: FakeBotAPI, app: Application) -> None:
    fake_api.document_message("quote.txt", b"Hello world", "text/plain", caption="check this")

    call = await fake_api.wait_for("sendMessage")

    assert call.params["text"] == "quote.txt: 11 bytes"
    assert fake_api.sent("getFile")[0].params["file_id"].startswith("doc-")


async def test_handler_exceptions_fail_the_running_block(fake_api: FakeBotAPI) -> None:
    async def broken(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await update.effective_message.reply_text("about to fail")
        raise RuntimeError("boom")

    application = application_builder(fake_api).build()
    application.add_handler(MessageHandler(filters.ALL, broken))
    with pytest.raises(AssertionError, match="boom"):
        async with running(application):
            fake_api.user_message("hi")
            await fake_api.wait_for("sendMessage")


# --------------------------------------------------------------------------- direct Bot calls


async def test_too_long_message_is_rejected(bot: Bot) -> None:
    await bot.send_message(CHAT, "x" * 4096)
    with pytest.raises(BadRequest, match="Message is too long"):
        await bot.send_message(CHAT, "x" * 4097)


async def test_length_counts_visible_text_not_markup(bot: Bot) -> None:
    await bot.send_message(CHAT, "<b>" + "x" * 4096 + "</b>", parse_mode="HTML")


@pytest.mark.parametrize(
    "text",
    ["<b>open", "<b>x</i>", "x</b>", "<p>x</p>", "a < b", '<span class="x">s</span>', "<b>x</b"],
)
async def test_malformed_html_is_rejected(bot: Bot, text: str) -> None:
    with pytest.raises(BadRequest, match="parse entities"):
        await bot.send_message(CHAT, text, parse_mode="HTML")


async def test_telegram_html_is_accepted(bot: Bot) -> None:
    text = (
        '<b>b</b> <i>i</i> <u>u</u> <s>s</s> <tg-spoiler>t</tg-spoiler> <a href="https://e.x">a</a>'
        ' <code>c</code> <pre><code class="language-python">p</code></pre> &lt;&amp;&gt; R&D'
        " <blockquote expandable>q</blockquote>"
    )
    message = await bot.send_message(CHAT, text, parse_mode="HTML")
    assert message.text == "b i u s t a c p <&> R&D q"
    assert message.text_html.startswith("<b>b</b> <i>i</i>")


async def test_empty_text_is_rejected(bot: Bot) -> None:
    with pytest.raises(BadRequest, match="Message text is empty"):
        await bot.send_message(CHAT, "<b> </b>", parse_mode="HTML")


async def test_reply_parameters_must_point_at_a_message(fake_api: FakeBotAPI, bot: Bot) -> None:
    question = fake_api.update(fake_api.user_message("question"))["message"]["message_id"]

    answer = await bot.send_message(
        CHAT,
        "answer",
        reply_parameters=ReplyParameters(question),
        link_preview_options=LinkPreviewOptions(is_disabled=True),
    )

    assert answer.reply_to_message.text == "question"
    params = fake_api.sent("sendMessage")[0].params
    assert params["reply_parameters"] == {"message_id": question}
    assert params["link_preview_options"] == {"is_disabled": True}
    with pytest.raises(BadRequest, match="Message to be replied not found"):
        await bot.send_message(CHAT, "answer", reply_parameters=ReplyParameters(999_999))


async def test_callback_data_over_64_bytes_is_rejected(bot: Bot) -> None:
    markup = InlineKeyboardMarkup([[InlineKeyboardButton("x", callback_data="é" * 33)]])
    with pytest.raises(BadRequest, match="Button_data_invalid"):
        await bot.send_message(CHAT, "hi", reply_markup=markup)


@pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")
async def test_fail_next_raises_retry_after_once(fake_api: FakeBotAPI, bot: Bot) -> None:
    fake_api.fail_next("sendMessage", 429, "Too Many Requests: retry after 1", retry_after=1)

    with pytest.raises(RetryAfter, match="Retry in 1"):
        await bot.send_message(CHAT, "hi")
    await bot.send_message(CHAT, "hi")

    assert [call.status for call in fake_api.sent("sendMessage")] == [429, 200]


async def test_file_download(fake_api: FakeBotAPI, bot: Bot) -> None:
    fake_api.add_file("file-1", b"\x00\r\nbinary\xff", file_name="blob.bin")

    file = await bot.get_file("file-1")

    assert await file.download_as_bytearray() == bytearray(b"\x00\r\nbinary\xff")
    with pytest.raises(BadRequest, match="Invalid file_id"):
        await bot.get_file("nope")


async def test_uploaded_document_can_be_fetched_back(fake_api: FakeBotAPI, bot: Bot) -> None:
    message = await bot.send_document(
        CHAT, b"%PDF-1.4\r\n", filename="a.pdf", caption="<i>pdf</i>", parse_mode="HTML"
    )

    upload = fake_api.sent("sendDocument")[0].params["document"]
    assert (upload.filename, upload.data) == ("a.pdf", b"%PDF-1.4\r\n")
    assert message.caption == "pdf"
    file = await bot.get_file(message.document.file_id)
    assert await file.download_as_bytearray() == b"%PDF-1.4\r\n"


async def test_edits_must_change_something(bot: Bot) -> None:
    message = await bot.send_message(CHAT, "hi", reply_markup=KEYBOARD)

    with pytest.raises(BadRequest, match="Message is not modified"):
        await bot.edit_message_text("hi", CHAT, message.message_id, reply_markup=KEYBOARD)
    await bot.edit_message_reply_markup(CHAT, message.message_id)  # removes the keyboard
    with pytest.raises(BadRequest, match="Message to edit not found"):
        await bot.edit_message_text("hello", CHAT, 999_999)


async def test_callback_query_can_be_answered_once(fake_api: FakeBotAPI, bot: Bot) -> None:
    message = (await bot.send_message(CHAT, "hi", reply_markup=KEYBOARD)).to_dict()
    query_id = fake_api.callback_query("more:1", message=message)

    assert await bot.answer_callback_query(query_id)
    with pytest.raises(BadRequest, match="Query is too old"):
        await bot.answer_callback_query(query_id)


async def test_inline_results_are_validated(fake_api: FakeBotAPI, bot: Bot) -> None:
    results = [Article("1", "One", TextContent("one")), Article("1", "Dup", TextContent("dup"))]

    with pytest.raises(BadRequest, match="Result_id_duplicate"):
        await bot.answer_inline_query(fake_api.inline_query("who"), results)
    assert await bot.answer_inline_query(fake_api.inline_query("who"), results[:1])


async def test_commands_are_validated_and_stored(bot: Bot) -> None:
    with pytest.raises(BadRequest, match="Bot_command_invalid"):
        await bot.set_my_commands([BotCommand("Bad-Name", "nope")])

    assert await bot.set_my_commands([BotCommand("start", "Say hello")])

    assert await bot.get_my_commands() == (BotCommand("start", "Say hello"),)
    assert await bot.delete_my_commands()
    assert await bot.get_my_commands() == ()


async def test_unknown_token_and_method(fake_api: FakeBotAPI, bot: Bot) -> None:
    with pytest.raises(EndPointNotFound):
        await bot.do_api_request("noSuchMethod")
    stranger = Bot(DEFAULT_TOKEN.replace("abc", "xyz"), base_url=fake_api.base_url)
    with pytest.raises(InvalidToken):
        async with stranger:
            pass
    assert fake_api.sent("getMe")[-1].status == 401


# --------------------------------------------------------------------------- the harness itself


async def test_wait_for_timeout_lists_recorded_calls(fake_api: FakeBotAPI, bot: Bot) -> None:
    await bot.send_message(CHAT, "unrelated")

    with pytest.raises(AssertionError, match="unrelated"):
        await fake_api.wait_for("sendMessage", lambda p: p["text"] == "wanted", timeout=0.1)


def _raw_call(fake: FakeBotAPI, method: str, **params: object) -> dict:
    data = "&".join(f"{k}={json.dumps(v) if not isinstance(v, str) else v}" for k, v in params.items())
    request = urllib.request.Request(f"{fake.base_url}{fake.token}/{method}", data=data.encode())
    with urllib.request.urlopen(request, timeout=5) as response:
        return json.load(response)


def test_wait_for_sync_sees_calls_from_other_processes_threads(fake_api: FakeBotAPI) -> None:
    sender = threading.Thread(
        target=_raw_call, args=(fake_api, "sendMessage"), kwargs={"chat_id": CHAT, "text": "42"}
    )
    sender.start()

    call = fake_api.wait_for_sync("sendMessage", timeout=5)
    sender.join()

    assert call.params == {"chat_id": CHAT, "text": "42"}


def test_long_poll_wakes_up_on_new_update(fake_api: FakeBotAPI) -> None:
    threading.Timer(0.1, fake_api.user_message, args=("ping",)).start()
    started = time.monotonic()

    response = _raw_call(fake_api, "getUpdates", timeout=30)

    assert time.monotonic() - started < 0.9
    assert response["result"][0]["message"]["text"] == "ping"


def test_stop_frees_port_and_threads_even_mid_long_poll() -> None:
    threads_before = set(threading.enumerate())
    fake = FakeBotAPI().start()
    port = fake.port
    outcome: list[object] = []

    def poll() -> None:
        try:
            outcome.append(_raw_call(fake, "getUpdates", timeout=30))
        except (OSError, http.client.HTTPException, ValueError) as exc:  # the server may hang up before
            outcome.append(exc)  # answering, or halfway through its answer: fine too

    poller = threading.Thread(target=poll)
    poller.start()
    time.sleep(0.1)

    started = time.monotonic()
    fake.stop()
    poller.join(timeout=2)

    assert time.monotonic() - started < 1.5  # generous: the machine may be busy with other work
    assert not poller.is_alive()
    assert len(outcome) == 1

    def left() -> list[threading.Thread]:
        return [
            t
            for t in set(threading.enumerate()) - threads_before
            if t.name.startswith("loopback-http") or "process_request" in t.name
        ]

    deadline = time.monotonic() + 5  # a connection thread may still be returning on a busy machine
    while left() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert left() == []  # the server's own threads are gone (other tests' stray threads are not its business)
    with pytest.raises(ConnectionRefusedError), socket.create_connection(("127.0.0.1", port)):
        pass
