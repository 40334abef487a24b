"""Gmail push under chaos, on real Kafka and PostgreSQL with fetcher, parser, jobwriter and API
processes and the local Gmail: Pub/Sub deliveries to POST /push/gmail lost, duplicated, out of
order and stale, and the history id expiring mid-run. Every email reaches email.raw and the
jobwriter's ledger exactly once; a burst whose every notification is lost waits for the next
notification or the cron, nothing longer."""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from services.db.models import EmailIntegration
from services.db.session import transaction
from services.demo.run import free_port
from services.demo.seed import DemoIds
from tests.e2e.fetcher_stack import FetcherStack
from tests.e2e.push_stack import (
    HeldNotifications,
    chaotic_bursts,
    ledger,
    lost_burst,
    published,
    push_stack,
    runs,
    settled,
    start_api,
)
from tests.providers.dovecot import make_message
from tests.providers.gmail_server import ACCOUNT_EMAIL, FIRST_HISTORY_ID
from tests.providers.google_pubsub import (
    PUSH_AUDIENCE,
    PUSH_SERVICE_ACCOUNT,
    LocalPushSigner,
    push_body,
    running_certs_server,
)
from tests.waiting import wait_until

pytestmark = [pytest.mark.kafka, pytest.mark.e2e]
TOPIC = "projects/reqstream-test/topics/gmail-push-chaos"
GmailNotification = tuple[str, int]  # (emailAddress, historyId)


@pytest.fixture(scope="module")
def signer() -> Iterator[LocalPushSigner]:
    with running_certs_server() as server:
        yield LocalPushSigner(server)


@pytest.fixture(scope="module")
def stack(
    database_url: str,
    token_keys: str,
    tmp_path_factory: pytest.TempPathFactory,
    signer: LocalPushSigner,
) -> Iterator[FetcherStack]:
    with push_stack(
        database_url=database_url,
        token_keys=token_keys,
        log_dir=tmp_path_factory.mktemp("gmail-chaos-logs"),
        fetcher_env={"FETCHER_GMAIL_PUBSUB_TOPIC": TOPIC},
    ) as started:
        yield started


@pytest.fixture(scope="module")
def notifications(
    stack: FetcherStack, signer: LocalPushSigner
) -> Iterator[HeldNotifications[GmailNotification]]:
    base_url = start_api(
        stack,
        free_port(),
        {
            "API_GMAIL_PUSH_AUDIENCE": PUSH_AUDIENCE,
            "API_GMAIL_PUSH_SERVICE_ACCOUNT": PUSH_SERVICE_ACCOUNT,
            "API_GOOGLE_CERTS_URL": signer.certs_url,
        },
    )

    def publish(notification: GmailNotification) -> int:
        """Pub/Sub pushing Gmail's notification to the API, as Google would."""
        response = httpx.post(
            f"{base_url}/push/gmail",
            content=push_body(*notification),
            headers={"Authorization": f"Bearer {signer.token()}"},
            timeout=30,
        )
        # 403: a replay (a history id not above the last accepted one), by design
        assert response.status_code in (204, 403), response.text
        return response.status_code

    held: HeldNotifications[GmailNotification] = HeldNotifications(publish)
    stack.gmail.on_notify = lambda address, history_id: held((address, history_id))
    yield held
    stack.gmail.on_notify = None


def watched_tenant(stack: FetcherStack, role: str) -> tuple[DemoIds, list[str]]:
    """A Gmail tenant with one matching email, after its first (cron) sync: searched, with a
    history id in its cursor and the mailbox watched."""
    ids, first = stack.gmail_tenant(role, 1)
    with transaction(stack.sessions) as session:
        row = session.get(EmailIntegration, ids.integration_id)
        assert row is not None
        row.account_email = ACCOUNT_EMAIL  # the address the local Gmail's notifications name
    stack.send(ids)
    wait_until(lambda: "history_id" in cursor(stack, ids), "the first cursor", timeout=90)
    return ids, first


def cursor(stack: FetcherStack, ids: DemoIds) -> dict[str, Any]:
    return dict(stack.integration(ids).provider_cursor or {})


