"""The running watches: a disconnected integration's push state is forgotten only after its
watch thread ended (so the watch's own last record cannot come after), a moving one never."""

from __future__ import annotations

import threading

from schemas.contracts.models import ImapWatch
from services.imapwatcher.handler import WatchPlan
from services.imapwatcher.watches import Watches

RECORD = ImapWatch(integration_id=7, tenant_id=1, host="imap.example.com", port=993, username="u")


def watches_with_events() -> tuple[Watches, list[str]]:
    events: list[str] = []
    started = threading.Event()

    def run_watch(record: ImapWatch, stop: threading.Event) -> None:
        started.set()
        stop.wait()
        events.append(f"{record.integration_id} ended")

    watches = Watches(run_watch, forget=lambda i: events.append(f"{i} off"))
    watches.apply(WatchPlan(start=(RECORD,)))
    assert started.wait(5)
    return watches, events


def test_a_tombstoned_watch_is_forgotten_after_it_ended() -> None:
    watches, events = watches_with_events()
    watches.apply(WatchPlan(stop=(7,), forget=(7,)))
    assert events == ["7 ended", "7 off"]


def test_a_moving_watch_and_a_shutdown_forget_nothing() -> None:
    watches, events = watches_with_events()
    watches.apply(WatchPlan(stop=(7,)))
    assert events == ["7 ended"]
    watches.apply(WatchPlan(start=(RECORD,)))
    watches.stop_all()
    assert events == ["7 ended", "7 ended"]
