"""The freshness bench's tenant: seeded with one integration per local mailbox (candidates that
want the generated roles, encrypted credentials), then warmed: ``wait_warm`` returns once every
integration has synced once and, with push, is watched (Gmail watch, Graph subscription, IMAP
IDLE as the watcher's log says), or raises TimeoutError after ``WARM_TIMEOUT``.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Sequence
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from schemas.contracts.models import Provider
from services.bench.freshness_mailboxes import (
    Account,
)
from services.common.crypto import CredentialCipher
from services.db.api_keys import create_api_key
from services.db.credentials import store_credentials
from services.db.models import (
    Candidate,
    EmailIntegration,
    IntegrationPush,
    PortalUser,
    Tenant,
)
from services.db.session import transaction
from services.demo.processes import ServiceGroup
from services.ops.chaos import CANDIDATES

POLL_INTERVAL = 0.5  # seconds between two looks at the database while waiting
WARM_TIMEOUT = 180.0  # seconds for every mailbox's first sync (and watch)


def seed_tenant(
    sessions: sessionmaker[Session],
    cipher: CredentialCipher,
    accounts: Sequence[Account],
    *,
    label: str,
    frequency_minutes: int,
) -> tuple[int, dict[int, Account]]:
    """A tenant whose candidates want the generated roles, one integration per account."""
    with transaction(sessions) as session:
        tenant = Tenant(name=f"{label}-{uuid.uuid4().hex[:8]}")
        session.add(tenant)
        session.flush()
        user = PortalUser(tenant_id=tenant.id, email=f"{label}@bench.example.test", name=label)
        session.add(user)
        session.flush()
        for name, roles in CANDIDATES.items():
            session.add(Candidate(tenant_id=tenant.id, name=name, preferred_roles=roles))
        create_api_key(session, tenant_id=tenant.id, name=label)
        integrations: dict[int, Account] = {}
        for account in accounts:
            row = EmailIntegration(
                tenant_id=tenant.id,
                user_id=user.id,
                provider=account.provider.value,
                account_email=account.address.lower(),
                config=account.config,
                is_active=True,
                sync_frequency_minutes=frequency_minutes,
            )
            session.add(row)
            session.flush()
            store_credentials(
                session, integration_id=row.id, cipher=cipher, credentials=account.credentials
            )
            integrations[row.id] = account
        return tenant.id, integrations


def wait_warm(
    sessions: sessionmaker[Session],
    integrations: dict[int, Account],
    *,
    push: bool,
    watcher_log: Path,
    group: ServiceGroup,
) -> None:
    """Every integration synced once (its cursor set) and, with push, watched."""
    deadline = time.monotonic() + WARM_TIMEOUT
    waiting: list[int] = list(integrations)
    while time.monotonic() < deadline:
        group.check_alive()
        with transaction(sessions) as session:
            rows = {
                r.id: r
                for r in session.scalars(
                    select(EmailIntegration).where(EmailIntegration.id.in_(integrations))
                )
            }
            watches = {
                p.integration_id: p
                for p in session.scalars(
                    select(IntegrationPush).where(IntegrationPush.integration_id.in_(integrations))
                )
            }
        idling = watcher_log.read_text(errors="replace") if push and watcher_log.exists() else ""
        waiting = [
            i
            for i, account in integrations.items()
            if rows[i].last_synced_at is None
            or (push and not is_watched(account.provider, i, watches.get(i), idling))
        ]
        if not waiting:
            return
        time.sleep(POLL_INTERVAL)
    raise TimeoutError(f"integrations {waiting} not synced and watched in {WARM_TIMEOUT}s")


def is_watched(
    provider: Provider, integration_id: int, push: IntegrationPush | None, log: str
) -> bool:
    if provider is Provider.IMAP:
        return f"integration {integration_id} idling" in log
    if push is None:
        return False
    if provider is Provider.OUTLOOK:
        return push.graph_subscription_id is not None
    return push.watch_expires_at is not None and push.watch_error is None