def add_email(stack: FetcherStack, subject: str) -> str:
    now = datetime.now(UTC)
    return stack.gmail.add_message(
        make_message(
            subject=subject,
            message_id=f"chaos-{uuid.uuid4().hex}@vendor.example.com",
            date=now,
            body="Location: Austin, TX\n",
        ),
        internal_date=now,
    )


def test_lost_duplicated_reordered_and_stale_notifications_lose_and_double_nothing(
    stack: FetcherStack, notifications: HeldNotifications[GmailNotification]
) -> None:
    role = "Kotlin Developer"
    ids, mine = watched_tenant(stack, role)

    def add_mine(label: str) -> str:
        return add_email(stack, f"{role} requirement {label}")

    def stale() -> None:
        """Pub/Sub redelivering a notification from before the watch."""
        notifications((ACCOUNT_EMAIL, FIRST_HISTORY_ID))

    def arrived() -> Counter[str]:
        return published(stack, ids)

    mine += chaotic_bursts(notifications, add=add_mine, arrived=arrived, extra=stale)
    # every notification of a burst lost: the next notification brings it ...
    lost = lost_burst(stack, ids, notifications, add=add_mine)
    later = add_email(stack, f"{role} requirement later")
    mine += [*lost, later]
    wait_until(lambda: set(mine) <= set(published(stack, ids)), "the next notification")

    # ... and when none comes, the cron's safety-net sync does
    [unnotified] = lost_burst(stack, ids, notifications, add=add_mine, size=1)
    stack.send(ids)  # the cron
    mine.append(unnotified)
    wait_until(lambda: unnotified in published(stack, ids), "the cron's sync", timeout=90)

    assert published(stack, ids) == Counter(mine)  # none lost, none twice
    wait_until(lambda: set(ledger(stack, ids)) == set(mine), "the jobwriter's ledger")
    assert ledger(stack, ids) == Counter(mine)
    assert notifications.dropped, "the chaos dropped nothing"
    assert 403 in notifications.answers, "no duplicate or stale delivery was refused as a replay"


def test_an_expired_history_id_mid_run_resyncs_boundedly_and_loses_and_doubles_nothing(
    stack: FetcherStack, notifications: HeldNotifications[GmailNotification]
) -> None:
    role = "Haskell Developer"
    ids, mine = watched_tenant(stack, role)
    mine += [add_email(stack, f"{role} requirement {n}") for n in range(3)]
    wait_until(lambda: set(mine) <= set(published(stack, ids)), "the first emails", timeout=90)
    # what the resync's search lists again, the ledger must skip: the jobwriter has them
    wait_until(lambda: set(mine) <= set(ledger(stack, ids)), "the jobwriter's ledger")
    wait_until(lambda: settled(stack, ids), "the push syncs to finish", timeout=60)

    # mid-burst the history id expires: notifications before and after it, shuffled, duplicated
    searches = len([r for r in stack.gmail.api_requests() if "q" in r.query])
    notifications.holding = True
    burst = [add_email(stack, f"{role} requirement burst-{n}") for n in range(4)]
    stack.gmail.expire_history()
    burst += [add_email(stack, f"{role} requirement burst-{n}") for n in range(4, 8)]
    notifications.release(seed=7, duplicate_every=2)
    mine += burst
    wait_until(lambda: set(burst) <= set(published(stack, ids)), "the burst", timeout=120)
    wait_until(
        lambda: cursor(stack, ids).get("history_id") == stack.gmail.history_id,
        "the cursor at the mailbox's history id after the resync",
        timeout=90,
    )

    resyncs = [r for r in stack.gmail.api_requests() if "q" in r.query][searches:]
    assert resyncs, "no resync through the search"
    # bounded: the search starts at the cursor (less the slack), not a first sync's 30 days
    oldest = datetime.now(UTC) - timedelta(hours=1)
    for request in resyncs:
        after = int(request.query["q"][0].split("after:")[1].split()[0])
        assert datetime.fromtimestamp(after, UTC) > oldest, request.query["q"]
    assert published(stack, ids) == Counter(mine)  # none lost, none twice
    wait_until(lambda: set(ledger(stack, ids)) == set(mine), "the jobwriter's ledger")
    assert ledger(stack, ids) == Counter(mine)
    assert runs(stack, ids, "push")
