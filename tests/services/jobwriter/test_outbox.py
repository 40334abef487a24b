"""The notification outbox on real PostgreSQL with a real relay (aiosmtpd): an email queued by
a transaction that committed is delivered exactly once, whatever happens after the commit."""

from __future__ import annotations

import signal
import subprocess
import sys
import threading
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from prometheus_client import REGISTRY
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from schemas.contracts.models import IntegrationError, IntegrationErrorType, Provider
from services.cli.settings import process_environment
from services.db.models import Notification
from services.db.session import transaction
from services.demo.seed import DemoIds
from services.jobwriter.notify import SmtpNotifier
from services.jobwriter.outbox import OutboxSender, RetryPolicy
from services.jobwriter.store import sql_stores
from services.jobwriter.usecase import Jobwriter
from tests.pipeline_fixtures import new_tenant
from tests.services.db.scratch import scratch_database, sessions_for
from tests.services.jobwriter.smtp_relays import RecordingRelay, Relay, plain_relay
from tests.waiting import wait_until

pytestmark = pytest.mark.postgres
SENDER = "reqstream@example.test"


@pytest.fixture(scope="module")
def own_database(prepared: tuple[str, str]) -> Iterator[str]:
    """A database of this module's own: a running pipeline's jobwriter (other tests' session
    fixture) sweeps the shared database's outbox and would send these tests' emails."""
    with scratch_database(prepared[1], prefix="outbox") as url:
        yield url


@pytest.fixture(scope="module")
def sessions(own_database: str) -> Iterator[sessionmaker[Session]]:
    with sessions_for(own_database) as own:
        yield own


class CrashAfterCommit(Exception):
    """Stands for the process dying between the commit and the send."""


def crash() -> None:
    raise CrashAfterCommit


def expiry(ids: DemoIds) -> IntegrationError:
    return IntegrationError(
        integration_id=ids.integration_id,
        tenant_id=ids.tenant_id,
        user_id=ids.user_id,
        provider=Provider.GMAIL,
        sync_id=uuid.uuid4(),
        error_type=IntegrationErrorType.TOKEN_EXPIRED,
        error_message="invalid_grant",
        occurred_at=datetime.now(UTC),
    )


def outbox(
    sessions: sessionmaker[Session],
    relay: Relay,
    *,
    clock: Callable[[], datetime] = lambda: datetime.now(UTC),
) -> OutboxSender:
    notifier = SmtpNotifier(host="127.0.0.1", port=relay.port, sender=SENDER)
    return OutboxSender(
        sessions=sessions,
        notifier=notifier,
        sender_address=SENDER,
        retry=RetryPolicy(base=60.0),
        interval=0.2,
        clock=clock,
    )


def rows_of(sessions: sessionmaker[Session], ids: DemoIds) -> list[Notification]:
    with transaction(sessions) as session:
        return list(
            session.scalars(
                select(Notification).where(Notification.integration_id == ids.integration_id)
            )
        )


def delivered_to(relay: Relay, ids: DemoIds, sessions: sessionmaker[Session]) -> int:
    [row] = rows_of(sessions, ids)
    return sum(1 for d in relay.handler.delivered if d.message["To"] == row.recipient)


@pytest.fixture
def drained(sessions: sessionmaker[Session]) -> None:
    """Emails other tests queued and never sent go to a throwaway relay first: a refusal
    or failure a test stages must meet its own email."""
    with plain_relay(RecordingRelay()) as relay:
        outbox(sessions, relay).send_due(limit=10_000)


def counted(outcome: str) -> float:
    value = REGISTRY.get_sample_value("reqstream_notifications_total", {"outcome": outcome})
    return value or 0.0


def queue_then_crash(sessions: sessionmaker[Session], ids: DemoIds) -> None:
    jobwriter = Jobwriter(stores=sql_stores(sessions), emails_queued=crash)
    with pytest.raises(CrashAfterCommit):
        jobwriter.apply_integration_error(expiry(ids))


@pytest.mark.usefixtures("drained")
def test_a_crash_between_commit_and_send_delivers_once_after_restart(
    sessions: sessionmaker[Session],
) -> None:
    ids = new_tenant(sessions, mailbox=None, roles=[], provider="gmail")
    with plain_relay(RecordingRelay()) as relay:
        queue_then_crash(sessions, ids)
        [queued] = rows_of(sessions, ids)
        assert queued.sent_at is None and delivered_to(relay, ids, sessions) == 0

        restarted = outbox(sessions, relay)
        restarted.start()  # a new jobwriter process: its first sweep finds the row
        try:
            wait_until(lambda: delivered_to(relay, ids, sessions) == 1, "the queued email")
            restarted.wake()
            wait_until(lambda: rows_of(sessions, ids)[0].sent_at is not None, "marked sent")
        finally:
            restarted.stop()
        assert outbox(sessions, relay).send_due() == 0  # a later sweep sends nothing again

    [sent] = rows_of(sessions, ids)
    assert sent.attempts == 1 and sent.last_error is None
    [delivered] = [d for d in relay.handler.delivered if d.message["To"] == sent.recipient]
    assert delivered.message["Subject"] == "Action Required: Reconnect Your Email Integration"
    assert delivered.message["Message-ID"] == f"<reqstream-notification-{sent.id}@example.test>"


