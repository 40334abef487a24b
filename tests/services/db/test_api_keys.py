"""API keys on real PostgreSQL: only the hash is stored; a revoked or expired key, and the page
sessions it signed in, resolve to nobody."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.orm import Session, sessionmaker

from services.db import api_keys, api_sessions
from services.db.models import ApiKey
from services.db.session import transaction
from tests.pipeline_fixtures import new_tenant

pytestmark = pytest.mark.postgres
NOW = datetime(2026, 11, 28, 10, 0, tzinfo=UTC)
SECOND = timedelta(seconds=1)


def test_api_keys_resolve_to_their_tenant_until_revoked(sessions: sessionmaker[Session]) -> None:
    ids = new_tenant(sessions, mailbox=None, roles=["qa"])
    with transaction(sessions) as session:
        raw_key, row = api_keys.create_api_key(session, tenant_id=ids.tenant_id, name="portal")
        key_id = row.id

    assert raw_key.startswith("rqs_") and len(raw_key) > 40
    with transaction(sessions) as session:
        stored = session.get(ApiKey, key_id)
        assert stored is not None
        assert stored.key_prefix == raw_key[:8]
        assert stored.key_hash == api_keys.hash_api_key(raw_key) and raw_key not in stored.key_hash
        assert api_keys.tenant_for_api_key(session, raw_key=raw_key) == ids.tenant_id
        assert api_keys.tenant_for_api_key(session, raw_key=raw_key + "x") is None
        assert api_keys.tenant_for_api_key(session, raw_key="") is None
        stored.revoked_at = NOW
    with transaction(sessions) as session:
        assert api_keys.tenant_for_api_key(session, raw_key=raw_key) is None


def test_revoking_is_tenant_scoped_idempotent_and_ends_sessions(
    sessions: sessionmaker[Session],
) -> None:
    ids = new_tenant(sessions, mailbox=None, roles=["qa"])
    other = new_tenant(sessions, mailbox=None, roles=["qa"])
    with transaction(sessions) as session:
        raw_key, row = api_keys.create_api_key(session, tenant_id=ids.tenant_id, name="portal")
        key_id = row.id
        token = api_sessions.create_api_session(session, api_key_id=key_id, now=NOW)
        assert api_sessions.tenant_for_api_session(session, token=token, now=NOW) == ids.tenant_id

    with transaction(sessions) as session:
        foreign = api_keys.revoke_api_key(
            session, key_id=key_id, tenant_id=other.tenant_id, now=NOW
        )
        first = api_keys.revoke_api_key(session, key_id=key_id, tenant_id=ids.tenant_id, now=NOW)
        again = api_keys.revoke_api_key(session, key_id=key_id, now=NOW + timedelta(hours=1))
        revoked_at = again.revoked_at if again else None
        listed = [key.id for key in api_keys.list_api_keys(session, tenant_id=ids.tenant_id)]

    assert foreign is None and first is not None
    assert revoked_at == NOW  # the first revocation time stays
    assert key_id in listed
    with transaction(sessions) as session:
        assert api_keys.tenant_for_api_key(session, raw_key=raw_key) is None
        assert api_sessions.tenant_for_api_session(session, token=token, now=NOW) is None


def test_keys_and_their_sessions_stop_at_the_key_expiry(sessions: sessionmaker[Session]) -> None:
    ids = new_tenant(sessions, mailbox=None, roles=["qa"])
    expires_at = NOW + timedelta(minutes=30)
    with transaction(sessions) as session:
        raw_key, row = api_keys.create_api_key(
            session, tenant_id=ids.tenant_id, name="short", expires_at=expires_at
        )
        token = api_sessions.create_api_session(session, api_key_id=row.id, now=NOW)

    with transaction(sessions) as session:
        before = api_keys.tenant_for_api_key(session, raw_key=raw_key, now=expires_at - SECOND)
        after = api_keys.tenant_for_api_key(session, raw_key=raw_key, now=expires_at)
        session_before = api_sessions.tenant_for_api_session(
            session, token=token, now=expires_at - SECOND
        )
        session_after = api_sessions.tenant_for_api_session(session, token=token, now=expires_at)

    assert before == session_before == ids.tenant_id
    assert after is None and session_after is None
