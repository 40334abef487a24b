"""What a watch records as its push state, pure: active at the first IDLE and then once per
renewal, failed with a fixed kind after a few failures in a row, active again on recovery."""

from __future__ import annotations

from services.domain.connect_failures import ConnectFailure
from services.imapwatcher.watch_health import (
    FAILED_AFTER,
    FailureKind,
    RecordFailed,
    RecordIdle,
    WatchHealth,
    kind_of,
    lease_seconds,
)

RENEW = 600.0


def test_the_first_idle_is_recorded_and_later_rounds_only_once_per_renewal() -> None:
    health, write = WatchHealth().idling(now=100.0, renew_seconds=RENEW)
    assert write == RecordIdle(lease_seconds(RENEW))
    for now in (101.0, 102.0, 699.0):  # a burst of mail: IDLE rounds that write nothing
        health, write = health.idling(now=now, renew_seconds=RENEW)
        assert write is None
    health, write = health.idling(now=700.0, renew_seconds=RENEW)
    assert write == RecordIdle(lease_seconds(RENEW))  # the lease is refreshed
    assert health.idle_recorded_at == 700.0


def test_the_lease_outlives_a_missed_renewal() -> None:
    assert lease_seconds(RENEW) > 2 * RENEW


def test_failures_are_recorded_past_the_threshold_once_per_kind() -> None:
    health, _ = WatchHealth().idling(now=0.0, renew_seconds=RENEW)
    for _ in range(FAILED_AFTER - 1):
        health, write = health.failed(FailureKind.CONNECT)
        assert write is None  # a dropped connection the next attempt may mend
    health, write = health.failed(FailureKind.AUTH)
    assert write == RecordFailed(FailureKind.AUTH)
    health, write = health.failed(FailureKind.AUTH)
    assert write is None  # already shown
    health, write = health.failed(FailureKind.CONNECT)
    assert write == RecordFailed(FailureKind.CONNECT)


def test_a_failure_that_is_not_the_mailboxs_records_nothing_and_counts_nothing() -> None:
    health = WatchHealth()
    for _ in range(FAILED_AFTER + 2):
        health, write = health.failed(None)
        assert write is None
    assert health == WatchHealth()


def test_recovery_records_active_at_once_even_within_the_renewal_period() -> None:
    health, _ = WatchHealth().idling(now=0.0, renew_seconds=RENEW)
    for _ in range(FAILED_AFTER):
        health, _ = health.failed(FailureKind.AUTH)
    health, recorded = health.idling(now=5.0, renew_seconds=RENEW)
    assert recorded == RecordIdle(lease_seconds(RENEW))
    health, write = health.failed(FailureKind.AUTH)
    assert write is None  # the count starts again


def test_failure_kinds_are_three_fixed_words() -> None:
    assert kind_of(ConnectFailure.AUTH_FAILED) is FailureKind.AUTH
    assert kind_of(ConnectFailure.FOLDER_UNAVAILABLE) is FailureKind.PROTOCOL
    assert kind_of(ConnectFailure.PROTOCOL) is FailureKind.PROTOCOL
    assert kind_of(ConnectFailure.COMMAND_REJECTED) is FailureKind.PROTOCOL
    for failure in (ConnectFailure.REFUSED, ConnectFailure.TLS_FAILED, ConnectFailure.TIMED_OUT):
        assert kind_of(failure) is FailureKind.CONNECT
    assert {k.value for k in FailureKind} == {"auth", "connect", "protocol"}
