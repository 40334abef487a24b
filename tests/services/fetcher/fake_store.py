"""An in-memory SyncStore and mail provider for the sync use case's unit tests.

The start unit works on a copy of the state and publishes it only when its block ends without
an exception, like the PostgreSQL transaction it stands for; a lock serialises starts, as the
advisory lock does across replicas.
"""

from __future__ import annotations

import copy
import threading
import uuid
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from schemas.contracts.models import RawEmail, SyncReason, SyncRequested
from services.db.models import EmailIntegration
from services.domain.integrations import IntegrationState
from services.domain.push import WatchFacts
from services.fetcher.handler import Lease, MessageRef
from services.fetcher.providers.base import Cursor, MailProvider
from services.fetcher.sync_store import RunState


@dataclass
class Run:
    status: str
    message: str | None
    started_at: datetime
    finished_at: datetime | None = None
    emails: tuple[str, ...] = ()
    tenant_id: int = 0
    reason: SyncReason = SyncReason.CRON
    integration_id: int = 0


@dataclass
class State:
    integrations: dict[int, IntegrationState] = field(default_factory=dict)
    leases: dict[int, Lease] = field(default_factory=dict)
    runs: dict[uuid.UUID, Run] = field(default_factory=dict)
    roles: dict[int, list[list[str]]] = field(default_factory=dict)
    cursors: dict[int, Cursor] = field(default_factory=dict)
    processed: set[str] = field(default_factory=set)
    skipped: dict[str, str] = field(default_factory=dict)  # message id -> the ledger's reason
    last_synced: dict[int, str] = field(default_factory=dict)
    pending_push: dict[int, str] = field(default_factory=dict)  # integration → pending sync id
    watches: dict[int, WatchFacts] = field(default_factory=dict)
    # integration → (Graph subscription id, its clientState)
    graph_subscriptions: dict[int, tuple[str, str]] = field(default_factory=dict)


@dataclass
class MemoryProvider:
    """A mailbox in memory: ``messages`` by id, or an error to raise on every listing; an
    optional gate holds the listing until a test opens it (a slow mailbox)."""

    messages: dict[str, tuple[str, datetime]]
    error: Exception | None = None
    calls: int = 0
    refreshed: dict[str, Any] | None = None
    closed: bool = False
    gate: threading.Event | None = None
    listing: threading.Event = field(default_factory=threading.Event)
    padding: dict[str, int] = field(default_factory=dict)  # message id -> extra body bytes

    def list_matching(self, *, keywords: Sequence[str], cursor: Cursor | None) -> list[MessageRef]:
        self.calls += 1
        self.listing.set()
        if self.gate is not None:
            assert self.gate.wait(timeout=30), "the test never let the slow listing finish"
        if self.error is not None:
            raise self.error
        after = cursor["after"] if cursor else ""
        return [
            MessageRef(mid, None, when, subject)
            for mid, (subject, when) in self.messages.items()
            if mid > after
        ]

    def fetch_raw(self, ref: MessageRef) -> bytes:
        head = f"Message-ID: <{ref.provider_message_id}>\r\nSubject: {ref.subject}\r\n\r\nx"
        return head.encode() + b"x" * self.padding.get(ref.provider_message_id, 0)

    def next_cursor(
        self, *, cursor: Cursor | None, published: Sequence[MessageRef], backlog: bool
    ) -> Cursor | None:
        return {"after": max(r.provider_message_id for r in published)} if published else cursor

    def updated_credentials(self) -> dict[str, Any] | None:
        return self.refreshed

    def close(self) -> None:
        self.closed = True


@dataclass
class MemoryFactory:
    """Stands for ProviderFactory in tests of the PostgreSQL store: hands out ``provider``."""

    provider: MemoryProvider
    saved: list[tuple[int, dict[str, Any]]] = field(default_factory=list)

    def __call__(self, session: Session, integration: EmailIntegration) -> MemoryProvider:
        return self.provider

    def save_credentials(
        self, session: Session, integration_id: int, credentials: dict[str, Any]
    ) -> None:
        self.saved.append((integration_id, credentials))


def _new_run(request: SyncRequested, now: datetime) -> Run:
    return Run(
        "running",
        None,
        now,
        tenant_id=request.tenant_id,
        reason=request.sync_reason,
        integration_id=request.integration_id,
    )


