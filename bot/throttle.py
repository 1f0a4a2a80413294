"""Keep one user from flooding the bot: a sliding window of questions per user."""

from __future__ import annotations

import time
from collections import defaultdict, deque
from dataclasses import dataclass, field


@dataclass
class Throttle:
    """At most ``limit`` questions per user in any ``window`` seconds; the caller tells the user once."""

    limit: int = 12
    window: float = 60.0
    _asked: dict[int, deque[float]] = field(default_factory=lambda: defaultdict(deque))
    _warned: dict[int, float] = field(default_factory=dict)

    def allow(self, user_id: int, now: float | None = None) -> bool:
        """Record a question; False when the user is over the limit."""
        now = time.monotonic() if now is None else now
        asked = self._asked[user_id]
        while asked and now - asked[0] >= self.window:
            asked.popleft()
        if len(asked) >= self.limit:
            return False
        asked.append(now)
        return True

    def should_warn(self, user_id: int, now: float | None = None) -> bool:
        """True the first time in a window that a throttled user should be told why."""
        now = time.monotonic() if now is None else now
        if now - self._warned.get(user_id, float("-inf")) < self.window:
            return False
        self._warned[user_id] = now
        return True
