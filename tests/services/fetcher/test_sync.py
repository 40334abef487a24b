"""The sync use case against an in-memory store: what each start plan writes, the order of
effects (cursor only after delivery, credentials at once), the lease heartbeat and takeover."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, datetime, timedelta

import pytest
import stamina

from schemas.contracts.models import IntegrationErrorType, SyncReason, SyncRequested
from services.domain.errors import InvalidMessage, RetriesExhausted
from services.domain.integrations import IntegrationState
from services.fetcher.handler import (
    EXHAUSTED_PREFIX,
    NO_KEYWORDS_MESSAGE,
    Lease,
    LeasePolicy,
    MessageRef,
    StartPolicy,
)
from services.fetcher.providers.base import AuthRevoked, Cursor, RateLimited
from services.fetcher.sync import SyncMailbox
from services.fetcher.sync_result import SyncDeferred, SyncRateLimited, SyncResult
from tests.services.fetcher.fake_store import MemoryProvider, MemorySyncStore
from tests.services.fetcher.sync_fixtures import INTEGRATION, T0, Clock, mailbox, request
from tests.waiting import wait_until


@pytest.fixture(autouse=True)
def no_sleeping() -> Iterator[None]:
    with stamina.set_testing(True, attempts=4, cap=True):
        yield


def setup(
    provider: MemoryProvider,
    *,
    clock: Clock | None = None,
    policy: StartPolicy | None = None,
    roles: list[list[str]] | None = None,
) -> tuple[SyncMailbox, MemorySyncStore]:
    store = MemorySyncStore(provider)
    store.state.integrations[INTEGRATION.id] = INTEGRATION
    store.state.roles[INTEGRATION.tenant_id] = [["Java Developer"]] if roles is None else roles
    sync = SyncMailbox(
        store=store,
        policy=policy or StartPolicy(syncs_per_period=10_000),
        clock=clock or Clock(),
    )
    return sync, store


def test_fetch_publishes_the_oldest_fifty_and_stores_the_cursor_only_after_delivery() -> None:
    provider = MemoryProvider(mailbox(60), refreshed={"token": "new"})
    sync, store = setup(provider)
    req = request()
    result = sync.run(req)
    assert len(result.raw_emails) == 50  # ten wait for the next sync
    assert store.saved_credentials == [{"token": "new"}]  # refreshed tokens: stored at once
    assert store.state.cursors == {}  # not durable yet
    assert store.state.leases[INTEGRATION.id].owner == str(req.sync_id)  # still syncing
    assert store.state.runs[req.sync_id].status == "running"  # the jobwriter completes it
    assert result.after_delivery is not None
    result.after_delivery()
    assert store.state.cursors[INTEGRATION.id] == {"after": "m059"}
    assert store.state.leases[INTEGRATION.id].owner is None
    assert provider.closed


def test_a_request_while_another_sync_holds_the_lease_is_coalesced() -> None:
    sync, store = setup(MemoryProvider(mailbox(3)))
    first = sync.run(request())
    second = request()
    assert sync.run(second).raw_emails == ()
    run = store.state.runs[second.sync_id]
    assert run.status == "coalesced" and run.message is not None
    assert INTEGRATION.id not in store.state.last_synced  # the integration is not touched
    assert first.after_delivery is not None
    first.after_delivery()
    third = sync.run(request())  # the lease was released: this one runs, nothing new
    assert third.raw_emails == ()


def test_an_expired_lease_of_a_dead_sync_is_taken_over() -> None:
    clock = Clock()
    sync, store = setup(MemoryProvider(mailbox(2)), clock=clock)
    dead = str(uuid.uuid4())
    store.state.leases[INTEGRATION.id] = Lease(dead, T0 + timedelta(seconds=30))
    early = request()
    assert sync.run(early).raw_emails == ()
    assert store.state.runs[early.sync_id].message == f"coalesced into running sync {dead}"
    clock.now = T0 + timedelta(seconds=31)
    late = request()
    assert len(sync.run(late).raw_emails) == 2
    assert store.state.leases[INTEGRATION.id].owner == str(late.sync_id)


def test_a_redelivered_request_resumes_its_own_sync_before_the_lease_expires() -> None:
    sync, store = setup(MemoryProvider(mailbox(2)))
    req = request()
    store.state.leases[INTEGRATION.id] = Lease(str(req.sync_id), T0 + timedelta(minutes=5))
    assert len(sync.run(req).raw_emails) == 2


def test_over_the_rate_limit_nothing_is_written_and_the_request_waits() -> None:
    clock = Clock()
    # nothing kept for newcomers: the lone tenant may use the whole budget
    policy = StartPolicy(syncs_per_period=2, rate_period=timedelta(seconds=60), newcomer_reserve=0)
    sync, store = setup(MemoryProvider({}), clock=clock, policy=policy)
    for _ in range(2):
        result = sync.run(request())
        assert result.after_delivery is not None
        result.after_delivery()
        clock.now += timedelta(seconds=1)
    third = request()
    with pytest.raises(SyncRateLimited) as raised:
        sync.run(third)
    assert raised.value.retry_after == pytest.approx(58.0)
    assert third.sync_id not in store.state.runs  # rolled back: the run did not start
    clock.now = T0 + timedelta(seconds=60, microseconds=1)
    assert sync.run(third).after_delivery is not None


def test_an_inactive_integration_fails_the_run_and_keeps_its_status() -> None:
    sync, store = setup(MemoryProvider(mailbox(2)))
    store.state.integrations[INTEGRATION.id] = IntegrationState(7, 2, 3, is_active=False)
    req = request()
    assert sync.run(req).raw_emails == ()
    assert store.state.runs[req.sync_id].status == "failed"
    assert INTEGRATION.id not in store.state.last_synced
    assert store.provider.calls == 0


def test_an_unknown_integration_is_an_invalid_message() -> None:
    sync, store = setup(MemoryProvider({}))
    del store.state.integrations[INTEGRATION.id]
    with pytest.raises(InvalidMessage):
        sync.run(request())
    assert store.state.runs == {}


def test_a_finished_run_is_not_repeated() -> None:
    sync, store = setup(MemoryProvider(mailbox(2)))
    req = request()
    first = sync.run(req)
    assert first.after_delivery is not None
    first.after_delivery()
    store.state.runs[req.sync_id].status = "success"
    assert sync.run(req).after_delivery is None
    assert store.provider.calls == 1


def test_without_keywords_the_run_succeeds_without_a_search_or_a_lease() -> None:
    sync, store = setup(MemoryProvider(mailbox(2)), roles=[["  "]])
    req = request()
    assert sync.run(req).raw_emails == ()
    run = store.state.runs[req.sync_id]
    assert (run.status, run.message) == ("success", NO_KEYWORDS_MESSAGE)
    assert store.state.leases.get(INTEGRATION.id, Lease(None, None)).owner is None
    assert store.provider.calls == 0


def test_retries_exhausted_fail_the_run_release_the_lease_and_allow_a_redrive() -> None:
    provider = MemoryProvider({}, error=RateLimited("429", retry_after=1.0))
    sync, store = setup(provider)
    req = request()
    with pytest.raises(RetriesExhausted):
        sync.run(req)
    assert provider.calls == 4  # one try and three retries
    run = store.state.runs[req.sync_id]
    assert run.status == "failed" and (run.message or "").startswith(EXHAUSTED_PREFIX)
    assert store.state.leases[INTEGRATION.id].owner is None
    provider.error, provider.messages = None, mailbox(2)  # re-driven once the provider is back
    assert len(sync.run(req).raw_emails) == 2


def test_revoked_credentials_report_an_integration_error_without_retrying() -> None:
    provider = MemoryProvider({}, error=AuthRevoked("invalid_grant"))
    sync, store = setup(provider)
    req = request()
    result = sync.run(req)
    assert provider.calls == 1
    assert result.integration_error is not None
    assert result.integration_error.error_type is IntegrationErrorType.TOKEN_EXPIRED
    assert store.state.runs[req.sync_id].status == "failed"
    assert store.state.leases[INTEGRATION.id].owner is None


# the lease heartbeat runs on real time: a lease of 0.4 s renewed every 0.1 s
SHORT_LEASE = LeasePolicy(duration=timedelta(seconds=0.4), renew_every=timedelta(seconds=0.1))


def real_clock() -> datetime:
    return datetime.now(UTC)


def start_slow_sync() -> tuple[SyncMailbox, MemorySyncStore, threading.Event, Callable[[], None]]:
    """A sync on a real clock whose listing waits for the returned gate; ``finish()`` joins it
    and runs its after-delivery step."""
    gate = threading.Event()
    provider = MemoryProvider(mailbox(2), gate=gate)
    policy = StartPolicy(syncs_per_period=10_000, lease=SHORT_LEASE)
    sync, store = setup(provider, clock=real_clock, policy=policy)  # type: ignore[arg-type]  # a plain callable clock
    results: list[SyncResult] = []
    worker = threading.Thread(target=lambda: results.append(sync.run(request())))
    worker.start()
    assert provider.listing.wait(timeout=10)

    def finish() -> None:
        worker.join(timeout=10)
        (result,) = results
        assert result.after_delivery is not None
        result.after_delivery()

    return sync, store, gate, finish


def test_a_sync_that_outlives_its_lease_keeps_it_by_renewing() -> None:
    sync, store, gate, finish = start_slow_sync()
    first_until = store.state.leases[INTEGRATION.id].until
    assert first_until is not None
    wait_until(lambda: real_clock() > first_until + timedelta(seconds=0.2), "first lease to end")
    rival = request()
    assert sync.run(rival).raw_emails == ()  # the slow sync still holds the integration
    assert store.state.runs[rival.sync_id].status == "coalesced"
    assert len(store.renewals) >= 3
    gate.set()
    finish()
    assert store.state.cursors[INTEGRATION.id] == {"after": "m001"}
    renewed = len(store.renewals)
    wait_until(lambda: real_clock() > first_until + timedelta(seconds=0.5), "a few more beats")
    assert len(store.renewals) == renewed  # the heartbeat stopped with the sync


def test_a_sync_whose_lease_was_taken_over_does_not_store_its_cursor() -> None:
    sync, store, gate, finish = start_slow_sync()
    # as if the stalled sync's renewals had not reached the database: another sync took over
    taker = str(uuid.uuid4())
    store.state.leases[INTEGRATION.id] = Lease(taker, real_clock() + timedelta(minutes=5))
    gate.set()
    finish()
    assert store.state.cursors == {}  # the taker stores its own
    assert store.state.leases[INTEGRATION.id].owner == taker  # and keeps its lease


def test_an_email_over_the_raw_cap_is_a_skipped_ledger_row_not_a_message() -> None:
    provider = MemoryProvider(mailbox(3), padding={"m001": 2000})
    store = MemorySyncStore(provider)
    store.state.integrations[INTEGRATION.id] = INTEGRATION
    store.state.roles[INTEGRATION.tenant_id] = [["Java Developer"]]
    sync = SyncMailbox(
        store=store, policy=StartPolicy(syncs_per_period=10_000), max_raw=1000, clock=Clock()
    )

    result = sync.run(request())

    assert sorted(m.provider_message_id for m in result.raw_emails) == ["m000", "m002"]
    reason = store.state.skipped["m001"]
    assert reason.startswith("too_large_") and int(reason.removeprefix("too_large_")) > 2000
    assert "m001" in store.processed_ids(INTEGRATION.id, ["m001"])  # never fetched again


def test_a_sync_whose_every_email_is_too_large_finishes_its_run() -> None:
    provider = MemoryProvider(mailbox(1), padding={"m000": 2000})
    store = MemorySyncStore(provider)
    store.state.integrations[INTEGRATION.id] = INTEGRATION
    store.state.roles[INTEGRATION.tenant_id] = [["Java Developer"]]
    sync = SyncMailbox(
        store=store, policy=StartPolicy(syncs_per_period=10_000), max_raw=1000, clock=Clock()
    )
    req = request()

    result = sync.run(req)
    assert result.raw_emails == () and result.after_delivery is not None
    result.after_delivery()

    assert store.state.runs[req.sync_id].status == "success"  # nothing left for the jobwriter


def push_request() -> SyncRequested:
    return request().model_copy(update={"reason": SyncReason.PUSH})


def test_a_push_sync_during_a_running_sync_waits_pending_and_runs_after_it() -> None:
    """The running sync may have read the mailbox before the notified email arrived: a push
    sync that came meanwhile must run after it, not be folded into it (coalesced)."""
    provider = MemoryProvider(mailbox(1))
    sync, store = setup(provider)
    first = sync.run(request())  # a cron sync holds the lease
    push = push_request()
    store.state.pending_push[INTEGRATION.id] = str(push.sync_id)
    provider.messages["m999"] = ("Java Developer, new", T0)  # arrived after the listing
    with pytest.raises(SyncDeferred):
        sync.run(push)
    assert push.sync_id not in store.state.runs  # nothing written
    assert store.state.pending_push[INTEGRATION.id] == str(push.sync_id)  # still debouncing
    assert first.after_delivery is not None
    first.after_delivery()
    published = sync.run(push)
    assert [m.provider_message_id for m in published.raw_emails] == ["m999"]
    assert INTEGRATION.id not in store.state.pending_push  # started: the next one may come


def test_push_syncs_are_not_counted_against_the_start_budget() -> None:
    clock = Clock()
    policy = StartPolicy(syncs_per_period=1, rate_period=timedelta(seconds=60), newcomer_reserve=0)
    sync, store = setup(MemoryProvider({}), clock=clock, policy=policy)
    for _ in range(3):  # push syncs, one after the other
        result = sync.run(push_request())
        assert result.after_delivery is not None
        result.after_delivery()
    cron = sync.run(request())  # the cron budget is untouched
    assert cron.after_delivery is not None


class BacklogRecorder(MemoryProvider):
    """Records what the sync told ``next_cursor`` about a backlog."""

    def __init__(self, messages: dict[str, tuple[str, datetime]]) -> None:
        super().__init__(messages)
        self.backlogs: list[bool] = []

    def next_cursor(
        self, *, cursor: Cursor | None, published: Sequence[MessageRef], backlog: bool
    ) -> Cursor | None:
        self.backlogs.append(backlog)
        return super().next_cursor(cursor=cursor, published=published, backlog=backlog)


def test_listed_messages_that_do_not_match_are_no_backlog() -> None:
    """A provider without a server-side subject filter (Gmail history) lists every new message;
    counted as a backlog, the non-matching ones would hold the cursor back."""
    messages = mailbox(3)
    messages.update({f"x{i}": ("Lunch on Friday?", T0) for i in range(5)})
    provider = BacklogRecorder(messages)
    sync, _ = setup(provider)
    assert len(sync.run(request()).raw_emails) == 3
    assert provider.backlogs == [False]
