"""Keeps a running sync's lease alive: a thread renews it every ``every`` seconds until stopped.

A sync may outlive one lease period (a slow mailbox, provider backoff); renewing keeps another
replica from taking the integration over while this one still works on it. A holder that dies
stops renewing, so its lease expires and the next request for the integration takes over.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from services.domain.errors import RetryableError

log = logging.getLogger(__name__)


class LeaseHeartbeat:
    """``renew()`` returns False when the lease is no longer ours (it expired and was taken):
    the heartbeat then stops and ``lost`` is set; the sync's cursor is not stored."""

    def __init__(self, *, renew: Callable[[], bool], every: float, name: str) -> None:
        self._renew = renew
        self._every = every  # seconds
        self._stopped = threading.Event()
        self._thread = threading.Thread(target=self._run, name=f"lease-{name}", daemon=True)
        self.renewals = 0
        self.lost = False

    def start(self) -> LeaseHeartbeat:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopped.set()
        if self._thread.is_alive() and self._thread is not threading.current_thread():
            self._thread.join(timeout=10)

    def _run(self) -> None:
        while not self._stopped.wait(self._every):
            try:
                held = self._renew()
            except (
                RetryableError
            ):  # database briefly away or a lock timeout: try again at the next beat
                log.warning("lease renewal failed; retrying in %.1fs", self._every, exc_info=True)
                continue
            if not held:
                self.lost = True
                log.warning("sync lease lost: it expired and another sync took the integration")
                return
            self.renewals += 1
