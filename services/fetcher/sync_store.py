"""The store interface of the sync use case: ``StartUnit`` (the start transaction), ``SyncStore``
(everything else, each method its own transaction) and the ``WatchStore`` part that push watches
use. ``services.fetcher.store`` implements it on PostgreSQL; the tests fake it in memory."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from schemas.contracts.models import RawEmail, SyncRequested
from services.domain.integrations import IntegrationState
from services.domain.push import WatchFacts
from services.fetcher.handler import Lease, MessageRef
from services.fetcher.providers.base import Cursor, MailProvider


class WatchStore(Protocol):
    """What keeping a mailbox's push watch reads and writes; each method is its own transaction."""

    def watch_facts(self, integration_id: int) -> WatchFacts: ...
    def graph_subscription_id(self, integration_id: int) -> str | None: ...
    def record_graph_subscription(
        self, integration_id: int, *, subscription_id: str, client_state: str, now: datetime
    ) -> None:
        """A new Graph subscription and its clientState (stored encrypted)."""
        ...

    def record_watch(
        self,
        integration_id: int,
        *,
        expires_at: datetime | None,
        error: str | None,
        now: datetime,
    ) -> None:
        """A watch was established (``expires_at``) or failed (``error``, tokens-free)."""
        ...


@dataclass(frozen=True)
class RunState:
    status: str
    message: str | None


class StartUnit(Protocol):
    """One transaction that holds the start lock (starts are serialised across replicas) and
    the integration's row; everything is rolled back if the block raises."""

    def integration(self, integration_id: int) -> IntegrationState | None: ...
    def start_run(self, request: SyncRequested, now: datetime) -> RunState: ...
    def restart_run(self, request: SyncRequested, now: datetime) -> None: ...
    def lease(self, integration_id: int) -> Lease: ...
    def recent_starts(self, since: datetime) -> list[tuple[int, datetime]]:
        """(tenant id, start time) of the runs started after ``since`` that count against the
        start budget (cron and manual ones, not push)."""
        ...

    def push_starts(self, integration_id: int, since: datetime) -> list[datetime]:
        """Start times of the integration's push runs started after ``since``."""
        ...

    def clear_pending_push(self, integration_id: int, sync_id: str) -> None:
        """The push sync ``sync_id`` starts (or ends at once): a notification from now on may
        request another."""
        ...

    def preferred_roles(self, tenant_id: int) -> list[list[str]]: ...
    def take_lease(self, integration_id: int, owner: str, until: datetime) -> None: ...
    def finish_run(
        self,
        request: SyncRequested,
        *,
        status: str,
        message: str | None,
        now: datetime,
        touch_integration: bool = True,
    ) -> None: ...


class SyncStore(WatchStore, Protocol):
    """Everything the sync reads and writes; each method is its own transaction."""

    def starting(self) -> AbstractContextManager[StartUnit]: ...
    def open_mailbox(self, integration_id: int) -> tuple[MailProvider, Cursor | None]: ...
    def processed_ids(self, integration_id: int, candidates: Iterable[str]) -> set[str]: ...
    def save_credentials(self, integration_id: int, credentials: dict[str, Any]) -> None: ...
    def record_fetch(
        self,
        request: SyncRequested,
        emails: Sequence[tuple[RawEmail, bytes | None]],
        *,
        keywords: int,
        now: datetime,
    ) -> None: ...
    def record_skipped(
        self, request: SyncRequested, skipped: Sequence[tuple[MessageRef, str]], *, now: datetime
    ) -> None: ...
    def renew_lease(self, integration_id: int, owner: str, until: datetime) -> bool: ...
    def complete(
        self, request: SyncRequested, cursor: Cursor | None, *, finished: bool, now: datetime
    ) -> bool: ...
    def finish(
        self, request: SyncRequested, *, status: str, message: str, now: datetime
    ) -> None: ...
