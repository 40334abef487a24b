"""The watcher's pure decisions: ownership, IDLE renewal, reconnect backoff, new mail."""

from __future__ import annotations

import pytest

from services.imapwatcher.handler import (
    IDLE_RENEW_SECONDS,
    backoff_seconds,
    has_new_mail,
    idle_wait_seconds,
    owns,
)


def test_each_integration_is_owned_by_exactly_one_replica() -> None:
    for integration_id in range(1, 50):
        owners = [i for i in range(3) if owns(integration_id, replica_index=i, replicas=3)]
        assert len(owners) == 1
    assert all(owns(i, replica_index=0, replicas=1) for i in range(1, 10))


def test_idle_is_renewed_before_the_server_may_drop_it() -> None:
    assert IDLE_RENEW_SECONDS < 29 * 60  # RFC 2177: servers may drop an IDLE after 30 min
    assert idle_wait_seconds(idle_started=100.0, now=100.0) == IDLE_RENEW_SECONDS
    assert idle_wait_seconds(idle_started=100.0, now=160.0, renew_every=90.0) == 30.0
    assert idle_wait_seconds(idle_started=100.0, now=190.0, renew_every=90.0) == 0.0
    assert idle_wait_seconds(idle_started=100.0, now=500.0, renew_every=90.0) == 0.0


@pytest.mark.parametrize(
    ("failures", "expected"),
    [(0, 0.0), (1, 1.0), (2, 2.0), (3, 4.0), (6, 32.0), (9, 60.0), (10_000, 60.0)],
)
def test_reconnects_back_off_exponentially_up_to_the_cap(failures: int, expected: float) -> None:
    assert backoff_seconds(failures, base=1.0, cap=60.0) == expected


def test_only_exists_means_new_mail() -> None:
    assert has_new_mail([(3, b"EXISTS")])
    assert has_new_mail([(b"OK", b"Still here"), (4, b"exists")])
    assert not has_new_mail([])
    assert not has_new_mail([(2, b"EXPUNGE"), (1, b"FETCH", (b"FLAGS", (b"\\Seen",)))])
    assert not has_new_mail([(b"OK", b"Still here")])
