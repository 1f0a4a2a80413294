"""Updates handled side by side: one chat's updates in the order they came, different chats at once.

A slow link fetch or a stalled reply for one reader holds only that reader's chat. At most ``running``
updates are in their handlers at once; a chat with more than ``waiting_per_chat`` updates already queued
(someone flooding the bot while their first request is still running) has the excess dropped, so one chat
can never fill the queue for everyone else.
"""

from __future__ import annotations

import asyncio
import inspect
import logging
from collections.abc import Awaitable, Hashable
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor

logger = logging.getLogger(__name__)

MAX_RUNNING = 64  # updates in their handlers at once
MAX_WAITING_PER_CHAT = 16  # queued updates of one chat beyond the one running
MAX_ACCEPTED = 4096  # PTB's own bound on updates taken in (running or waiting for their chat)


def order_key(update: object) -> Hashable | None:
    """What an update must keep its order within: its chat; without one (inline queries, buttons under
    inline-mode messages), its user; otherwise nothing."""
    if not isinstance(update, Update):
        return None
    if update.effective_chat is not None:
        return ("chat", update.effective_chat.id)
    if update.effective_user is not None:
        return ("user", update.effective_user.id)
    return None


class PerChatUpdateProcessor(BaseUpdateProcessor):
    """Concurrent updates, serialised per chat, with a bound on how many run at once."""

    def __init__(self, running: int = MAX_RUNNING, waiting_per_chat: int = MAX_WAITING_PER_CHAT) -> None:
        super().__init__(max_concurrent_updates=MAX_ACCEPTED)
        self.running = running
        self.waiting_per_chat = waiting_per_chat
        self._slots = asyncio.BoundedSemaphore(running)
        self._locks: dict[Hashable, asyncio.Lock] = {}
        self._queued: dict[Hashable, int] = {}

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to free."""

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        key = order_key(update)
        if key is None:
            async with self._slots:
                await coroutine
            return
        if self._queued.get(key, 0) > self.waiting_per_chat:
            logger.warning("dropped an update of %r: %d already queued", key, self._queued[key])
            if inspect.iscoroutine(coroutine):
                coroutine.close()
            return
        self._queued[key] = self._queued.get(key, 0) + 1
        lock = self._locks.setdefault(key, asyncio.Lock())
        try:
            async with lock, self._slots:
                await coroutine
        finally:
            self._queued[key] -= 1
            if not self._queued[key]:  # the chat is idle: forget it (bounded memory over many chats)
                del self._queued[key]
                del self._locks[key]
