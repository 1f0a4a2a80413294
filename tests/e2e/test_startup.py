"""`articlebot run` as a process: start-up failures end in one clear line (no traceback, no secret), and
no secret (token, database password, webhook secret) reaches the log, even at DEBUG."""

from __future__ import annotations

import json
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

from bot.cli import load_demo
from knowledge.library import Library

from .fake_bot_api import FakeBotAPI
from .test_bot import bot_env

WEBHOOK_SECRET = "hook-Secret_0123456789"
DB_PASSWORD = "pg-Passw0rd-xyz"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def run_bot(tmp_path: Path, database: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", "--db", database, "run"],
        cwd=tmp_path,
        env=bot_env(LOG_LEVEL="INFO", **env),
        capture_output=True,
        text=True,
        timeout=60,
    )


def assert_one_clear_line(result: subprocess.CompletedProcess[str], starts: str, *secrets: str) -> None:
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith(starts), result.stderr
    assert not [line for line in result.stderr.splitlines() if " ERROR " in line or " CRITICAL " in line]
    for secret in secrets:
        assert secret not in result.stderr


def test_a_rejected_token_ends_in_one_line_without_the_token(fake_api: FakeBotAPI, tmp_path: Path) -> None:
    token = "999999:Rejected-token-abcdef"
    result = run_bot(
        tmp_path, f"sqlite:///{tmp_path / 'a.db'}", TELEGRAM_BOT_TOKEN=token, TELEGRAM_BASE_URL=fake_api.base_url
    )
    assert_one_clear_line(result, "articlebot: Telegram rejected TELEGRAM_BOT_TOKEN", token, "Rejected-token-abcdef")


def test_an_unreachable_bot_api_ends_in_one_line(tmp_path: Path) -> None:
    result = run_bot(
        tmp_path,
        f"sqlite:///{tmp_path / 'a.db'}",
        TELEGRAM_BOT_TOKEN="123456:Secret-token-abcdef",
        TELEGRAM_BASE_URL=f"http://127.0.0.1:{free_port()}/bot",  # nothing listens there
    )
    assert_one_clear_line(result, "articlebot: cannot use the Telegram Bot API", "Secret-token-abcdef")


def test_an_unreachable_database_ends_in_one_line_without_the_password(tmp_path: Path) -> None:
    database = f"postgresql://reader:{DB_PASSWORD}@127.0.0.1:{free_port()}/articles"
    result = run_bot(tmp_path, database, TELEGRAM_BOT_TOKEN="123456:Secret-token-abcdef")
    assert_one_clear_line(result, "articlebot: Cannot open the database", DB_PASSWORD)
    assert "reader:***@127.0.0.1" in result.stderr


def test_no_secret_is_logged_at_debug_in_webhook_mode(fake_api: FakeBotAPI, tmp_path: Path) -> None:
    database = f"sqlite:///{tmp_path / 'hook.db'}"
    knowledge = Library(database)
    load_demo(knowledge)
    knowledge.close()
    port = free_port()
    env = bot_env(
        TELEGRAM_BOT_TOKEN=fake_api.token,
        TELEGRAM_BASE_URL=fake_api.base_url,
        TELEGRAM_BASE_FILE_URL=fake_api.base_file_url,
        LOG_LEVEL="DEBUG",  # PTB logs setWebhook's parameters, and every update, at DEBUG
        WEBHOOK_URL="https://bot.example.org/hook",
        WEBHOOK_SECRET=WEBHOOK_SECRET,
        WEBHOOK_LISTEN="127.0.0.1",
        WEBHOOK_PORT=str(port),
    )
    log = tmp_path / "bot.log"
    with log.open("wb") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "bot", "--db", database, "run", "--webhook"],
            cwd=tmp_path,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        hook = fake_api.wait_for_sync("setWebhook", timeout=20)
        update = {
            "update_id": 1,
            "message": {
                "message_id": 11,
                "date": 1700000000,
                "chat": {"id": 1001, "type": "private", "first_name": "Reader"},
                "from": {"id": 2002, "is_bot": False, "first_name": "Reader"},
                "text": "who said the old maps are simply wrong",
            },
        }
        headers = {"Content-Type": "application/json", "X-Telegram-Bot-Api-Secret-Token": WEBHOOK_SECRET}
        posted = None
        for _ in range(200):  # the server listens right after setWebhook
            try:
                posted = httpx.post(f"http://127.0.0.1:{port}/hook", content=json.dumps(update), headers=headers)
                break
            except httpx.TransportError:
                time.sleep(0.05)  # not up yet: try again
        answer = fake_api.wait_for_sync("sendMessage", timeout=15)
        process.send_signal(signal.SIGTERM)
        returncode = process.wait(timeout=15)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    logs = log.read_text(encoding="utf-8", errors="replace")
    assert returncode == 0, logs
    assert hook.params["secret_token"] == WEBHOOK_SECRET  # Telegram got it ...
    assert posted is not None and posted.status_code == 200 and "Oren Adeyemi" in answer.params["text"]
    assert "setWebhook" in logs  # ... PTB logged the call at DEBUG ...
    assert WEBHOOK_SECRET not in logs  # ... and the log never shows it
    assert fake_api.token.split(":", 1)[1] not in logs
