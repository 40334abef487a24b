"""The watch loop against a scripted connection (our own Idler protocol, no IMAP library):
every connect notifies (a catch-up), IDLE re-issued when due, EXISTS notifies, a failure
reconnects with backoff."""

from __future__ import annotations

import imaplib
import threading
from datetime import datetime

from imapclient.exceptions import LoginError

from services.imapwatcher.usecase import MailboxUnavailable, WatchTiming, watch_mailbox
from services.imapwatcher.watch_health import FAILED_AFTER, FailureKind
from services.imapwatcher.watch_state import WatchState

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


def test_connecting_requests_a_catch_up_sync() -> None:
    """A watcher (re)started after a crash, or a new owner of the integration: mail may have
    arrived while nobody idled."""
    log, notified = run([[]])
    assert log == ["open", "idle", "done", "close"]
    assert notified == 1


def test_exists_ends_the_idle_round_and_requests_a_sync() -> None:
    log, notified = run([[], [(b"OK", b"Still here")], [(5, b"EXISTS")], []])
    assert notified == 1 + 1  # the catch-up, then the EXISTS
    assert log == ["open", "idle", "done", "idle", "done", "close"]


def test_idle_is_reissued_when_renewal_is_due_without_a_sync() -> None:
    # each empty wait lasts 1 s (the check interval): 10 of them reach the 10 s renewal
    log, notified = run([[] for _ in range(15)])
    assert notified == 1  # the catch-up only
    assert log[:3] == ["open", "idle", "done"]
    assert log.count("idle") == 2


def test_a_lost_connection_reconnects_and_requests_a_sync_for_the_gap() -> None:
    lost = imaplib.IMAP4.abort("socket error: EOF")
    log, notified = run([[], lost, ConnectionRefusedError(), []])
    assert log == ["open", "idle", "close", "open", "close", "open", "idle", "done", "close"]
    assert notified == 2  # each connect: mail may have arrived while nobody idled


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
    assert notified == [1]  # the one connect covers the gap (its catch-up)


class FakeStateStore:
    """``WatchStateStore`` as a list of what was recorded."""

    def __init__(self) -> None:
        self.records: list[str] = []

    def record_idle(self, integration_id: int, *, until: datetime, now: datetime) -> None:
        assert until > now
        self.records.append(f"{integration_id} active")

    def record_failed(self, integration_id: int, *, kind: FailureKind, now: datetime) -> None:
        self.records.append(f"{integration_id} failed {kind}")

    def forget(self, integration_id: int) -> None:
        self.records.append(f"{integration_id} off")


def run_with_state(
    script: list[object], connect_failures: list[Exception], *, store: FakeStateStore | None = None
) -> tuple[list[str], list[str]]:
    """``connect_failures`` raise from ``connect`` first; then the scripted connection."""
    stop, clock = threading.Event(), Clock()
    log: list[str] = []
    idler = ScriptedIdler(script, clock, stop, log)
    store = store or FakeStateStore()

    def connect() -> ScriptedIdler:
        if connect_failures:
            raise connect_failures.pop(0)
        return idler

    state = WatchState(store, 7, renew_seconds=TIMING.renew_seconds, clock=clock)
    watch_mailbox(7, connect, lambda: None, timing=TIMING, stop=stop, clock=clock, state=state)
    return store.records, log


def test_a_wrong_password_shows_failed_auth_past_the_threshold_and_recovery_active() -> None:
    wrong: list[Exception] = [
        LoginError("[AUTHENTICATIONFAILED] Authentication failed.") for _ in range(4)
    ]
    records, _ = run_with_state([[]], wrong)
    assert records == ["7 failed auth", "7 active"]


def test_a_burst_of_mail_records_the_idle_once() -> None:
    records, log = run_with_state([[(n, b"EXISTS")] for n in range(1, 6)], [])
    assert log.count("idle") == 6  # one IDLE round per EXISTS, plus the last
    assert records == ["7 active"]


def test_the_idle_is_recorded_again_when_it_is_reissued_for_renewal() -> None:
    records, _ = run_with_state([[] for _ in range(15)], [])
    assert records == ["7 active", "7 active"]  # the lease is refreshed


def test_an_inactive_integration_or_a_silent_database_records_no_failure() -> None:
    unavailable: list[Exception] = [MailboxUnavailable("integration inactive") for _ in range(5)]
    records, _ = run_with_state([[]], unavailable)
    assert records == ["7 active"]


def test_a_watch_stopped_while_failing_records_no_failure() -> None:
    """A revocation stops the watch: the next owner records its own IDLE; a failure caused by
    (or racing) the stop must not show the mailbox as failed."""
    stop, store = threading.Event(), FakeStateStore()
    state = WatchState(store, 7, renew_seconds=TIMING.renew_seconds)
    for _ in range(FAILED_AFTER - 1):
        state.failed(FailureKind.CONNECT)

    def connect() -> ScriptedIdler:
        stop.set()  # the plan stops the watch while its connection fails
        raise ConnectionRefusedError()

    watch_mailbox(7, connect, lambda: None, timing=TIMING, stop=stop, state=state)
    assert store.records == []


def test_a_store_that_fails_does_not_end_the_watch() -> None:
    class DownStore(FakeStateStore):
        def record_idle(self, integration_id: int, *, until: datetime, now: datetime) -> None:
            raise OSError("database down")

    _, log = run_with_state([[(1, b"EXISTS")], []], [], store=DownStore())
    assert log == ["open", "idle", "done", "idle", "done", "close"]
