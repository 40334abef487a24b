"""API keys on real PostgreSQL: only the hash is stored, a revoked key resolves to nobody."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy.orm import Session, sessionmaker

from services.db import api_keys
from services.db.models import ApiKey
from services.db.session import transaction
from tests.pipeline_fixtures import new_tenant

pytestmark = pytest.mark.postgres
NOW = datetime(2026, 11, 28, 10, 0, tzinfo=UTC)


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
