"""Adding articles in Telegram: links and documents, admins only by default (real PTB, loopback API)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from pathlib import Path

import pytest
from telegram.ext import Application

from bot.app import build_application
from bot.config import Settings
from knowledge.ingest.fetch import FetchOptions
from knowledge.library import Library
from tests.builders import FERRY_STORY, make_dump, make_feed, make_html, make_pdf
from tests.site import Site, serve_site

from .fake_bot_api import FakeBotAPI
from .harness import running

ADMIN, READER = 2002, 3003


@pytest.fixture
def library(tmp_path: Path) -> Iterator[Library]:
    lib = Library(
        f"sqlite:///{tmp_path / 'bot.db'}", fetch_options=FetchOptions(allowed_hosts=frozenset({"127.0.0.1"}))
    )
    yield lib
    lib.close()


@pytest.fixture
def site() -> Iterator[Site]:
    with serve_site() as running_site:
        yield running_site


@asynccontextmanager
async def serving(fake: FakeBotAPI, library: Library, **settings: object) -> AsyncIterator[Application]:  # type: ignore[type-arg]
    config = Settings(
        telegram_bot_token=fake.token,
        telegram_base_url=fake.base_url,
        telegram_base_file_url=fake.base_file_url,
        admin_user_ids=frozenset({ADMIN}),
        **settings,
    )  # type: ignore[arg-type]
    async with running(build_application(config, library)) as app:
        yield app


async def test_admin_sends_a_text_file(fake_api: FakeBotAPI, library: Library) -> None:
    async with serving(fake_api, library):
        fake_api.document_message("ferry.txt", make_dump(*FERRY_STORY).encode(), "text/plain", user_id=ADMIN)
        reply = await fake_api.wait_for("sendMessage", timeout=5)
    text = reply.params["text"]
    assert text.startswith("Added #1 <b>Harbour Town Debates New Ferry Schedule</b>")
    assert "quotes." in text and "Tap a question below" in text
    assert len(reply.params["reply_markup"]["inline_keyboard"]) == 3  # example questions as buttons
    assert [fake_api.sent("getFile")[0].ok] == [True]
    assert library.ask("who said nobody asked the island").excerpts[0].speaker == "Priya Nair"


async def test_admin_sends_a_pdf_and_the_same_file_again(fake_api: FakeBotAPI, library: Library) -> None:
    pdf = make_pdf([["Board adds evening ferries", *FERRY_STORY[1:4]]])
    async with serving(fake_api, library):
        fake_api.document_message("release.pdf", pdf, "application/pdf", user_id=ADMIN)
        first = await fake_api.wait_for("sendMessage", timeout=5)
        fake_api.document_message("release.pdf", pdf, "application/pdf", user_id=ADMIN)
        second = await fake_api.wait_for("sendMessage", timeout=5)
    assert first.params["text"].startswith("Added #1 <b>Board adds evening ferries</b>")
    assert second.params["text"].startswith("I already have #1")
    assert len(library.articles()) == 1


async def test_unreadable_file_gets_a_clear_message_and_stores_nothing(
    fake_api: FakeBotAPI, library: Library
) -> None:
    async with serving(fake_api, library):
        fake_api.document_message("scan.pdf", b"%PDF-1.4 broken", "application/pdf", user_id=ADMIN)
        reply = await fake_api.wait_for("sendMessage", timeout=5)
    assert reply.params["text"].startswith("I couldn't add that:")
    assert "Traceback" not in reply.params["text"]
    assert library.articles() == []


async def test_reader_who_is_not_admin_is_refused_politely(fake_api: FakeBotAPI, library: Library) -> None:
    async with serving(fake_api, library):
        fake_api.document_message("ferry.txt", make_dump(*FERRY_STORY).encode(), "text/plain", user_id=READER)
        reply = await fake_api.wait_for("sendMessage", timeout=5)
    assert "only the bot's admins can add articles" in reply.params["text"]
    assert fake_api.sent("getFile") == []
    assert library.articles() == []


async def test_open_setting_lets_anyone_add_a_link(
    fake_api: FakeBotAPI, library: Library, site: Site
) -> None:
    url = site.add("/ferry", make_html(*FERRY_STORY))
    async with serving(fake_api, library, add_articles="anyone"):
        fake_api.user_message(url, user_id=READER)
        reply = await fake_api.wait_for("sendMessage", timeout=5)
    assert reply.params["text"].startswith("Added #1 <b>Harbour Town Debates New Ferry Schedule</b>")
    assert library.articles()[0].url == url


async def test_link_to_a_private_address_is_refused(
    fake_api: FakeBotAPI, library: Library, site: Site
) -> None:
    url = site.redirect("/go", "http://192.168.0.10/admin")
    async with serving(fake_api, library):
        fake_api.user_message(url, user_id=ADMIN)
        reply = await fake_api.wait_for("sendMessage", timeout=5)
    assert reply.params["text"].startswith("I couldn't add that:")
    assert library.articles() == []


async def test_configured_feeds_are_polled_by_the_job_queue(
    fake_api: FakeBotAPI, library: Library, site: Site
) -> None:
    site.add("/a", make_html(*FERRY_STORY, title="Ferry story one"))
    feed = site.add("/feed.xml", make_feed(site.base, ["/a"]), "application/rss+xml")
    async with serving(fake_api, library, feeds=(feed,), feed_interval_minutes=60) as app:
        [job] = app.job_queue.get_jobs_by_name("feeds")
        await job.run(app)
        await job.run(app)  # the second poll finds nothing new
    assert [a.title for a in library.articles()] == ["Ferry story one"]
    assert site.requests.count("/a") == 1
