"""What an operator watches: /healthz and Prometheus /metrics, on the webhook server and, in polling mode,
on METRICS_PORT; the counters move as readers ask."""

from __future__ import annotations

from pathlib import Path

import httpx

from bot.app import build_application
from knowledge.library import Library

from .fake_bot_api import FakeBotAPI
from .harness import bot_settings, running
from .test_bot import CHAT, reply_to
from .test_webhook import SECRET, free_port, message_update, webhook_bot


def metric(page: str, name: str) -> float:
    """The value of one sample line of a Prometheus text page (0 when absent)."""
    for line in page.splitlines():
        if line.startswith(name + " "):
            return float(line.split()[-1])
    return 0.0


async def test_polling_mode_serves_health_and_metrics_on_its_port(
    fake_api: FakeBotAPI, library: Library
) -> None:
    port = free_port()
    application = build_application(bot_settings(fake_api, metrics_port=port), library)
    async with running(application, poll_timeout=1) as started:
        assert started.post_init is not None
        await started.post_init(started)
        try:
            async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}") as client:
                health = await client.get("/healthz")
                assert health.status_code == 200
                assert health.json()["status"] == "ok"
                before = (await client.get("/metrics")).text
                await reply_to(fake_api, "who said the lighthouse will be painted purple")  # refused
                await reply_to(fake_api, "who is quoted?")
                page = await client.get("/metrics")
        finally:
            started.bot_data.operator_server.stop()  # type: ignore[union-attr]
    assert page.headers["content-type"].startswith("text/plain")
    text = page.text
    assert metric(text, 'articlebot_questions_total{intent="who_said"}') == 1 + metric(
        before, 'articlebot_questions_total{intent="who_said"}'
    )
    assert metric(text, 'articlebot_questions_total{intent="people"}') >= 1
    assert metric(text, 'articlebot_refusals_total{intent="who_said"}') == 1
    assert metric(text, "articlebot_answer_seconds_count") == 2
    assert CHAT


async def test_the_webhook_server_serves_health_and_metrics(fake_api: FakeBotAPI, library: Library) -> None:
    async with webhook_bot(fake_api, library) as url:
        base = url.rsplit("/", 1)[0]
        async with httpx.AsyncClient() as client:
            await client.post(
                url,
                json=message_update(1, "who is quoted?"),
                headers={"X-Telegram-Bot-Api-Secret-Token": SECRET},
            )
            await fake_api.wait_for("sendMessage", timeout=10)
            health = await client.get(f"{base}/healthz")
            page = (await client.get(f"{base}/metrics")).text
    assert health.status_code == 200 and "articles" in health.json()["detail"]
    assert metric(page, 'articlebot_questions_total{intent="people"}') == 1


def test_health_fails_on_a_schema_older_than_the_code(library: Library) -> None:
    with library.engine.begin() as conn:
        conn.exec_driver_sql("DROP TABLE article_vectors")  # as a database of release 0.1.0 lacks it
    healthy, detail = library.health()
    assert not healthy and "article_vectors" in detail


def test_health_fails_when_the_database_cannot_be_reached(tmp_path: Path) -> None:
    library = Library(f"sqlite:///{tmp_path / 'gone.db'}")
    (tmp_path / "gone.db").unlink()
    (tmp_path / "gone.db").mkdir()  # the file is gone and cannot be made again
    library.engine.dispose()
    healthy, detail = library.health()
    assert not healthy and "unavailable" in detail
