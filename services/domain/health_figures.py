"""The deployment's connection health in figures, for metrics and alerts: per provider, active
integrations by push state and their oldest cursor, and connected integrations (active, or
stopped by the pipeline: not disconnected by their user) by token health, so the ones waiting
for a reconnect count as failed. Pure: the clock and the lapse policy are passed in."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from services.domain.push import (
    PushState,
    WatchFacts,
    age_seconds,
    push_state,
    watch_lifetime,
)
from services.domain.token_health import TokenFacts, TokenHealth, TokenLapsePolicy, token_health


@dataclass(frozen=True)
class IntegrationHealthFacts:
    provider: str
    active: bool  # False: stopped by the pipeline (an expired token), not disconnected
    watch: WatchFacts
    token: TokenFacts
    cursor_updated_at: datetime | None


@dataclass(frozen=True)
class HealthFigures:
    # (provider, state) → active integrations, (provider, health) → connected ones; every
    # value of a provider seen, zeros included, so a dashboard shows 0 rather than no data
    push_states: dict[tuple[str, str], int] = field(default_factory=dict)
    token_health: dict[tuple[str, str], int] = field(default_factory=dict)
    # provider → seconds since the oldest cursor of its active integrations was stored
    cursor_age_max: dict[str, float] = field(default_factory=dict)


def health_figures(
    integrations: Iterable[IntegrationHealthFacts], *, now: datetime, policy: TokenLapsePolicy
) -> HealthFigures:
    figures = HealthFigures()
    for item in integrations:
        if not any(provider == item.provider for provider, _ in figures.push_states):
            figures.push_states.update({(item.provider, s.value): 0 for s in PushState})
            figures.token_health.update({(item.provider, h.value): 0 for h in TokenHealth})
        health = token_health(item.token, now=now, policy=policy)
        figures.token_health[(item.provider, health.value)] += 1
        if not item.active:
            continue  # not synced: neither its watch nor its cursor is kept up
        state = push_state(item.watch, now=now, lifetime=watch_lifetime(item.provider))
        figures.push_states[(item.provider, state.value)] += 1
        age = age_seconds(item.cursor_updated_at, now=now)
        if age is not None:
            figures.cursor_age_max[item.provider] = max(
                age, figures.cursor_age_max.get(item.provider, 0.0)
            )
    return figures
