"""The watcher's pure decisions: ownership by assigned partitions (assignment, records and
revocation → a plan of watches to stop and start), IDLE renewal, reconnect backoff, new mail."""

from __future__ import annotations

import pytest

from schemas.contracts.codec import get_codec
from schemas.contracts.models import ImapWatch
from schemas.contracts.topics import Topic
from services.domain.errors import InvalidMessage
from services.imapwatcher.handler import (
    IDLE_RENEW_SECONDS,
    OwnedPartitions,
    WatchPlan,
    backoff_seconds,
    decode_watch,
    has_new_mail,
    idle_wait_seconds,
    plan_watches,
)


def box(integration_id: int, *, host: str = "imap.example.com") -> ImapWatch:
    return ImapWatch(
        integration_id=integration_id,
        tenant_id=1,
        host=host,
        port=993,
        username=f"user{integration_id}@example.com",
    )


def test_an_assigned_partition_starts_its_watches_once_it_is_read_to_its_end() -> None:
    owned = OwnedPartitions()
    owned.assigned([0, 1])
    owned.record(0, 7, box(7))
    owned.record(0, 8, box(8))
    owned.record(0, 8, None)  # tombstoned further on in the same log: never started
    assert plan_watches({}, owned.wanted()) == WatchPlan()
    assert owned.loading() == [0, 1]

    owned.loaded(0)
    assert plan_watches({}, owned.wanted()) == WatchPlan(start=(box(7),))
    assert owned.loading() == [1]


def test_revocation_stops_the_partitions_watches_and_keeps_the_others() -> None:
    owned = OwnedPartitions()
    owned.assigned([0, 1])
    owned.record(0, 7, box(7))
    owned.record(1, 9, box(9))
    owned.loaded(0)
    owned.loaded(1)
    running = owned.wanted()

    owned.revoked([1])
    # moving: the partition's next owner watches it, so its push state is not forgotten
    assert plan_watches(running, owned.wanted(), moving=True) == WatchPlan(stop=(9,))
    owned.record(1, 10, box(10))  # a late record of the revoked partition counts for nothing
    assert owned.wanted() == {7: box(7)}


def test_a_reassigned_partition_is_read_again_from_scratch() -> None:
    owned = OwnedPartitions()
    owned.assigned([2])
    owned.record(2, 7, box(7))
    owned.loaded(2)
    owned.assigned([2])  # the records are read again from the beginning
    assert owned.wanted() == {}
    assert owned.loading() == [2]


def test_a_tombstone_stops_and_a_changed_record_restarts_a_watch() -> None:
    running = {7: box(7), 8: box(8)}
    wanted = {7: box(7, host="imap2.example.com")}
    # only the tombstoned one is forgotten (push state off): the changed one restarts
    assert plan_watches(running, wanted) == WatchPlan(
        stop=(7, 8), start=(box(7, host="imap2.example.com"),), forget=(8,)
    )
    assert plan_watches(wanted, wanted) == WatchPlan()


def test_records_decode_by_key_and_tombstones_are_none() -> None:
    value = get_codec(Topic.INTEGRATION_IMAP_ACTIVE).encode(box(7))
    assert decode_watch(b"7", value) == (7, box(7))
    assert decode_watch(b"7", None) == (7, None)


@pytest.mark.parametrize(
    ("key", "value"),
    [(None, None), (b"seven", None), (b"8", b"{}"), (b"8", b"not json"), (b"8", b"")],
)
def test_a_bad_key_or_value_is_invalid(key: bytes | None, value: bytes | None) -> None:
    with pytest.raises(InvalidMessage):
        decode_watch(key, value)


def test_a_record_under_another_integrations_key_is_invalid() -> None:
    value = get_codec(Topic.INTEGRATION_IMAP_ACTIVE).encode(box(7))
    with pytest.raises(InvalidMessage, match="another integration"):
        decode_watch(b"8", value)


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
