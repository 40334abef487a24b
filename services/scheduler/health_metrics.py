"""Connection-health gauges, read from PostgreSQL at each scrape of the scheduler's /metrics.

The scheduler exports them: it is the one process that already reads every active integration
(each cron tick) and serves /metrics on its own HTTP port, with no consumer partitions that
would split the integrations between replicas. Several scheduler replicas export the same
figures; the alerts take their max.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Mapping
from datetime import datetime

from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from services.db import token_facts
from services.db.session import transaction
from services.domain.health_figures import HealthFigures, health_figures
from services.domain.token_health import TokenLapsePolicy

log = logging.getLogger(__name__)


class ConnectionHealthCollector(Collector):
    def __init__(
        self,
        sessions: sessionmaker[Session],
        *,
        policy: TokenLapsePolicy,
        clock: Callable[[], datetime],
    ) -> None:
        self._sessions = sessions
        self._policy = policy
        self._clock = clock

    def collect(self) -> Iterable[Metric]:
        try:
            with transaction(self._sessions) as session:
                rows = token_facts.connected_integration_health(session)
        except SQLAlchemyError as exc:
            # the scrape still answers the scheduler's other metrics; the gauges go missing
            log.warning("connection health not read for /metrics: %s", type(exc).__name__)
            return []
        figures = health_figures(
            (row.facts for row in rows), now=self._clock(), policy=self._policy
        )
        return gauges(figures)


def gauges(figures: HealthFigures) -> list[Metric]:
    return [
        _family(
            "reqstream_integrations_push_state",
            "Active integrations by provider and push state (off, active, renewing, expiring,"
            " failed).",
            ["provider", "state"],
            {key: float(n) for key, n in figures.push_states.items()},
        ),
        _family(
            "reqstream_integrations_token_health",
            "Connected integrations (active, or stopped by the pipeline) by provider and sign-in"
            " health (ok, expiring, failed: waiting for a reconnect, none).",
            ["provider", "health"],
            {key: float(n) for key, n in figures.token_health.items()},
        ),
        _family(
            "reqstream_integration_cursor_age_max_seconds",
            "Seconds since the oldest cursor of a provider's active integrations was stored.",
            ["provider"],
            {(provider,): age for provider, age in figures.cursor_age_max.items()},
        ),
    ]


def _family(
    name: str, documentation: str, labels: list[str], values: Mapping[tuple[str, ...], float]
) -> GaugeMetricFamily:
    family = GaugeMetricFamily(name, documentation, labels=labels)
    for key, value in sorted(values.items()):
        family.add_metric(list(key), value)
    return family