# a process that queues the reconnect email and is SIGKILLed right after the commit
KILLED_AFTER_COMMIT = """
import os, signal, sys
from schemas.contracts.models import IntegrationError
from services.db.session import build_engine, build_sessionmaker
from services.jobwriter.store import sql_stores
from services.jobwriter.usecase import Jobwriter

sessions = build_sessionmaker(build_engine(sys.argv[1]))
jobwriter = Jobwriter(
    stores=sql_stores(sessions), emails_queued=lambda: os.kill(os.getpid(), signal.SIGKILL)
)
jobwriter.apply_integration_error(IntegrationError.model_validate_json(sys.argv[2]))
"""


@pytest.mark.usefixtures("drained")
def test_a_process_killed_between_commit_and_send_has_its_email_sent_once_by_the_next(
    sessions: sessionmaker[Session], own_database: str
) -> None:
    ids = new_tenant(sessions, mailbox=None, roles=[], provider="gmail")
    event = expiry(ids).model_dump_json()
    killed = subprocess.run(
        [sys.executable, "-c", KILLED_AFTER_COMMIT, own_database, event],
        env={**process_environment(), "PYTHONPATH": str(Path.cwd())},
        capture_output=True,
        timeout=60,
        check=False,
    )
    assert killed.returncode == -signal.SIGKILL, killed.stderr.decode()
    [queued] = rows_of(sessions, ids)
    assert queued.sent_at is None
    with plain_relay(RecordingRelay()) as relay:
        next_jobwriter = outbox(sessions, relay)
        assert next_jobwriter.send_due() >= 1
        assert next_jobwriter.send_due() == 0
        assert delivered_to(relay, ids, sessions) == 1
    assert rows_of(sessions, ids)[0].sent_at is not None


def test_two_replicas_sweeping_together_send_each_email_once(
    sessions: sessionmaker[Session],
) -> None:
    tenants = [new_tenant(sessions, mailbox=None, roles=[], provider="gmail") for _ in range(6)]
    with plain_relay(RecordingRelay(delay=0.05)) as relay:
        for ids in tenants:
            queue_then_crash(sessions, ids)
        replicas = [outbox(sessions, relay), outbox(sessions, relay)]
        counts: list[int] = []
        barrier = threading.Barrier(len(replicas))

        def sweep(sender: OutboxSender) -> None:
            barrier.wait()
            counts.append(sender.send_due())

        threads = [threading.Thread(target=sweep, args=(r,)) for r in replicas]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
        per_tenant = [delivered_to(relay, ids, sessions) for ids in tenants]

    assert per_tenant == [1] * len(tenants)
    assert sum(counts) == len(tenants)
    assert all(rows_of(sessions, ids)[0].sent_at is not None for ids in tenants)


@pytest.mark.usefixtures("drained")
def test_a_refused_attempt_is_retried_later_and_delivers_once(
    sessions: sessionmaker[Session],
) -> None:
    ids = new_tenant(sessions, mailbox=None, roles=[], provider="gmail")
    now = [datetime.now(UTC)]
    failed_before, sent_before = counted("failed"), counted("sent")
    with plain_relay(RecordingRelay(refuse=1)) as relay:
        queue_then_crash(sessions, ids)
        sender = outbox(sessions, relay, clock=lambda: now[0])
        sender.send_due()
        [failed] = rows_of(sessions, ids)
        assert (failed.sent_at, failed.attempts) == (None, 1)
        assert failed.last_error and "SMTPDataError" in failed.last_error
        assert failed.next_attempt_at == now[0] + timedelta(seconds=60)
        sender.send_due()  # not yet due
        assert delivered_to(relay, ids, sessions) == 0

        now[0] += timedelta(seconds=61)
        sender.send_due()
        sender.send_due()
        assert delivered_to(relay, ids, sessions) == 1
    [sent] = rows_of(sessions, ids)
    assert sent.sent_at == now[0] and sent.attempts == 2 and sent.last_error is None
    assert (counted("failed") - failed_before, counted("sent") - sent_before) == (1, 1)


@pytest.mark.usefixtures("drained")
def test_a_relay_failing_after_accepting_the_email_is_not_sent_it_again(
    sessions: sessionmaker[Session],
) -> None:
    ids = new_tenant(sessions, mailbox=None, roles=[], provider="gmail")
    with plain_relay(RecordingRelay(fail_quit=1)) as relay:
        queue_then_crash(sessions, ids)
        sender = outbox(sessions, relay)
        sender.send_due()
        sender.send_due()
        assert relay.handler.quits_failed == 1
        assert delivered_to(relay, ids, sessions) == 1
    assert rows_of(sessions, ids)[0].sent_at is not None
