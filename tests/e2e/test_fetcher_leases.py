"""Sync leases across two fetcher processes, on real Kafka and PostgreSQL, against a slow
local Gmail: a sync that outlives its lease keeps it (heartbeat); a fetcher killed mid-sync
loses it, and after expiry the other replica takes over, with no email lost or doubled."""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from services.db.models import ProcessedEmail, SyncRun
from services.db.session import transaction
from services.demo.seed import DemoIds
from tests.e2e.fetcher_stack import FetcherStack, fetcher_stack
from tests.waiting import wait_until

pytestmark = [pytest.mark.kafka, pytest.mark.e2e]
LEASE = timedelta(seconds=3)
RENEW_EVERY = timedelta(seconds=1)
# each Gmail API answer waits this long: a sync of six emails (~13 calls) takes ~8 s, over
# two lease periods
API_DELAY = 0.6  # seconds
EMAILS = 6
PARTITIONS = 3  # of email.sync.requested


@pytest.fixture(scope="module")
def stack(
    database_url: str, token_keys: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[FetcherStack]:
    with fetcher_stack(
        server_database_url=database_url,
        token_keys=token_keys,
        log_dir=tmp_path_factory.mktemp("lease-logs"),
        fetcher_env={
            "FETCHER_LEASE_SECONDS": str(LEASE.total_seconds()),
            "FETCHER_LEASE_RENEW_SECONDS": str(RENEW_EVERY.total_seconds()),
            "RETRY_DELAYS_S": "1,2,4",
        },
        downstream=("parser", "jobwriter"),  # the ledger: what was processed is not re-sent
    ) as started:
        started.gmail.api_delay = API_DELAY
        yield started


def runs_of(stack: FetcherStack, ids: DemoIds) -> list[SyncRun]:
    with transaction(stack.sessions) as session:
        return list(session.scalars(select(SyncRun).filter_by(integration_id=ids.integration_id)))


def decided(stack: FetcherStack, sync_id: uuid.UUID) -> SyncRun | None:
    """The run once its start was decided and carried out (coalesced, or fetched)."""
    run = stack.run(sync_id)
    if run is None or (run.status == "running" and run.fetched_at is None):
        return None
    return run


def published(stack: FetcherStack, ids: DemoIds) -> Counter[str]:
    return Counter(
        e.provider_message_id for e in stack.raw_emails() if e.integration_id == ids.integration_id
    )


def searched(stack: FetcherStack, role: str) -> list[int]:
    """Listener ports at which the mailbox received a search for ``role``, in order."""
    return [
        r.port
        for r in stack.gmail.api_requests()
        if role.lower() in r.query.get("q", [""])[0].lower()
    ]


def test_a_sync_slower_than_its_lease_keeps_the_integration(stack: FetcherStack) -> None:
    ids, messages = stack.gmail_tenant("Kotlin Developer", EMAILS)
    slow = stack.send(ids)
    wait_until(lambda: stack.integration(ids).sync_lease_owner == str(slow), "the slow sync")
    started = stack.run(slow)
    assert started is not None
    # past its first lease: without renewal any other request would take the integration now
    wait_until(lambda: datetime.now(UTC) > started.started_at + LEASE + RENEW_EVERY, "expiry")
    assert decided(stack, slow) is None, "the sync was meant to outlive its lease"
    rival = stack.send(ids)
    wait_until(lambda: decided(stack, rival) is not None, "the rival request", timeout=60)
    rival_run = stack.run(rival)
    assert rival_run is not None and rival_run.status == "coalesced"
    assert rival_run.message == f"coalesced into running sync {slow}"
    wait_until(lambda: stack.integration(ids).sync_lease_owner is None, "the slow sync to end")
    assert published(stack, ids) == Counter(messages)  # each once, all by the slow sync
    assert stack.integration(ids).provider_cursor is not None


def test_a_killed_fetchers_lease_expires_and_the_other_replica_takes_over(
    stack: FetcherStack,
) -> None:
    ids, messages = stack.gmail_tenant("Scala Developer", EMAILS)
    doomed = stack.send(ids)
    wait_until(lambda: bool(searched(stack, "scala developer")), "the doomed sync's search")
    holder = stack.replica_at(searched(stack, "scala developer")[0])
    stack.kill(holder)  # mid-sync: listed, nothing fetched or published yet
    row = stack.integration(ids)
    assert row.sync_lease_owner == str(doomed)
    expiry = row.sync_lease_until
    assert expiry is not None
    # one request per partition: the survivor serves its own partitions at once, the dead
    # replica's wait until the group notices it is gone (its session timeout)
    early = [stack.send(ids, partition=p) for p in range(PARTITIONS)]
    wait_until(lambda: datetime.now(UTC) > expiry, "the dead holder's lease to expire")
    late = [stack.send(ids, partition=p) for p in range(PARTITIONS)]
    wait_until(
        lambda: any((r := decided(stack, s)) and r.status != "coalesced" for s in late),
        "a late request to take the integration over",
        timeout=60,
    )
    # everything, the doomed request and the dead replica's partitions included, settles
    wait_until(
        lambda: (
            all(r.status != "running" for r in runs_of(stack, ids))
            and len(runs_of(stack, ids)) == 1 + 2 * PARTITIONS
        ),
        "every run of the integration to finish",
        timeout=180,
    )
    runs = {r.id: r for r in runs_of(stack, ids)}
    took_over = [s for s in [*early, *late] if runs[s].status != "coalesced"]
    assert took_over, "no request took the integration over"
    for sync_id in [*early, *late]:
        run = runs[sync_id]
        if run.status == "coalesced":
            continue
        assert run.started_at > expiry, "took the integration before the dead lease expired"
    assert published(stack, ids) == Counter(messages)  # none lost, none doubled
    with transaction(stack.sessions) as session:
        ledger = session.scalar(
            select(func.count())
            .select_from(ProcessedEmail)
            .filter_by(integration_id=ids.integration_id)
        )
    assert ledger == EMAILS
    assert stack.integration(ids).sync_lease_owner is None
