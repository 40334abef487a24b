"""Per-tenant quotas in the API (issue 12, item 3): active integrations beyond the deployment's
maximum are refused (409), manual triggers beyond N a minute are refused (429, Retry-After)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from services.api.main import build_app
from services.common.trigger_quota import TriggerQuota
from services.demo.seed import DemoIds
from services.domain.quotas import spacing_wait, window_wait
from tests.pipeline_fixtures import new_tenant
from tests.services.api.api_app import api_settings, headers

NOW = datetime(2026, 12, 6, 5, 0, tzinfo=UTC)
MINUTE = timedelta(minutes=1)


def imap_body(ids: DemoIds, username: str) -> dict[str, Any]:
    return {
        "user_id": ids.user_id,
        "host": "imap.example.com",
        "port": 993,
        "username": username,
        "password": "imap-Pa55-word",
    }


def test_window_wait_counts_only_the_last_period() -> None:
    recent = [NOW - timedelta(seconds=s) for s in (70, 50, 10)]
    assert window_wait(recent, NOW, limit=3, period=MINUTE) == 0.0
    assert window_wait(recent, NOW, limit=2, period=MINUTE) == 10.0


def test_trigger_quota_refuses_without_counting_and_is_per_tenant() -> None:
    clock = [NOW]
    quota = TriggerQuota(per_period=2, clock=lambda: clock[0])
    assert quota.take(1) == 0.0
    clock[0] += timedelta(seconds=20)
    assert quota.take(1) == 0.0
    assert quota.take(1) == 40.0
    assert quota.take(2) == 0.0  # another tenant is not affected
    clock[0] += timedelta(seconds=41)
    assert quota.take(1) == 0.0  # the refused one was not counted


@pytest.mark.postgres
def test_integrations_beyond_the_maximum_are_409_and_updating_one_is_fine(
    prepared: tuple[str, str], sessions: sessionmaker[Session]
) -> None:
    tenant = new_tenant(sessions, mailbox=None, roles=["java developer"])  # one maildir
    other = new_tenant(sessions, mailbox=None, roles=["java developer"])
    settings = api_settings(prepared[1]).model_copy(update={"max_integrations_per_tenant": 2})
    with TestClient(build_app(settings, sessions=sessions)) as client:
        first = client.post(
            "/integrations/imap", json=imap_body(tenant, "a@example.com"), headers=headers(tenant)
        )
        assert first.status_code == 201, first.text
        refused = client.post(
            "/integrations/imap", json=imap_body(tenant, "b@example.com"), headers=headers(tenant)
        )
        assert refused.status_code == 409
        assert "already has 2 active integrations" in refused.json()["detail"]
        again = client.post(
            "/integrations/imap", json=imap_body(tenant, "a@example.com"), headers=headers(tenant)
        )
        assert again.status_code == 201  # the same mailbox, updated: no new integration
        theirs = client.post(
            "/integrations/imap", json=imap_body(other, "b@example.com"), headers=headers(other)
        )
        assert theirs.status_code == 201  # the limit is per tenant
        gone = client.delete(f"/integrations/{first.json()['id']}", headers=headers(tenant))
        assert gone.status_code == 204
        now_fits = client.post(
            "/integrations/imap", json=imap_body(tenant, "b@example.com"), headers=headers(tenant)
        )
        assert now_fits.status_code == 201


@pytest.mark.postgres
@pytest.mark.kafka
def test_manual_triggers_beyond_the_quota_are_429_with_retry_after(
    prepared: tuple[str, str], sessions: sessionmaker[Session]
) -> None:
    bootstrap, database_url = prepared
    tenant = new_tenant(sessions, mailbox=None, roles=["java developer"])
    other = new_tenant(sessions, mailbox=None, roles=["java developer"])
    settings = api_settings(database_url, kafka=bootstrap).model_copy(
        update={"manual_triggers_per_minute": 2}
    )
    with TestClient(build_app(settings, sessions=sessions)) as client:

        def trigger(ids: DemoIds) -> Any:
            return client.post(f"/integrations/{ids.integration_id}/sync", headers=headers(ids))

        assert [trigger(tenant).status_code for _ in range(2)] == [202, 202]
        refused = trigger(tenant)
        assert refused.status_code == 429
        assert 0 < int(refused.headers["Retry-After"]) <= 60
        assert "at most 2 manual syncs a minute" in refused.json()["detail"]
        assert trigger(other).status_code == 202


def test_spacing_wait_spreads_the_limit_evenly() -> None:
    assert spacing_wait([], NOW, limit=20, period=MINUTE) == 0.0
    assert spacing_wait([NOW - timedelta(seconds=1)], NOW, limit=20, period=MINUTE) == 2.0
    assert spacing_wait([NOW - timedelta(seconds=5)], NOW, limit=20, period=MINUTE) == 0.0
