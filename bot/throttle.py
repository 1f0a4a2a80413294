"""Keep one user from flooding the bot: the limit on questions per window, and telling them once."""

from __future__ import annotations

import time
from dataclasses import dataclass, field


@dataclass
class Throttle:
    """At most ``limit`` questions per user in any ``window`` seconds, counted by the library in the
    database (so across every replica: ``knowledge.Library.allow_question``); the user is told once."""

    limit: int = 12
    window: float = 60.0
    _warned: dict[int, float] = field(default_factory=dict)

    def should_warn(self, user_id: int, now: float | None = None) -> bool:
        """True the first time in a window that a throttled user should be told why."""
        now = time.monotonic() if now is None else now
        if now - self._warned.get(user_id, float("-inf")) < self.window:
            return False
        self._warned[user_id] = now
        return True
