"""End-to-end: with an encoder, the running bot makes the missing sentence vectors in the background, and a
question in other words than the article's is answered through Telegram."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest
from telegram.ext import Application

from knowledge.library import Library
from tests.builders import FERRY_STORY, StandInEncoder, make_dump
from tests.knowledge.answer.test_meaning import CONCEPTS

from .fake_bot_api import FakeBotAPI
from .test_bot import assert_html_reply, reply_to


@pytest.fixture
def library(tmp_path: Path) -> Iterator[Library]:
    """The ferry story stored in bulk: searchable by its words, not yet by meaning."""
    knowledge = Library(f"sqlite:///{tmp_path / 'bot.db'}", encoder=StandInEncoder(CONCEPTS))
    list(knowledge.ingest_many([make_dump(*FERRY_STORY)], workers=1))
    assert knowledge.vectors_missing() == 1
    yield knowledge
    knowledge.close()


async def test_the_bot_catches_up_vectors_and_answers_a_reworded_question(
    fake_api: FakeBotAPI,
    app: Application,
    library: Library,  # type: ignore[type-arg]
) -> None:
    for _ in range(100):  # the job runs 3 s after start
        if library.vectors_missing() == 0:
            break
        await asyncio.sleep(0.1)
    assert library.vectors_missing() == 0
    call = await reply_to(fake_api, "when is the ferry adding sailings after dark?")
    assert_html_reply(call)
    assert "evening ferry crossings" in call.params["text"]
