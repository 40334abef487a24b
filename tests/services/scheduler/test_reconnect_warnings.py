"""Reconnect warnings on real PostgreSQL and a real relay (aiosmtpd): a sign-in about to lapse
is warned about once per lapse however many cron ticks see it, emailed through the outbox; a
reconnect makes a new lapse (a new warning); a failed token gets no warning, only the failure's
own reconnect email, once."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from schemas.contracts.models import IntegrationError, IntegrationErrorType, Provider
from services.db.models import EmailIntegration, Notification
from services.db.session import transaction
from services.db.token_facts import record_token_granted
from services.demo.seed import DemoIds
from services.domain.token_health import RECONNECT_WARNING, TokenLapsePolicy
from services.jobwriter.handler import RECONNECT
from services.jobwriter.notify import SmtpNotifier
from services.jobwriter.outbox import OutboxSender
from services.jobwriter.store import sql_stores
from services.jobwriter.usecase import Jobwriter
from services.scheduler.reconnect_warnings import queue_reconnect_warnings
from tests.services.db.scratch import scratch_database, sessions_for
from tests.services.jobwriter.smtp_relays import RecordingRelay, plain_relay
from tests.services.scheduler.token_mailboxes import signed_in_mailbox

pytestmark = pytest.mark.postgres
NOW = datetime(2026, 12, 6, 9, 0, tzinfo=UTC)
TESTING = TokenLapsePolicy(google_testing=True)
SENDER = "reqstream@example.test"


@pytest.fixture(scope="module")
def sessions(prepared: tuple[str, str]) -> Iterator[sessionmaker[Session]]:
    """A database of this module's own: no running jobwriter sends (or claims) its outbox, and
    no other test's integrations are warned about."""
    with scratch_database(prepared[1], prefix="warnings") as url, sessions_for(url) as own:
        yield own


def every_tick_of(hours: float, sessions: sessionmaker[Session], *, start: datetime) -> int:
    """Run the warning sweep at every 15-minute cron tick for ``hours``; warnings queued."""
    return sum(
        queue_reconnect_warnings(sessions, now=start + timedelta(minutes=15 * n), policy=TESTING)
        for n in range(int(hours * 4))
    )


def notes(sessions: sessionmaker[Session], ids: DemoIds) -> list[Notification]:
    with transaction(sessions) as session:
        return list(
            session.scalars(
                select(Notification)
                .where(Notification.integration_id == ids.integration_id)
                .order_by(Notification.id)
            )
        )


def send_all(sessions: sessionmaker[Session], relay_port: int) -> int:
    notifier = SmtpNotifier(host="127.0.0.1", port=relay_port, sender=SENDER)
    sender = OutboxSender(sessions=sessions, notifier=notifier, sender_address=SENDER)
    return sender.send_due(limit=10_000)


def test_a_lapse_is_warned_once_over_a_day_of_ticks_and_emailed_through_the_outbox(
    sessions: sessionmaker[Session],
) -> None:
    gmail = signed_in_mailbox(
        sessions, now=NOW, provider="gmail", granted_days_ago=5.5
    )  # lapses in 1.5 days
    outlook = signed_in_mailbox(
        sessions, now=NOW, provider="outlook", granted_days_ago=400, refreshed_days_ago=89
    )
    imap = signed_in_mailbox(sessions, now=NOW, provider="imap", granted_days_ago=400)
    fresh = signed_in_mailbox(sessions, now=NOW, provider="gmail", granted_days_ago=1)
    every_tick_of(24, sessions, start=NOW - timedelta(hours=12))
    [gmail_warning] = notes(sessions, gmail)
    [outlook_warning] = notes(sessions, outlook)
    assert notes(sessions, imap) == [] and notes(sessions, fresh) == []
    assert gmail_warning.kind == RECONNECT_WARNING
    assert gmail_warning.event_key == "lapse-2026-12-07T21:00:00Z"
    assert outlook_warning.event_key == "lapse-2026-12-07T09:00:00Z"
    with plain_relay(RecordingRelay()) as relay:
        assert send_all(sessions, relay.port) >= 2
        to_gmail = [
            d.message
            for d in relay.handler.delivered
            if d.message["To"] == (gmail_warning.recipient)
        ]
    [message] = to_gmail
    assert message["Subject"] == "Action Required Soon: Reconnect Your Email Integration"
    assert "2026-12-07 21:00 UTC" in message.get_content()
    assert all(row.sent_at is not None for row in notes(sessions, gmail))


def test_a_reconnect_is_a_new_lapse_and_is_warned_again_when_its_time_comes(
    sessions: sessionmaker[Session],
) -> None:
    ids = signed_in_mailbox(sessions, now=NOW, provider="gmail", granted_days_ago=6)
    assert every_tick_of(2, sessions, start=NOW) >= 1
    with transaction(sessions) as session:
        row = session.get(EmailIntegration, ids.integration_id)
        assert row is not None
        record_token_granted(row, now=NOW + timedelta(hours=2))  # the user reconnected
    every_tick_of(24, sessions, start=NOW + timedelta(hours=2))  # the new lapse is days away
    assert len(notes(sessions, ids)) == 1
    every_tick_of(24, sessions, start=NOW + timedelta(days=5, hours=3))
    assert [n.event_key for n in notes(sessions, ids)] == [
        "lapse-2026-12-07T09:00:00Z",
        "lapse-2026-12-13T11:00:00Z",
    ]


def test_a_failed_token_gets_its_failure_email_once_and_no_warning(
    sessions: sessionmaker[Session],
) -> None:
    ids = signed_in_mailbox(sessions, now=NOW, provider="gmail", granted_days_ago=6)
    jobwriter = Jobwriter(stores=sql_stores(sessions))
    for _ in range(3):  # three syncs found the token revoked (and a redelivery)
        jobwriter.apply_integration_error(
            IntegrationError(
                integration_id=ids.integration_id,
                tenant_id=ids.tenant_id,
                user_id=ids.user_id,
                provider=Provider.GMAIL,
                sync_id=uuid.uuid4(),
                error_type=IntegrationErrorType.TOKEN_EXPIRED,
                error_message="invalid_grant",
                occurred_at=NOW,
            )
        )
    with transaction(sessions) as session:
        row = session.get(EmailIntegration, ids.integration_id)
        assert row is not None and row.token_failed_at == NOW and not row.is_active
        # reactivated by hand (not by a reconnect): the failure is still known, so no warning
        row.is_active = True
    every_tick_of(2, sessions, start=NOW)
    assert [n.kind for n in notes(sessions, ids)] == [RECONNECT]
