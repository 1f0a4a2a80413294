"""Try `articlebot run` by hand without Telegram: a loopback Bot API, a loopback news site, a transcript.

    .venv/bin/python -m tests.e2e.session                 # the scripted session shown in the README
    .venv/bin/python -m tests.e2e.session -               # type your own lines (Ctrl-D to stop)

Starts the fake Bot API (``tests/e2e/fake_bot_api.py``) and a local site serving the demo article,
then the real ``articlebot run`` in a subprocess pointed at them (``TELEGRAM_BASE_URL``), with you as
an admin. Each input line is a message from you; ``tap: LABEL`` presses the button of that label
under the bot's latest message. The bot's messages are printed as a Telegram client shows them
(formatting applied), with their buttons; the bot is stopped with SIGTERM at the end.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable
from importlib import resources
from pathlib import Path
from typing import Any, TextIO

from tests.site import serve_site

from .fake_bot_api import FakeBotAPI

CHAT = 1001
ME = 2002
SCRIPT = (
    "/start",
    "{article}",
    "tap: Who said …",
    "what did Marsh say",
    "tap: Who else is quoted",
    "who said the library will float",
    "tap: What did",
)
QUIET = 0.8  # seconds without a new call from the bot: it has finished replying


def main(argv: list[str]) -> int:
    lines: Iterable[str] = sys.stdin if argv[1:] == ["-"] else SCRIPT
    demo = resources.files("bot").joinpath("data", "demo_article.txt").read_text(encoding="utf-8")
    with FakeBotAPI() as fake, serve_site() as site, tempfile.TemporaryDirectory() as folder:
        article = site.add("/riverside-library", demo, "text/plain; charset=utf-8")
        bot = start_bot(fake, Path(folder))
        try:
            settle(fake, 0)
            print(f"# articlebot run (pid {bot.pid}) polling the loopback Bot API at {fake.base_url}\n")
            for line in lines:
                play(fake, line.strip().replace("{article}", article), sys.stdout)
        finally:
            bot.send_signal(signal.SIGTERM)
            code = bot.wait(timeout=15)
        print(f"# SIGTERM: articlebot run exited with code {code}")
        return code


def start_bot(fake: FakeBotAPI, folder: Path) -> subprocess.Popen[bytes]:
    """``articlebot run`` (the console script next to this Python) against the fake server."""
    env = {
        **os.environ,
        "TELEGRAM_BOT_TOKEN": fake.token,
        "TELEGRAM_BASE_URL": fake.base_url,
        "TELEGRAM_BASE_FILE_URL": fake.base_file_url,
        "DATABASE_URL": f"sqlite:///{folder / 'session.db'}",
        "ADMIN_USER_IDS": str(ME),
        "FETCH_ALLOW_PRIVATE": "1",  # the "news site" is on 127.0.0.1
        "LOG_LEVEL": "WARNING",
    }
    command = Path(sys.executable).with_name("articlebot")
    return subprocess.Popen([str(command), "run"], env=env, cwd=folder)


def play(fake: FakeBotAPI, line: str, out: TextIO) -> None:
    """Send one line as the reader (or tap a button) and print the bot's reply."""
    if not line:
        return
    before = len(fake.calls)
    if line.startswith("tap:"):
        label = line.removeprefix("tap:").strip().rstrip("…").strip()
        message, button = find_button(fake, label)
        print(f"you tap [{button['text']}]", file=out)
        fake.callback_query(button["callback_data"], message=message, user_id=ME)
    else:
        print(f"you: {line}", file=out)
        fake.user_message(line, chat_id=CHAT, user_id=ME)
    for call in settle(fake, before):
        out.write(describe(call))
    print(file=out)


def find_button(fake: FakeBotAPI, label: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """The newest bot message with a callback button whose text starts with ``label``."""
    for message in reversed(fake.messages(CHAT)):
        for row in message.get("reply_markup", {}).get("inline_keyboard", []):
            for button in row:
                if button["text"].startswith(label) and "callback_data" in button:
                    return message, button
    raise SystemExit(f"no button starting with {label!r}")


def settle(fake: FakeBotAPI, since: int) -> list[Any]:
    """Wait until the bot has been quiet for a moment; return what it did since call ``since``."""
    deadline, seen, quiet_from = time.monotonic() + 20, -1, time.monotonic()
    while time.monotonic() < deadline:
        calls = [c for c in fake.calls[since:] if c.method not in ("getUpdates", "sendChatAction")]
        if len(calls) != seen:
            seen, quiet_from = len(calls), time.monotonic()
        elif calls and time.monotonic() - quiet_from >= QUIET:
            return calls
        time.sleep(0.05)
    return [c for c in fake.calls[since:] if c.method not in ("getUpdates", "sendChatAction")]


def describe(call: Any) -> str:
    """A bot call as the reader sees it."""
    if call.method == "answerCallbackQuery":
        return f"bot (toast): {call.params['text']}\n" if call.params.get("text") else ""
    if call.method not in ("sendMessage", "editMessageText") or not isinstance(call.result, dict):
        return ""
    verb = "bot" if call.method == "sendMessage" else "bot (edits its message)"
    text = call.result.get("text", "")
    rows = call.result.get("reply_markup", {}).get("inline_keyboard", [])
    keys = "\n".join("    " + "  ".join(f"[{b['text']}]" for b in row) for row in rows)
    body = "\n".join("    " + line for line in text.splitlines())
    return f"{verb}:\n{body}\n" + (f"{keys}\n" if keys else "")


if __name__ == "__main__":
    sys.exit(main(sys.argv))
