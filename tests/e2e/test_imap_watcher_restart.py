"""The IMAP watcher killed mid-IDLE and restarted, on real Kafka, PostgreSQL and Dovecot with
fetcher, parser, jobwriter and watcher processes: mail appended while no watcher idled is
synced once the watcher is back (its catch-up request on connecting), without waiting for the
cron; every email reaches email.raw and the jobwriter's ledger exactly once. One watcher
process, killed and restarted: how several replicas share the integrations is not at stake."""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from schemas.contracts.models import Provider
from services.demo.seed import DemoIds
from tests.e2e.fetcher_stack import FetcherStack
from tests.e2e.push_stack import ledger, published, push_stack, runs, settled
from tests.imap_watch import publish_watch
from tests.pipeline_fixtures import new_tenant, use_dovecot
from tests.providers.dovecot import DovecotServer, make_message
from tests.waiting import wait_until

pytestmark = [pytest.mark.kafka, pytest.mark.e2e, pytest.mark.imap]
WATCHER = "imapwatcher-0"
ROLE = "Erlang Developer"


@pytest.fixture(scope="module")
def stack(
    database_url: str, token_keys: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[FetcherStack]:
    with push_stack(
        database_url=database_url,
        token_keys=token_keys,
        log_dir=tmp_path_factory.mktemp("imap-watch-logs"),
        # the test Dovecot listens on loopback, on a free port, in plain text (sync and watch)
        fetcher_env={
            "IMAP_ALLOWED_HOSTS": "127.0.0.1",
            "IMAP_ALLOWED_PORTS": "1024-65535",
            "IMAP_ALLOW_PLAINTEXT": "true",
        },
    ) as started:
        yield started


def start_watcher(stack: FetcherStack) -> None:
    """The one watcher process (``python -m services.imapwatcher``), in a group of its own on
    the stack's broker: it owns every integration recorded on integration.imap.active. A
    restarted one rejoins the group once the killed member's session timed out."""
    stack.group.start(
        "imapwatcher",
        extra_env={
            "IMAPWATCHER_SESSION_TIMEOUT_MS": "6000",  # the broker's smallest
            "IMAPWATCHER_BACKOFF_BASE_SECONDS": "0.2",
        },
    )


def idle_rounds(stack: FetcherStack, ids: DemoIds) -> int:
    """How often a watcher process logged that it started idling on the integration."""
    stack.group.check_alive()
    (watcher,) = [p for p in stack.group.processes if p.name == WATCHER]
    text = watcher.log_path.read_text(errors="replace")
    return text.count(f"integration {ids.integration_id} idling")


def append(dovecot: DovecotServer, user: str, label: str) -> str:
    """A matching email appended to the watched folder; its Message-ID (what is published)."""
    message_id = f"watch-{uuid.uuid4().hex}@vendor.example.com"
    raw = make_message(subject=f"{ROLE} requirement {label}", message_id=message_id)
    dovecot.append(user, raw, datetime.now(UTC))
    return message_id


def test_mail_appended_while_the_watcher_was_killed_is_synced_once_it_is_back(
    stack: FetcherStack, dovecot: DovecotServer
) -> None:
    user, password = dovecot.new_user()
    ids = new_tenant(stack.sessions, mailbox=None, roles=[ROLE], provider="imap")
    use_dovecot(
        stack.sessions, stack.cipher, ids.integration_id, dovecot, user=user, password=password
    )
    mine = [append(dovecot, user, "0")]
    publish_watch(stack.kafka_bootstrap, stack.sessions, ids.integration_id)  # as the api does
    stack.send(ids, provider=Provider.IMAP)  # the cron's first sync sets the UID cursor
    wait_until(lambda: set(mine) <= set(published(stack, ids)), "the first sync", timeout=90)
    wait_until(lambda: settled(stack, ids), "the first sync to finish", timeout=60)

    start_watcher(stack)
    wait_until(lambda: idle_rounds(stack, ids) >= 1, "the watcher idles", timeout=60)
    mine.append(append(dovecot, user, "1"))
    wait_until(lambda: set(mine) <= set(published(stack, ids)), "the pushed email", timeout=90)
    wait_until(lambda: settled(stack, ids), "the push sync to finish", timeout=60)

    stack.kill(WATCHER)  # SIGKILL mid-IDLE: no DONE, no LOGOUT
    missed = [append(dovecot, user, f"missed-{n}") for n in range(3)]
    pushes = len(runs(stack, ids, "push"))
    assert not set(missed) & set(published(stack, ids))  # nobody watched

    start_watcher(stack)
    mine += missed
    wait_until(lambda: set(missed) <= set(published(stack, ids)), "the missed mail", timeout=90)
    assert len(runs(stack, ids, "push")) > pushes  # brought by a push sync, not a cron one
    wait_until(lambda: settled(stack, ids), "the catch-up sync to finish", timeout=60)

    # and the restarted watcher goes on idling
    mine.append(append(dovecot, user, "after"))
    wait_until(lambda: set(mine) <= set(published(stack, ids)), "the next email", timeout=90)
    assert published(stack, ids) == Counter(mine)  # none lost, none twice
    wait_until(lambda: set(ledger(stack, ids)) == set(mine), "the jobwriter's ledger")
    assert ledger(stack, ids) == Counter(mine)
