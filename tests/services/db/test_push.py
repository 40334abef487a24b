"""The push rows on PostgreSQL: the debounce mark is cleared only by the sync it names, also
when that sync starts before the notification's transaction committed the mark; the watch's
success and failure; a disconnect forgets both."""

from __future__ import annotations

import threading
import uuid
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FuturesTimeout
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.orm import Session, sessionmaker

from schemas.contracts.models import Provider
from services.db import push
from services.db.models import EmailIntegration
from services.db.session import transaction
from services.domain.push import PendingPush, WatchFacts
from tests.lock_waits import backends_waiting_for_a_lock
from tests.pipeline_fixtures import new_tenant
from tests.waiting import wait_until

pytestmark = pytest.mark.postgres
T0 = datetime(2026, 12, 6, 7, 0, tzinfo=UTC)


def gmail_integration(sessions: sessionmaker[Session], address: str) -> int:
    ids = new_tenant(sessions, mailbox=None, roles=["java developer"], provider="gmail")
    with transaction(sessions) as session:
        row = session.get(EmailIntegration, ids.integration_id)
        assert row is not None
        row.account_email = address
    return ids.integration_id


def test_the_pending_mark_is_cleared_only_by_its_own_sync(sessions: sessionmaker[Session]) -> None:
    integration = gmail_integration(sessions, f"{uuid.uuid4().hex}@gmail.test")
    first, late = uuid.uuid4(), uuid.uuid4()
    with transaction(sessions) as session:
        row = push.locked_push_row(session, integration_id=integration)
        assert push.pending_of(row) == PendingPush()
        push.record_notification(
            session, integration_id=integration, history_id=10, now=T0, pending_sync_id=first
        )
    with transaction(sessions) as session:
        push.clear_pending(session, integration_id=integration, sync_id=late)  # not its mark
        row = push.locked_push_row(session, integration_id=integration)
        assert push.pending_of(row) == PendingPush(first, T0)
        assert row.last_history_id == 10 and row.last_notification_at == T0
    with transaction(sessions) as session:
        push.clear_pending(session, integration_id=integration, sync_id=first)
        assert push.pending_of(push.locked_push_row(session, integration_id=integration)) == (
            PendingPush()
        )


def test_a_sync_starting_before_the_first_notification_of_its_mailbox_commits_clears_it(
    sessions: sessionmaker[Session],
) -> None:
    """As below, when that notification's transaction also creates the push row (an IMAP
    watch's first catch-up): the clear must wait for the row too, not find none and go on."""
    integration = gmail_integration(sessions, f"{uuid.uuid4().hex}@gmail.test")
    requested = uuid.uuid4()
    cleared = threading.Event()

    def start_the_sync() -> None:  # the fetcher, meanwhile
        with transaction(sessions) as session:
            push.clear_pending(session, integration_id=integration, sync_id=requested)
        cleared.set()

    with transaction(sessions) as session:  # the API (or watcher): the mark, not yet committed
        push.locked_push_row(session, integration_id=integration)
        push.record_notification(
            session, integration_id=integration, history_id=11, now=T0, pending_sync_id=requested
        )
        session.flush()
        fetcher = threading.Thread(target=start_the_sync)
        fetcher.start()
        wait_until(
            lambda: (
                cleared.is_set() or backends_waiting_for_a_lock(sessions, on="integration_push") > 0
            ),
            "the sync's start",
            timeout=30,
        )
    fetcher.join(timeout=30)
    assert cleared.is_set()
    with transaction(sessions) as session:
        row = push.locked_push_row(session, integration_id=integration)
        assert push.pending_of(row) == PendingPush()


def test_watch_success_failure_and_disconnect(sessions: sessionmaker[Session]) -> None:
    integration = gmail_integration(sessions, f"{uuid.uuid4().hex}@gmail.test")
    expires = T0 + timedelta(days=7)
    with transaction(sessions) as session:
        assert push.watch_facts(session, integration_id=integration) == WatchFacts(None, None, None)
        push.record_watch(
            session, integration_id=integration, expires_at=expires, error=None, now=T0
        )
    later = T0 + timedelta(days=1)
    with transaction(sessions) as session:
        push.record_watch(
            session, integration_id=integration, expires_at=None, error="Transient: 503", now=later
        )
        # a failed renewal keeps the expiry of the watch that may still be in place
        facts = push.watch_facts(session, integration_id=integration)
        assert facts == WatchFacts(expires, T0, "Transient: 503")
        push.forget_watch(session, integration_id=integration)
        assert push.watch_facts(session, integration_id=integration) == WatchFacts(None, None, None)


def test_a_mailbox_is_found_by_its_address_among_active_integrations(
    sessions: sessionmaker[Session],
) -> None:
    address = f"{uuid.uuid4().hex}@gmail.test"
    first = gmail_integration(sessions, address)
    second = gmail_integration(sessions, address)  # another tenant connected it too
    with transaction(sessions) as session:
        found = push.active_integrations_of_mailbox(
            session, provider=Provider.GMAIL, account_email=address.upper()
        )
        assert [s.id for s in found] == [first, second]
        row = session.get(EmailIntegration, second)
        assert row is not None
        row.is_active = False
    with transaction(sessions) as session:
        found = push.active_integrations_of_mailbox(
            session, provider=Provider.GMAIL, account_email=address
        )
        assert [s.id for s in found] == [first]
        assert (
            push.active_integrations_of_mailbox(
                session, provider=Provider.OUTLOOK, account_email=address
            )
            == []
        )


def test_a_sync_that_starts_before_its_request_is_committed_still_clears_the_mark(
    sessions: sessionmaker[Session],
) -> None:
    """The API commits the pending mark after the broker's ack, so a fast fetcher may start
    the requested sync first: its clear must wait for that commit, not miss the mark (else
    every later notification is debounced into a sync that already ran)."""
    integration = gmail_integration(sessions, f"{uuid.uuid4().hex}@gmail.test")
    requested = uuid.uuid4()
    with transaction(sessions) as session:  # the watch made the row long before
        push.locked_push_row(session, integration_id=integration)
    with ThreadPoolExecutor(1) as fetcher, transaction(sessions) as api:
        push.locked_push_row(api, integration_id=integration)
        push.record_notification(
            api, integration_id=integration, history_id=10, now=T0, pending_sync_id=requested
        )
        api.flush()

        def start_sync() -> None:
            with transaction(sessions) as session:
                push.clear_pending(session, integration_id=integration, sync_id=requested)

        started = fetcher.submit(start_sync)  # waits for the API's row lock
        with pytest.raises(FuturesTimeout):
            started.result(timeout=0.5)
    started.result(timeout=10)  # the API committed; the clear went through
    with transaction(sessions) as session:
        row = push.locked_push_row(session, integration_id=integration)
        assert push.pending_of(row) == PendingPush()
