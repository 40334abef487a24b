"""Helpers for push tests on a fetcher stack (``tests.e2e.fetcher_stack``): the API as a process
(Graph must reach POST /push/graph over HTTP), Outlook mailboxes on a local Graph, notifications
held back and then delivered lost, duplicated and out of order, and the exactly-once counts."""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Generic, TypeVar

from sqlalchemy import func, select

from services.db.credentials import store_credentials
from services.db.models import IntegrationPush, ProcessedEmail, SyncRun
from services.db.session import transaction
from services.demo.run import wait_http_ready
from services.demo.seed import DemoIds
from tests.e2e.fetcher_stack import FetcherStack, fetcher_stack
from tests.pipeline_fixtures import new_tenant
from tests.providers.identity_server import mint_token_cache
from tests.providers.microsoft import MicrosoftServers
from tests.waiting import wait_until

T = TypeVar("T")


@contextmanager
def push_stack(
    *, database_url: str, token_keys: str, log_dir: Path, fetcher_env: dict[str, str]
) -> Iterator[FetcherStack]:
    """One fetcher, with the parser and jobwriter behind it (the ledger), on a broker and a
    database of its own."""
    with fetcher_stack(
        server_database_url=database_url,
        token_keys=token_keys,
        log_dir=log_dir,
        fetcher_env=fetcher_env,
        replicas=1,
        downstream=("parser", "jobwriter"),
    ) as started:
        yield started


def start_api(stack: FetcherStack, port: int, env: dict[str, str] | None = None) -> str:
    """``python -m services.api`` on ``port`` against the stack's broker and database."""
    stack.group.start("api", extra_env={"API_HTTP_PORT": str(port), **(env or {})})
    base_url = f"http://127.0.0.1:{port}"
    wait_http_ready(base_url, stack.group)
    return base_url


def outlook_environment(microsoft: MicrosoftServers, notification_url: str) -> dict[str, str]:
    """A fetcher's settings for Outlook on the local Graph, with push subscriptions."""
    return {
        **microsoft.environment("FETCHER_"),
        "FETCHER_GRAPH_BASE_URL": microsoft.graph.base_url,
        "FETCHER_GRAPH_NOTIFICATION_URL": notification_url,
    }


def outlook_tenant(stack: FetcherStack, microsoft: MicrosoftServers, role: str) -> DemoIds:
    """A tenant whose candidates want ``role``, with the local Graph user's mailbox connected."""
    ids = new_tenant(stack.sessions, mailbox=None, roles=[role], provider="outlook")
    minted = mint_token_cache(microsoft.idp, ca_file=microsoft.ca_file)
    with transaction(stack.sessions) as session:
        store_credentials(
            session,
            integration_id=ids.integration_id,
            cipher=stack.cipher,
            credentials={"token_cache": minted.token_cache, "account_id": minted.account_id},
        )
    return ids


def published(stack: FetcherStack, ids: DemoIds) -> Counter[str]:
    """How often each message of the integration is on email.raw."""
    return Counter(
        e.provider_message_id for e in stack.raw_emails() if e.integration_id == ids.integration_id
    )


def ledger(stack: FetcherStack, ids: DemoIds) -> Counter[str]:
    """How often the jobwriter recorded each message of the integration as processed."""
    with transaction(stack.sessions) as session:
        rows = session.execute(
            select(ProcessedEmail.provider_message_id, func.count())
            .where(ProcessedEmail.integration_id == ids.integration_id)
            .group_by(ProcessedEmail.provider_message_id)
        ).all()
    return Counter({str(message_id): int(count) for message_id, count in rows})


def runs(stack: FetcherStack, ids: DemoIds, reason: str) -> list[SyncRun]:
    with transaction(stack.sessions) as session:
        return list(
            session.scalars(
                select(SyncRun).filter_by(integration_id=ids.integration_id, reason=reason)
            )
        )


def settled(stack: FetcherStack, ids: DemoIds) -> bool:
    """No sync of the integration runs (the last one stored its cursor) or waits to start."""
    with transaction(stack.sessions) as session:
        row = session.get(IntegrationPush, ids.integration_id)
        pending = row.pending_sync_id if row is not None else None
    return pending is None and stack.integration(ids).sync_lease_owner is None


@dataclass
class HeldNotifications(Generic[T]):
    """Stands between a provider and the API: while ``holding``, notifications are kept; then
    ``release`` delivers them shuffled, dropping and duplicating some, as Pub/Sub and Graph may
    (at-least-once, unordered, and a lost one now and then)."""

    deliver: Callable[[T], object]  # returns the receiver's answer (an HTTP status)
    holding: bool = False
    held: list[T] = field(default_factory=list)
    delivered: list[T] = field(default_factory=list)
    dropped: list[T] = field(default_factory=list)
    answers: list[object] = field(default_factory=list)  # ``deliver``'s, in delivery order

    def __call__(self, notification: T) -> None:
        if self.holding:
            self.held.append(notification)
        else:
            self._send(notification)

    def release(self, *, seed: int, drop_every: int = 0, duplicate_every: int = 0) -> None:
        """Deliver what is held: every ``drop_every``-th lost, every ``duplicate_every``-th
        twice, all in a shuffled order (seeded: a failure reproduces)."""
        held, self.held, self.holding = self.held, [], False
        outgoing: list[T] = []
        for n, notification in enumerate(held, start=1):
            if drop_every and n % drop_every == 0:
                self.dropped.append(notification)
                continue
            outgoing.append(notification)
            if duplicate_every and n % duplicate_every == 0:
                outgoing.append(notification)
        random.Random(seed).shuffle(outgoing)
        for notification in outgoing:
            self._send(notification)

    def drop_held(self) -> None:
        """Every held notification is lost."""
        self.dropped += self.held
        self.held, self.holding = [], False

    def _send(self, notification: T) -> None:
        self.answers.append(self.deliver(notification))
        self.delivered.append(notification)


def chaotic_bursts(
    notifications: HeldNotifications[T],
    *,
    add: Callable[[str], str],
    arrived: Callable[[], Counter[str]],
    extra: Callable[[], object] = lambda: None,
    rounds: int = 3,
    size: int = 8,
) -> list[str]:
    """``rounds`` bursts of ``size`` added messages (``add(label)`` → message id) whose
    notifications come shuffled, every 4th lost and every 3rd twice (``extra`` may slip in
    more deliveries before each release); waits until each burst ``arrived``."""
    added: list[str] = []
    for round_ in range(rounds):
        notifications.holding = True
        added.extend(add(f"{round_}-{n}") for n in range(size))
        extra()
        notifications.release(seed=round_, drop_every=4, duplicate_every=3)
        wait_until(lambda: set(added) <= set(arrived()), f"burst {round_}", timeout=120)
    return added


def lost_burst(
    stack: FetcherStack,
    ids: DemoIds,
    notifications: HeldNotifications[T],
    *,
    add: Callable[[str], str],
    size: int = 3,
) -> list[str]:
    """``size`` messages whose every notification is lost, added once no sync runs or waits:
    none of them is published until something else reads the mailbox."""
    # a sync still to come from earlier notifications would read them: none may be left
    wait_until(lambda: settled(stack, ids), "the earlier syncs to finish", timeout=60)
    notifications.holding = True
    lost = [add(f"lost-{n}") for n in range(size)]
    notifications.drop_held()
    assert not set(lost) & set(published(stack, ids))
    return lost
