"""The sign-in facts on PostgreSQL: a connect records the grant (and forgets a failure), a
stored refresh records the use, the first failure's time is kept."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from cryptography.fernet import Fernet
from sqlalchemy.orm import Session, sessionmaker

from services.api import crud
from services.common.crypto import CredentialCipher
from services.db import token_facts
from services.db.models import EmailIntegration
from services.db.session import transaction
from services.domain.token_health import TokenFacts
from services.fetcher.providers.factory import ProviderFactory
from services.fetcher.settings import FetcherSettings
from services.fetcher.store import PgSyncStore
from tests.pipeline_fixtures import new_tenant
from tests.services.db.scratch import scratch_database, sessions_for

pytestmark = pytest.mark.postgres
T0 = datetime(2026, 12, 6, 7, 0, tzinfo=UTC)
KEY = Fernet.generate_key().decode()


@pytest.fixture(scope="module")
def sessions(prepared: tuple[str, str]) -> Iterator[sessionmaker[Session]]:
    """A database of this module's own: a running pipeline would sync the connected mailbox
    (its cache has no account: a token failure) between this test's steps."""
    with scratch_database(prepared[1], prefix="tokenfacts") as url, sessions_for(url) as own:
        yield own


def facts(sessions: sessionmaker[Session], integration_id: int) -> TokenFacts:
    with transaction(sessions) as session:
        row = session.get(EmailIntegration, integration_id)
        assert row is not None
        return token_facts.token_facts_of(row)


def test_connect_grants_refresh_uses_and_the_first_failure_is_kept(
    sessions: sessionmaker[Session], prepared: tuple[str, str]
) -> None:
    ids = new_tenant(sessions, mailbox=None, roles=[], provider="outlook")
    cipher = CredentialCipher.from_setting(KEY)

    def connect(now: datetime) -> int:
        with transaction(sessions) as session:
            return crud.connect_integration(
                session,
                tenant_id=ids.tenant_id,
                user_id=ids.user_id,
                provider="outlook",
                account_email="recruiter@outlook.test",
                config={},
                cipher=cipher,
                credentials={"token_cache": "{}"},
                now=now,
            ).id

    integration_id = connect(T0)
    granted = facts(sessions, integration_id)
    assert (granted.granted_at, granted.refreshed_at, granted.failed_at) == (T0, None, None)
    assert granted.has_credentials

    settings = FetcherSettings(
        kafka_bootstrap_servers="unused:9092", database_url=prepared[1], token_encryption_keys=KEY
    )
    store = PgSyncStore(sessions, ProviderFactory.from_settings(settings))
    before = datetime.now(UTC)
    store.save_credentials(integration_id, {"token_cache": '{"rotated": true}'})
    refreshed = facts(sessions, integration_id).refreshed_at
    assert refreshed is not None and refreshed >= before

    with transaction(sessions) as session:
        token_facts.record_token_failed(session, integration_id=integration_id, at=T0)
        token_facts.record_token_failed(
            session, integration_id=integration_id, at=T0 + timedelta(hours=1)
        )
    assert facts(sessions, integration_id).failed_at == T0

    reconnected_at = T0 + timedelta(days=1)
    assert connect(reconnected_at) == integration_id  # the same mailbox's integration
    after = facts(sessions, integration_id)
    assert (after.granted_at, after.refreshed_at, after.failed_at) == (reconnected_at, None, None)
