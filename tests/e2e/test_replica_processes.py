"""Two `articlebot run --webhook` processes on one PostgreSQL database, as an operator runs them behind a
load balancer: each update is answered once, a reader's question limit and an article added from both at
once are shared, and each replica stops cleanly."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
from sqlalchemy import create_engine, text

from bot.messages import say
from tests.builders import FERRY_STORY, make_html
from tests.site import Site, serve_site

from .fake_bot_api import FakeBotAPI
from .test_webhook import SECRET, free_port, message_update

ROOT = Path(__file__).resolve().parents[2]
HEADERS = {"Content-Type": "application/json", "X-Telegram-Bot-Api-Secret-Token": SECRET}
QUESTION = "who said the old maps are simply wrong"
ADMIN = 2002  # the sender of ``message_update``


@pytest.fixture
def site() -> Iterator[Site]:
    with serve_site() as running:
        yield running


class Replica:
    """One `articlebot run --webhook` process, its port and its log."""

    def __init__(self, fake_api: FakeBotAPI, database: str, folder: Path, name: str) -> None:
        self.port = free_port()
        self.log = folder / f"{name}.log"
        names = ("TELEGRAM_BOT_TOKEN", "TELEGRAM_BASE_URL", "DATABASE_URL", "LOG_LEVEL", "AUTO_MIGRATE")
        env = {key: value for key, value in os.environ.items() if key not in names}
        env.update(
            PYTHONPATH=str(ROOT),
            TELEGRAM_BOT_TOKEN=fake_api.token,
            TELEGRAM_BASE_URL=fake_api.base_url,
            TELEGRAM_BASE_FILE_URL=fake_api.base_file_url,
            WEBHOOK_URL="https://bot.example.org/hook",
            WEBHOOK_LISTEN="127.0.0.1",
            WEBHOOK_PORT=str(self.port),
            WEBHOOK_SECRET=SECRET,
            EMBEDDING_MODEL="none",
            ADMIN_USER_IDS=str(ADMIN),
            FETCH_ALLOW_PRIVATE="1",  # the article's page is on this machine's loopback
        )
        with self.log.open("wb") as output:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "bot", "--db", database, "run", "--webhook"],
                cwd=folder,
                env=env,
                stdout=output,
                stderr=subprocess.STDOUT,
            )

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hook"

    def wait_until_healthy(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.process.poll() is None, self.log.read_text(errors="replace")
            try:
                if httpx.get(f"http://127.0.0.1:{self.port}/healthz", timeout=1).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.2)
        raise AssertionError(f"the replica never became healthy: {self.log.read_text(errors='replace')}")

    def stop(self) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        try:
            return self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            raise


def post_at_once(urls: list[str], updates: list[dict[str, object]]) -> None:
    """Post each update to its replica, all at the same moment."""
    with ThreadPoolExecutor(len(urls)) as pool:
        answers = list(
            pool.map(
                lambda pair: httpx.post(pair[0], content=json.dumps(pair[1]), headers=HEADERS, timeout=30),
                zip(urls, updates, strict=True),
            )
        )
    assert [a.status_code for a in answers] == [200] * len(urls)


def sent_soon(fake_api: FakeBotAPI, count: int, timeout: float = 20) -> list[str]:
    """The texts sent once ``count`` messages have been, and a second more for any extra one."""
    deadline = time.monotonic() + timeout
    while len(fake_api.sent("sendMessage")) < count and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(1.0)
    return [call.params["text"] for call in fake_api.sent("sendMessage")]


def _wait_for_messages(fake_api: FakeBotAPI, count: int, timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while len(fake_api.sent("sendMessage")) < count:
        assert time.monotonic() < deadline, f"fewer than {count} messages were sent"
        time.sleep(0.02)


def test_two_replica_processes_share_one_postgresql_database(
    fake_api: FakeBotAPI, shared_database: str, site: Site, tmp_path: Path
) -> None:
    replicas = [Replica(fake_api, shared_database, tmp_path, name) for name in ("one", "two")]
    try:
        for replica in replicas:
            replica.wait_until_healthy()
        urls = [r.url for r in replicas]

        # The same update delivered to both replicas at once is answered once.
        post_at_once(urls, [message_update(1, QUESTION)] * 2)
        texts = sent_soon(fake_api, 1)
        assert len(texts) == 1 and "Oren Adeyemi" in texts[0]

        # The same link sent to both at once (two updates): the article is stored once, both reply.
        link = site.add("/ferry", make_html(*FERRY_STORY))
        post_at_once(urls, [message_update(2, link), message_update(3, link)])
        texts = sent_soon(fake_api, 3)[1:]
        assert len(texts) == 2, texts
        assert not any("could not" in t.lower() or "error" in t.lower() for t in texts), texts
        engine = create_engine(shared_database)
        with engine.connect() as conn:
            stored = conn.execute(text("SELECT count(*) FROM articles WHERE url = :u"), {"u": link}).scalar()
        engine.dispose()
        assert stored == 1

        # One reader's questions are counted across both replicas: 12 a minute, the first one included.
        for number in range(12):  # one at a time, alternating replicas, each answered before the next
            post_at_once([urls[number % 2]], [message_update(10 + number, QUESTION)])
            _wait_for_messages(fake_api, 3 + number + 1)
        texts = sent_soon(fake_api, 3 + 12)[3:]
        slow_down = say("slow_down")
        assert len(texts) == 12 and texts[:11].count(slow_down) == 0 and texts[11] == slow_down, texts
    finally:
        codes = [replica.stop() for replica in replicas]
    logs = [r.log.read_text(errors="replace") for r in replicas]
    assert codes == [0, 0], logs
    assert all("Traceback" not in log for log in logs), logs
