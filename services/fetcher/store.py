"""The sync store on PostgreSQL: the use case's ``SyncStore`` and ``StartUnit`` over services.db."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from schemas.contracts.models import RawEmail, SyncRequested
from services.db import integrations, leases, ledger, push, raw_blobs, sync_runs, token_facts
from services.db.models import EmailIntegration
from services.db.session import transaction
from services.domain.graph_push import sealed_client_state
from services.domain.integrations import IntegrationState
from services.domain.push import WatchFacts
from services.fetcher.handler import Lease, MessageRef
from services.fetcher.providers.base import Cursor, MailProvider, ProviderConfigError
from services.fetcher.providers.factory import ProviderFactory
from services.fetcher.sync_store import RunState


class PgStartUnit:
    def __init__(self, session: Session) -> None:
        self.session = session
        self._rows: dict[int, EmailIntegration] = {}

    def _locked(self, integration_id: int) -> EmailIntegration | None:
        if integration_id not in self._rows:
            row = leases.locked_integration(self.session, integration_id=integration_id)
            if row is None:
                return None
            self._rows[integration_id] = row
        return self._rows[integration_id]

    def integration(self, integration_id: int) -> IntegrationState | None:
        return integrations.integration_state(self._locked(integration_id))

    def start_run(self, request: SyncRequested, now: datetime) -> RunState:
        run = sync_runs.start_sync_run(self.session, request=request, now=now)
        return RunState(run.status, run.message)

    def restart_run(self, request: SyncRequested, now: datetime) -> None:
        sync_runs.restart_sync_run(self.session, sync_id=request.sync_id, now=now)

    def lease(self, integration_id: int) -> Lease:
        row = self._locked(integration_id)
        assert row is not None  # read under this transaction's row lock
        return Lease(row.sync_lease_owner, row.sync_lease_until)

    def recent_starts(self, since: datetime) -> list[tuple[int, datetime]]:
        return sync_runs.recent_sync_starts(self.session, since=since)

    def push_starts(self, integration_id: int, since: datetime) -> list[datetime]:
        return sync_runs.recent_push_starts(
            self.session, integration_id=integration_id, since=since
        )

    def clear_pending_push(self, integration_id: int, sync_id: str) -> None:
        push.clear_pending(self.session, integration_id=integration_id, sync_id=uuid.UUID(sync_id))

    def preferred_roles(self, tenant_id: int) -> list[list[str]]:
        return integrations.preferred_roles(self.session, tenant_id=tenant_id)

    def take_lease(self, integration_id: int, owner: str, until: datetime) -> None:
        leases.take_sync_lease(
            self.session, integration_id=integration_id, owner=owner, until=until
        )

    def finish_run(
        self,
        request: SyncRequested,
        *,
        status: str,
        message: str | None,
        now: datetime,
        touch_integration: bool = True,
    ) -> None:
        sync_runs.finish_sync_run(
            self.session,
            sync_id=request.sync_id,
            integration_id=request.integration_id,
            status=status,
            message=message,
            now=now,
            touch_integration=touch_integration,
        )


@dataclass
class PgSyncStore:
    sessions: sessionmaker[Session]
    providers: ProviderFactory

    @contextmanager
    def starting(self) -> Iterator[PgStartUnit]:
        with transaction(self.sessions) as session:
            # serialise run starts across replicas: the rate limit counts under this lock
            sync_runs.lock_sync_starts(session)
            yield PgStartUnit(session)

    def open_mailbox(self, integration_id: int) -> tuple[MailProvider, Cursor | None]:
        with transaction(self.sessions) as session:
            row = integrations.integration_for_sync(session, integration_id=integration_id)
            assert row is not None  # the start found it; integrations are never deleted
            return self.providers(session, row), row.provider_cursor

    def processed_ids(self, integration_id: int, candidates: Iterable[str]) -> set[str]:
        with transaction(self.sessions) as session:
            return ledger.processed_message_ids(
                session, integration_id=integration_id, candidates=candidates
            )

    def save_credentials(self, integration_id: int, credentials: dict[str, Any]) -> None:
        with transaction(self.sessions) as session:
            self.providers.save_credentials(session, integration_id, credentials)
            token_facts.record_token_refreshed(
                session, integration_id=integration_id, now=datetime.now(UTC)
            )

    def record_fetch(
        self,
        request: SyncRequested,
        emails: Sequence[tuple[RawEmail, bytes | None]],
        *,
        keywords: int,
        now: datetime,
    ) -> None:
        with transaction(self.sessions) as session:
            blobs = [
                (message.raw_ref, blob)
                for message, blob in emails
                if blob is not None and message.raw_ref is not None
            ]
            raw_blobs.store_raw_blobs(session, tenant_id=request.tenant_id, blobs=blobs)
            sync_runs.record_fetch(
                session,
                sync_id=request.sync_id,
                keywords=keywords,
                message_ids=[m.provider_message_id for m, _ in emails],
                now=now,
            )

    def record_skipped(
        self, request: SyncRequested, skipped: Sequence[tuple[MessageRef, str]], *, now: datetime
    ) -> None:
        with transaction(self.sessions) as session:
            for ref, reason in skipped:
                ledger.record_skipped(
                    session,
                    integration_id=request.integration_id,
                    tenant_id=request.tenant_id,
                    sync_id=request.sync_id,
                    provider_message_id=ref.provider_message_id,
                    thread_id=ref.thread_id,
                    received_at=ref.received_at,
                    reason=reason,
                    now=now,
                )

    def renew_lease(self, integration_id: int, owner: str, until: datetime) -> bool:
        with transaction(self.sessions) as session:
            return leases.renew_sync_lease(
                session, integration_id=integration_id, owner=owner, until=until
            )

    def complete(
        self, request: SyncRequested, cursor: Cursor | None, *, finished: bool, now: datetime
    ) -> bool:
        with transaction(self.sessions) as session:
            held = leases.release_held_sync_lease(
                session, integration_id=request.integration_id, owner=str(request.sync_id)
            )
            if held:  # a sync that lost its lease leaves the cursor to the one that took it
                integrations.store_cursor(
                    session, integration_id=request.integration_id, cursor=cursor
                )
            if finished:
                sync_runs.finish_sync_run(
                    session,
                    sync_id=request.sync_id,
                    status="success",
                    integration_id=request.integration_id,
                    message=None,
                    now=now,
                )
            return held

    def finish(self, request: SyncRequested, *, status: str, message: str, now: datetime) -> None:
        with transaction(self.sessions) as session:
            sync_runs.finish_sync_run(
                session,
                sync_id=request.sync_id,
                status=status,
                integration_id=request.integration_id,
                message=message,
                now=now,
            )
            integrations.release_sync_lease(
                session, integration_id=request.integration_id, owner=str(request.sync_id)
            )

    def watch_facts(self, integration_id: int) -> WatchFacts:
        with transaction(self.sessions) as session:
            return push.watch_facts(session, integration_id=integration_id)

    def graph_subscription_id(self, integration_id: int) -> str | None:
        with transaction(self.sessions) as session:
            return push.graph_subscription_id(session, integration_id=integration_id)

    def record_graph_subscription(
        self, integration_id: int, *, subscription_id: str, client_state: str, now: datetime
    ) -> None:
        cipher = self.providers.cipher
        if cipher is None:  # no keys: no credentials either, so no sync gets here
            raise ProviderConfigError("TOKEN_ENCRYPTION_KEYS is not set")
        with transaction(self.sessions) as session:
            push.record_graph_subscription(
                session,
                integration_id=integration_id,
                subscription_id=subscription_id,
                sealed_client_state=sealed_client_state(cipher, client_state),
                expires_at=now,  # the caller records the real expiry with record_watch
                now=now,
            )

    def record_watch(
        self,
        integration_id: int,
        *,
        expires_at: datetime | None,
        error: str | None,
        now: datetime,
    ) -> None:
        with transaction(self.sessions) as session:
            push.record_watch(
                session, integration_id=integration_id, expires_at=expires_at, error=error, now=now
            )
