"""Liveness for consumers: a file touched from the poll loop, at most once a second."""

from __future__ import annotations

import time
from pathlib import Path

TOUCH_INTERVAL = 1.0  # seconds


class HealthFile:
    def __init__(self, path: str | None) -> None:
        self._path = Path(path) if path else None
        self._last = 0.0

    def touch(self) -> None:
        if self._path is None:
            return
        now = time.monotonic()
        if now - self._last >= TOUCH_INTERVAL:
            self._path.touch()
            self._last = now
