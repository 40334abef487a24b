"""Out-of-band raw emails on real PostgreSQL."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy.orm import Session, sessionmaker

from services.db import raw_blobs
from services.db.session import transaction
from tests.pipeline_fixtures import new_tenant

pytestmark = pytest.mark.postgres


def test_blobs_are_stored_in_one_go_and_a_stored_key_keeps_its_bytes(
    sessions: sessionmaker[Session],
) -> None:
    ids = new_tenant(sessions, mailbox=None, roles=[])
    a, b = f"a-{uuid.uuid4().hex}", f"b-{uuid.uuid4().hex}"
    with transaction(sessions) as session:
        raw_blobs.store_raw_blobs(session, tenant_id=ids.tenant_id, blobs=[(a, b"first")])
    with transaction(sessions) as session:
        raw_blobs.store_raw_blobs(
            session, tenant_id=ids.tenant_id, blobs=[(a, b"again"), (b, b"\x00bytes")]
        )
        raw_blobs.store_raw_blobs(session, tenant_id=ids.tenant_id, blobs=[])
    with transaction(sessions) as session:
        loaded = [raw_blobs.load_raw_blob(session, key=k) for k in (a, b, "missing")]
    assert loaded == [b"first", b"\x00bytes", None]