class MemoryStartUnit:
    def __init__(self, state: State) -> None:
        self.state = state

    def integration(self, integration_id: int) -> IntegrationState | None:
        return self.state.integrations.get(integration_id)

    def start_run(self, request: SyncRequested, now: datetime) -> RunState:
        run = self.state.runs.setdefault(request.sync_id, _new_run(request, now))
        return RunState(run.status, run.message)

    def restart_run(self, request: SyncRequested, now: datetime) -> None:
        self.state.runs[request.sync_id] = _new_run(request, now)

    def lease(self, integration_id: int) -> Lease:
        return self.state.leases.get(integration_id, Lease(None, None))

    def recent_starts(self, since: datetime) -> list[tuple[int, datetime]]:
        return [
            (r.tenant_id, r.started_at)
            for r in self.state.runs.values()
            if r.started_at > since and r.reason is not SyncReason.PUSH
        ]

    def push_starts(self, integration_id: int, since: datetime) -> list[datetime]:
        return [
            r.started_at
            for r in self.state.runs.values()
            if r.started_at > since
            and r.reason is SyncReason.PUSH
            and r.integration_id == integration_id
        ]

    def clear_pending_push(self, integration_id: int, sync_id: str) -> None:
        if self.state.pending_push.get(integration_id) == sync_id:
            del self.state.pending_push[integration_id]

    def preferred_roles(self, tenant_id: int) -> list[list[str]]:
        return self.state.roles.get(tenant_id, [])

    def take_lease(self, integration_id: int, owner: str, until: datetime) -> None:
        self.state.leases[integration_id] = Lease(owner, until)

    def finish_run(
        self,
        request: SyncRequested,
        *,
        status: str,
        message: str | None,
        now: datetime,
        touch_integration: bool = True,
    ) -> None:
        run = self.state.runs[request.sync_id]
        run.status, run.message, run.finished_at = status, message, now
        if touch_integration:
            self.state.last_synced[request.integration_id] = status


class MemorySyncStore:
    def __init__(self, provider: MemoryProvider) -> None:
        self.state = State()
        self.provider = provider
        self.saved_credentials: list[dict[str, Any]] = []
        self.renewals: list[datetime] = []
        self._lock = threading.Lock()

    @contextmanager
    def starting(self) -> Iterator[MemoryStartUnit]:
        with self._lock:
            draft = copy.deepcopy(self.state)
            yield MemoryStartUnit(draft)
            self.state = draft  # committed only when the block did not raise

    def open_mailbox(self, integration_id: int) -> tuple[MailProvider, Cursor | None]:
        return self.provider, self.state.cursors.get(integration_id)

    def processed_ids(self, integration_id: int, candidates: Iterable[str]) -> set[str]:
        return self.state.processed & set(candidates)

    def save_credentials(self, integration_id: int, credentials: dict[str, Any]) -> None:
        self.saved_credentials.append(credentials)

    def record_fetch(
        self,
        request: SyncRequested,
        emails: Sequence[tuple[RawEmail, bytes | None]],
        *,
        keywords: int,
        now: datetime,
    ) -> None:
        self.state.runs[request.sync_id].emails = tuple(m.provider_message_id for m, _ in emails)

    def record_skipped(
        self, request: SyncRequested, skipped: Sequence[tuple[MessageRef, str]], *, now: datetime
    ) -> None:
        for ref, reason in skipped:
            self.state.processed.add(ref.provider_message_id)
            self.state.skipped[ref.provider_message_id] = reason

    def renew_lease(self, integration_id: int, owner: str, until: datetime) -> bool:
        with self._lock:
            lease = self.state.leases.get(integration_id, Lease(None, None))
            if lease.owner != owner:
                return False
            self.state.leases[integration_id] = Lease(owner, until)
            self.renewals.append(until)
            return True

    def _release(self, integration_id: int, owner: str) -> bool:
        if self.state.leases.get(integration_id, Lease(None, None)).owner != owner:
            return False
        self.state.leases[integration_id] = Lease(None, None)
        return True

    def complete(
        self, request: SyncRequested, cursor: Cursor | None, *, finished: bool, now: datetime
    ) -> bool:
        with self._lock:
            held = self._release(request.integration_id, str(request.sync_id))
            if held and cursor is not None:
                self.state.cursors[request.integration_id] = cursor
            if finished:
                MemoryStartUnit(self.state).finish_run(
                    request, status="success", message=None, now=now
                )
            return held

    def finish(self, request: SyncRequested, *, status: str, message: str, now: datetime) -> None:
        with self._lock:
            MemoryStartUnit(self.state).finish_run(request, status=status, message=message, now=now)
            self._release(request.integration_id, str(request.sync_id))

    def watch_facts(self, integration_id: int) -> WatchFacts:
        return self.state.watches.get(integration_id, WatchFacts(None, None, None))

    def graph_subscription_id(self, integration_id: int) -> str | None:
        return self.state.graph_subscriptions.get(integration_id, (None, ""))[0]

    def record_graph_subscription(
        self, integration_id: int, *, subscription_id: str, client_state: str, now: datetime
    ) -> None:
        self.state.graph_subscriptions[integration_id] = (subscription_id, client_state)

    def record_watch(
        self,
        integration_id: int,
        *,
        expires_at: datetime | None,
        error: str | None,
        now: datetime,
    ) -> None:
        old = self.watch_facts(integration_id)
        if error is None:
            self.state.watches[integration_id] = WatchFacts(expires_at, now, None)
        else:
            self.state.watches[integration_id] = WatchFacts(old.expires_at, old.renewed_at, error)
