"""A one-line progress bar for long ingestion runs, shown only on a terminal."""

from __future__ import annotations

import sys
from typing import TextIO


class Progress:
    """Draw ``[#####.....] 5/10 name`` on ``stream`` (stderr); results still print on stdout."""

    def __init__(self, total: int, *, enabled: bool, stream: TextIO | None = None, width: int = 30) -> None:
        self.total, self.enabled, self.width = total, enabled, width
        self.stream = stream or sys.stderr
        self.done = 0

    def step(self, label: str) -> None:
        """Advance by one and redraw."""
        self.done += 1
        if self.enabled:
            filled = self.width * self.done // max(self.total, 1)
            bar = "#" * filled + "." * (self.width - filled)
            self.stream.write(f"\r[{bar}] {self.done}/{self.total} {label[-40:]:<40}")
            self.stream.flush()

    def print(self, line: str) -> None:
        """Print a result line without tearing the bar."""
        if self.enabled:
            self.stream.write("\r" + " " * (self.width + 60) + "\r")
        print(line)

    def close(self) -> None:
        """Clear the bar."""
        if self.enabled:
            self.stream.write("\r" + " " * (self.width + 60) + "\r")
            self.stream.flush()
