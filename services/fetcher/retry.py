"""The seed's retry table for provider calls, on stamina.

Rate limits and network/server faults: up to 3 retries with exponential backoff (1 s base),
honouring Retry-After. A wait longer than MAX_WAIT is not slept in a worker: the call gives up
and the sync run fails, to be re-driven later. Expired or revoked credentials are never retried.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

import stamina

from services.fetcher.providers.base import RateLimited, Transient

T = TypeVar("T")
MAX_WAIT = 60.0  # seconds


@dataclass(frozen=True)
class RetryPolicy:
    retries: int = 3
    wait_initial: float = 1.0  # seconds
    wait_max: float = 30.0  # seconds
    max_wait: float = MAX_WAIT  # seconds; a longer Retry-After gives up instead of sleeping

    def should_retry(self, exc: BaseException) -> bool | dt.timedelta:
        """stamina's hook: False = give up, True = backoff, a timedelta = wait exactly that."""
        if isinstance(exc, RateLimited):
            if exc.retry_after is None:
                return True
            if exc.retry_after > self.max_wait:
                return False
            return dt.timedelta(seconds=exc.retry_after)
        return isinstance(exc, Transient)

    def call(self, fn: Callable[[], T]) -> T:
        # The first attempt runs bare: stamina's context costs more than reading a local file
        # (a sync fetches every email through here). A retryable failure is handed to stamina
        # as its first attempt's, so the retries and their waits are the table's all the same.
        try:
            return fn()
        except Exception as exc:
            if not self.should_retry(exc):
                raise
            failed: list[Exception] = [exc]

        def attempt_again() -> T:
            if failed:
                raise failed.pop()
            return fn()

        return self._with_retries(attempt_again)

    def _with_retries(self, fn: Callable[[], T]) -> T:
        for attempt in stamina.retry_context(
            on=self.should_retry,
            attempts=self.retries + 1,
            timeout=None,
            wait_initial=self.wait_initial,
            wait_max=self.wait_max,
        ):
            with attempt:
                return fn()
        raise AssertionError("unreachable: stamina re-raises the last error")
