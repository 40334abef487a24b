"""OAuth connect states on real PostgreSQL: single use, expiring, purged."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from services.db import oauth_states
from services.db.models import OAuthState
from services.db.session import transaction
from tests.pipeline_fixtures import new_tenant

pytestmark = pytest.mark.postgres
NOW = datetime(2026, 11, 28, 10, 0, tzinfo=UTC)


def test_oauth_state_is_single_use(sessions: sessionmaker[Session]) -> None:
    ids = new_tenant(sessions, mailbox=None, roles=["qa"])
    flow = {"state": "x", "code_verifier": "v"}
    with transaction(sessions) as session:
        state = oauth_states.create_oauth_state(
            session,
            tenant_id=ids.tenant_id,
            user_id=ids.user_id,
            provider="outlook",
            now=NOW,
            flow=flow,
        )

    with transaction(sessions) as session:
        wrong_provider = oauth_states.consume_oauth_state(
            session, state=state, provider="gmail", now=NOW
        )
        first = oauth_states.consume_oauth_state(session, state=state, provider="outlook", now=NOW)
    with transaction(sessions) as session:
        second = oauth_states.consume_oauth_state(session, state=state, provider="outlook", now=NOW)

    assert wrong_provider is None
    assert first == oauth_states.ConsumedState(ids.tenant_id, ids.user_id, "outlook", flow)
    assert second is None


def test_oauth_state_expires_after_ten_minutes(sessions: sessionmaker[Session]) -> None:
    ids = new_tenant(sessions, mailbox=None, roles=["qa"])
    with transaction(sessions) as session:
        fresh, stale = (
            oauth_states.create_oauth_state(
                session, tenant_id=ids.tenant_id, user_id=ids.user_id, provider="gmail", now=NOW
            )
            for _ in range(2)
        )
        unknown = oauth_states.consume_oauth_state(session, state="nope", provider="gmail", now=NOW)

    just_inside = NOW + oauth_states.OAUTH_STATE_TTL - timedelta(seconds=1)
    with transaction(sessions) as session:
        inside = oauth_states.consume_oauth_state(
            session, state=fresh, provider="gmail", now=just_inside
        )
        expired = oauth_states.consume_oauth_state(
            session, state=stale, provider="gmail", now=NOW + oauth_states.OAUTH_STATE_TTL
        )

    assert unknown is None
    assert inside is not None and inside.tenant_id == ids.tenant_id
    assert expired is None


def test_old_states_are_purged_when_new_ones_are_created(
    sessions: sessionmaker[Session],
) -> None:
    ids = new_tenant(sessions, mailbox=None, roles=["qa"])
    long_ago = NOW - oauth_states.OAUTH_STATE_RETENTION - timedelta(minutes=1)
    with transaction(sessions) as session:
        old = oauth_states.create_oauth_state(
            session, tenant_id=ids.tenant_id, user_id=ids.user_id, provider="gmail", now=long_ago
        )
    with transaction(sessions) as session:
        oauth_states.create_oauth_state(
            session, tenant_id=ids.tenant_id, user_id=ids.user_id, provider="gmail", now=NOW
        )
    with transaction(sessions) as session:
        assert session.scalar(select(OAuthState).where(OAuthState.state == old)) is None
