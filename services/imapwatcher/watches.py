"""The running watches: one thread per watched integration, started and stopped by plans."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from schemas.contracts.models import ImapWatch
from services.imapwatcher.handler import WatchPlan

log = logging.getLogger(__name__)
# seconds all stopping watches get, together, to close their connections (a thread blocked in a
# slow server's response ends by itself at its next check; it is a daemon)
STOP_TIMEOUT = 5.0
# runs one integration's watch until the event is set (usecase.watch_mailbox, wired)
RunWatch = Callable[[ImapWatch, threading.Event], None]
# clears a disconnected integration's push state (watch_state.forget_watch_state, wired)
ForgetWatch = Callable[[int], None]


@dataclass
class _Watch:
    watch: ImapWatch
    stop: threading.Event
    thread: threading.Thread


class Watches:
    def __init__(self, run_watch: RunWatch, forget: ForgetWatch | None = None) -> None:
        self._run_watch, self._forget = run_watch, forget
        self._watches: dict[int, _Watch] = {}
        self._lock = threading.Lock()  # ``running`` is read from other threads (tests, health)

    def running(self) -> dict[int, ImapWatch]:
        with self._lock:
            return {i: w.watch for i, w in self._watches.items()}

    def apply(self, plan: WatchPlan) -> None:
        """Stop first (all at once), then forget the disconnected ones (after the join, so a
        stopping watch's last record comes before), then start."""
        with self._lock:
            stopping = [self._watches.pop(i) for i in plan.stop if i in self._watches]
        for watch in stopping:
            watch.stop.set()
        deadline = time.monotonic() + STOP_TIMEOUT
        for watch in stopping:
            watch.thread.join(timeout=max(0.0, deadline - time.monotonic()))
            log.info("IMAP watch: integration %s stopped", watch.watch.integration_id)
        if self._forget is not None:
            for integration_id in plan.forget:
                self._forget(integration_id)
        for record in plan.start:
            self._start(record)

    def stop_all(self) -> None:
        self.apply(WatchPlan(stop=tuple(self.running())))

    def _start(self, record: ImapWatch) -> None:
        stop = threading.Event()
        thread = threading.Thread(
            target=self._run_watch,
            args=(record, stop),
            name=f"idle-{record.integration_id}",
            daemon=True,
        )
        with self._lock:
            self._watches[record.integration_id] = _Watch(record, stop, thread)
        thread.start()
