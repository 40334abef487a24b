"""Wait for a condition instead of sleeping a fixed time (one helper for every test)."""

from __future__ import annotations

import time
from collections.abc import Callable


def wait_until(
    condition: Callable[[], bool],
    what: str = "condition",
    *,
    timeout: float = 90.0,
    interval: float = 0.1,
) -> None:
    """Poll ``condition`` until it holds; TimeoutError naming ``what`` after ``timeout`` s."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError(f"timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(interval)
