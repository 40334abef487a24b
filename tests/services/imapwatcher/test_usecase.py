"""The watch loop against a scripted connection (our own Idler protocol, no IMAP library):
IDLE re-issued when due, EXISTS notifies, a failure reconnects with backoff and notifies."""

from __future__ import annotations

import imaplib
import threading

from services.imapwatcher.usecase import MailboxUnavailable, WatchTiming, watch_mailbox

TIMING = WatchTiming(renew_seconds=10.0, backoff_base_seconds=0.001, backoff_max_seconds=0.01)


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


class ScriptedIdler:
    """Each ``responses`` call advances the clock by its timeout and returns the next scripted
    batch; the script running out stops the watch."""

    def __init__(
        self, script: list[object], clock: Clock, stop: threading.Event, log: list[str]
    ) -> None:
        self.script, self.clock, self.stop, self.log = script, clock, stop, log

    def open(self) -> None:
        self.log.append("open")
        if self.script and isinstance(self.script[0], Exception):
            raise self.script.pop(0)  # type: ignore[misc]

    def start_idle(self) -> None:
        self.log.append("idle")

    def responses(self, timeout: float) -> list[object]:
        self.clock.now += timeout
        if not self.script:
            self.stop.set()
            return []
        batch = self.script.pop(0)
        if isinstance(batch, Exception):
            raise batch
        assert isinstance(batch, list)
        return batch

    def end_idle(self) -> None:
        self.log.append("done")

    def close(self) -> None:
        self.log.append("close")


def run(script: list[object]) -> tuple[list[str], int]:
    stop, clock = threading.Event(), Clock()
    log: list[str] = []
    notified: list[int] = []
    idler = ScriptedIdler(script, clock, stop, log)
    watch_mailbox(
        7,
        lambda: idler,
        lambda: notified.append(1),
        timing=TIMING,
        stop=stop,
        clock=clock,
    )
    return log, len(notified)


def test_exists_ends_the_idle_round_and_requests_a_sync() -> None:
    log, notified = run([[], [(b"OK", b"Still here")], [(5, b"EXISTS")], []])
    assert notified == 1
    assert log == ["open", "idle", "done", "idle", "done", "close"]


def test_idle_is_reissued_when_renewal_is_due_without_a_sync() -> None:
    # each empty wait lasts 1 s (the check interval): 10 of them reach the 10 s renewal
    log, notified = run([[] for _ in range(15)])
    assert notified == 0
    assert log[:3] == ["open", "idle", "done"]
    assert log.count("idle") == 2


def test_a_lost_connection_reconnects_and_requests_a_sync_for_the_gap() -> None:
    lost = imaplib.IMAP4.abort("socket error: EOF")
    log, notified = run([[], lost, ConnectionRefusedError(), []])
    assert log == ["open", "idle", "close", "open", "close", "open", "idle", "done", "close"]
    assert notified == 1  # after the reconnect: mail may have arrived while nobody idled


def test_no_credentials_to_connect_with_backs_off_and_tries_again() -> None:
    """``connect`` reads the password at every attempt: an inactive integration (or a database
    that does not answer) is a failure like a refused connection, not the end of the watch."""
    stop, clock = threading.Event(), Clock()
    log: list[str] = []
    idler = ScriptedIdler([[]], clock, stop, log)
    attempts: list[int] = []

    def connect() -> ScriptedIdler:
        attempts.append(1)
        if len(attempts) < 3:
            raise MailboxUnavailable("integration inactive")
        return idler

    notified: list[int] = []
    watch_mailbox(7, connect, lambda: notified.append(1), timing=TIMING, stop=stop, clock=clock)
    assert len(attempts) == 3
    assert log == ["open", "idle", "done", "close"]
    assert notified == [1]  # the gap is covered as after any failure
