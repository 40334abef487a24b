"""Connection-health figures for the metrics: counts by push state and token health per
provider, zeros included, and the oldest cursor. Pure: no servers."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from services.domain.health_figures import IntegrationHealthFacts, health_figures
from services.domain.push import WatchFacts
from services.domain.token_health import TokenFacts, TokenLapsePolicy

NOW = datetime(2026, 12, 6, 9, 0, tzinfo=UTC)


def item(
    provider: str,
    *,
    watch_error: str | None = None,
    granted_days_ago: float = 1,
    cursor_minutes_ago: float | None = 10,
    token_failed: bool = False,
) -> IntegrationHealthFacts:
    watch = WatchFacts(NOW + timedelta(days=6), NOW - timedelta(hours=1), watch_error)
    granted = NOW - timedelta(days=granted_days_ago)
    token = TokenFacts(provider, True, granted, None, NOW if token_failed else None)
    cursor = None if cursor_minutes_ago is None else NOW - timedelta(minutes=cursor_minutes_ago)
    # an expired token stops the integration (the jobwriter disables it)
    return IntegrationHealthFacts(provider, not token_failed, watch, token, cursor)


def test_figures_count_states_per_provider_with_zeros_and_take_the_oldest_cursor() -> None:
    figures = health_figures(
        [
            item("gmail"),
            item("gmail", watch_error="AuthRevoked", granted_days_ago=6, cursor_minutes_ago=90),
            item("outlook", cursor_minutes_ago=None),
            # stopped by its expired token: counted as failed, its watch and old cursor not
            item("outlook", token_failed=True, watch_error="AuthRevoked", cursor_minutes_ago=900),
        ],
        now=NOW,
        policy=TokenLapsePolicy(google_testing=True),
    )
    assert figures.push_states[("gmail", "active")] == 1
    assert figures.push_states[("gmail", "failed")] == 1
    assert figures.push_states[("gmail", "expiring")] == 0
    assert figures.push_states[("outlook", "active")] == 1
    assert ("imap", "active") not in figures.push_states
    assert figures.token_health[("gmail", "expiring")] == 1
    assert figures.token_health[("gmail", "ok")] == 1
    assert figures.token_health[("outlook", "failed")] == 1
    assert figures.push_states[("outlook", "failed")] == 0
    # the active outlook one never stored a cursor
    assert figures.cursor_age_max == {"gmail": 5400.0}


def test_no_integrations_no_figures() -> None:
    figures = health_figures([], now=NOW, policy=TokenLapsePolicy())
    assert figures.push_states == {} and figures.cursor_age_max == {}


def test_imap_watches_count_by_their_idle_lease() -> None:
    held = WatchFacts(NOW + timedelta(minutes=50), NOW - timedelta(minutes=10), None)
    lapsed = WatchFacts(NOW - timedelta(minutes=1), NOW - timedelta(hours=1), None)
    figures = health_figures(
        [
            IntegrationHealthFacts(
                "imap", True, watch, TokenFacts("imap", True, NOW, None, None), NOW
            )
            for watch in (held, lapsed)
        ],
        now=NOW,
        policy=TokenLapsePolicy(),
    )
    assert figures.push_states[("imap", "active")] == 1  # a Gmail watch this short: expiring
    assert figures.push_states[("imap", "expiring")] == 1  # no watcher holds it any more
