"""OAuth connect states on real PostgreSQL: bound once to one browser, single use, expiring,
purged, and stored as hashes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from services.db import oauth_states
from services.db.models import OAuthState
from services.db.session import transaction
from services.db.tokens import hash_token
from tests.pipeline_fixtures import new_tenant

pytestmark = pytest.mark.postgres
NOW = datetime(2026, 11, 28, 10, 0, tzinfo=UTC)
NONCE = "browser-nonce"


def bound_state(sessions: sessionmaker[Session], *, provider: str, now: datetime = NOW) -> str:
    ids = new_tenant(sessions, mailbox=None, roles=["qa"])
    with transaction(sessions) as session:
        state = oauth_states.create_oauth_state(
            session, tenant_id=ids.tenant_id, user_id=ids.user_id, provider=provider, now=now
        )
        assert oauth_states.bind_oauth_state(
            session,
            state=state,
            provider=provider,
            browser_nonce=NONCE,
            secrets_encrypted="ciphertext",
            now=now,
        )
    return state


def test_a_state_binds_one_browser_once(sessions: sessionmaker[Session]) -> None:
    state = bound_state(sessions, provider="gmail")
    with transaction(sessions) as session:
        unbound = oauth_states.oauth_state_is_unbound(
            session, state=state, provider="gmail", now=NOW
        )
        rebound = oauth_states.bind_oauth_state(
            session,
            state=state,
            provider="gmail",
            browser_nonce="another-browser",
            secrets_encrypted="x",
            now=NOW,
        )
        row = session.get(OAuthState, hash_token(state))

    assert not unbound and not rebound
    assert row is not None and row.browser_hash == hash_token(NONCE)
    assert state not in (row.state_hash, row.browser_hash) and row.browser_hash != NONCE


def test_a_state_is_consumed_once_and_only_with_its_browser(
    sessions: sessionmaker[Session],
) -> None:
    state = bound_state(sessions, provider="outlook")

    with transaction(sessions) as session:
        wrong_provider = oauth_states.consume_oauth_state(
            session, state=state, provider="gmail", browser_nonce=NONCE, now=NOW
        )
        no_cookie = oauth_states.consume_oauth_state(
            session, state=state, provider="outlook", browser_nonce=None, now=NOW
        )
        other_browser = oauth_states.consume_oauth_state(
            session, state=state, provider="outlook", browser_nonce="other", now=NOW
        )
        first = oauth_states.consume_oauth_state(
            session, state=state, provider="outlook", browser_nonce=NONCE, now=NOW
        )
    with transaction(sessions) as session:
        second = oauth_states.consume_oauth_state(
            session, state=state, provider="outlook", browser_nonce=NONCE, now=NOW
        )
        left = session.get(OAuthState, hash_token(state))

    assert wrong_provider is None and no_cookie is None and other_browser is None
    assert first is not None and first.provider == "outlook"
    assert first.secrets_encrypted == "ciphertext"
    assert second is None and left is None  # deleted when consumed


def test_a_state_expires_after_ten_minutes(sessions: sessionmaker[Session]) -> None:
    fresh = bound_state(sessions, provider="gmail")
    stale = bound_state(sessions, provider="gmail")
    just_inside = NOW + oauth_states.OAUTH_STATE_TTL - timedelta(seconds=1)

    with transaction(sessions) as session:
        inside = oauth_states.consume_oauth_state(
            session, state=fresh, provider="gmail", browser_nonce=NONCE, now=just_inside
        )
        expired = oauth_states.consume_oauth_state(
            session,
            state=stale,
            provider="gmail",
            browser_nonce=NONCE,
            now=NOW + oauth_states.OAUTH_STATE_TTL,
        )

    assert inside is not None
    assert expired is None


def test_expired_states_are_purged_when_new_ones_are_created(
    sessions: sessionmaker[Session],
) -> None:
    ids = new_tenant(sessions, mailbox=None, roles=["qa"])
    just_expired = NOW - oauth_states.OAUTH_STATE_TTL
    with transaction(sessions) as session:
        old = oauth_states.create_oauth_state(
            session,
            tenant_id=ids.tenant_id,
            user_id=ids.user_id,
            provider="gmail",
            now=just_expired,
        )
    with transaction(sessions) as session:
        oauth_states.create_oauth_state(
            session, tenant_id=ids.tenant_id, user_id=ids.user_id, provider="gmail", now=NOW
        )
    with transaction(sessions) as session:
        found = session.scalar(select(OAuthState).where(OAuthState.state_hash == hash_token(old)))
        assert found is None
