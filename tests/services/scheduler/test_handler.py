from datetime import UTC, datetime, timedelta

import pytest

from schemas.contracts.models import Provider
from services.domain.integrations import IntegrationSnapshot
from services.scheduler.handler import (
    current_slot,
    is_due,
    manual_sync_request,
    next_fire,
    plan_sync_requests,
    sync_id_for,
)

NOW = datetime(2026, 11, 28, 10, 7, 30, tzinfo=UTC)


def integration(**overrides: object) -> IntegrationSnapshot:
    fields: dict[str, object] = {
        "id": 1,
        "user_id": 2,
        "tenant_id": 3,
        "provider": Provider.MAILDIR,
        "is_active": True,
        "last_synced_at": None,
        "sync_frequency_minutes": 15,
    }
    fields.update(overrides)
    return IntegrationSnapshot(**fields)  # type: ignore[arg-type]  # test factory


def test_never_synced_active_integration_is_due() -> None:
    assert is_due(integration(), NOW)


def test_inactive_integration_is_never_due() -> None:
    assert not is_due(integration(is_active=False), NOW)


@pytest.mark.parametrize(
    ("minutes_ago", "frequency", "due"),
    [(14, 15, False), (15, 15, True), (16, 15, True), (29, 30, False), (30, 30, True)],
)
def test_due_when_frequency_elapsed(minutes_ago: int, frequency: int, due: bool) -> None:
    last = NOW - timedelta(minutes=minutes_ago)
    assert is_due(integration(last_synced_at=last, sync_frequency_minutes=frequency), NOW) is due


def test_missing_frequency_defaults_to_15_minutes() -> None:
    last = NOW - timedelta(minutes=14)
    assert not is_due(integration(last_synced_at=last, sync_frequency_minutes=None), NOW)
    assert is_due(
        integration(last_synced_at=last - timedelta(minutes=1), sync_frequency_minutes=None), NOW
    )


def test_slot_is_latest_fire_time_at_or_before_now() -> None:
    assert current_slot("*/15 * * * *", NOW) == datetime(2026, 11, 28, 10, 0, tzinfo=UTC)
    exact = datetime(2026, 11, 28, 10, 15, tzinfo=UTC)
    assert current_slot("*/15 * * * *", exact) == exact
    assert next_fire("*/15 * * * *", NOW) == datetime(2026, 11, 28, 10, 15, tzinfo=UTC)


def test_invalid_cron_is_rejected() -> None:
    with pytest.raises(ValueError, match="invalid cron"):
        current_slot("every quarter hour", NOW)


def test_plan_emits_only_due_integrations_with_slot_derived_ids() -> None:
    slot = current_slot("*/15 * * * *", NOW)
    due = integration(id=1)
    fresh = integration(id=2, last_synced_at=NOW - timedelta(minutes=1))
    requests = plan_sync_requests([due, fresh], now=NOW, slot=slot)
    assert [r.integration_id for r in requests] == [1]
    assert requests[0].sync_id == sync_id_for(1, slot)
    assert requests[0].manual_trigger is False
    assert requests[0].slot == slot


def test_sync_id_is_stable_per_integration_and_slot() -> None:
    slot = current_slot("*/15 * * * *", NOW)
    assert sync_id_for(1, slot) == sync_id_for(1, slot)
    assert sync_id_for(1, slot) != sync_id_for(2, slot)
    assert sync_id_for(1, slot) != sync_id_for(1, slot + timedelta(minutes=15))


def test_manual_request_is_marked_manual_without_slot() -> None:
    from uuid import uuid4

    sid = uuid4()
    request = manual_sync_request(integration(), now=NOW, sync_id=sid)
    assert request.manual_trigger is True
    assert request.slot is None
    assert request.sync_id == sid
