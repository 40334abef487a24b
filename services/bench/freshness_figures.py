"""The freshness bench's figures: per-provider latency percentiles, and the cron model that
turns the baseline's short interval into the 15-minute cron's expectation."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from schemas.contracts.models import Provider
from services.bench.pipeline import percentile

PROVIDERS = (Provider.GMAIL, Provider.OUTLOOK, Provider.IMAP)
PRODUCTION_CRON_SECONDS = 900  # */15
QUANTILES = (50, 95, 99)


@dataclass(frozen=True)
class Delivery:
    provider: Provider
    message_key: str  # the ledger's (Message-ID based)
    delivered_at: datetime
    integration_id: int = 0


def cron_expression(seconds: int) -> str:
    """Every ``seconds``: a seconds field (croniter's sixth) below a minute, else minutes."""
    if 0 < seconds < 60 and 60 % seconds == 0:
        return f"* * * * * */{seconds}"
    if seconds >= 60 and seconds % 60 == 0 and 60 % (seconds // 60) == 0:
        return f"*/{seconds // 60} * * * *"
    raise ValueError(f"cron interval {seconds}s: a divisor of 60 s or of 60 min")


def cron_expectation(interval_s: float, processing_p50_s: float) -> dict[str, float]:
    """Latency under a cron of ``interval_s`` by the model the baseline runs on: a delivery at
    a uniformly random moment waits q x interval for its tick at quantile q, then takes the
    pipeline's own time (its median, measured in the same phase)."""
    return {f"p{q}_s": round(q / 100 * interval_s + processing_p50_s, 1) for q in QUANTILES} | {
        "mean_wait_s": interval_s / 2
    }


@dataclass(frozen=True)
class Committed:
    """An email's ledger row: when its job was committed, the result, and when the sync that
    read it had fetched its emails (before publishing them to email.raw)."""

    at: datetime
    result: str
    fetched_at: datetime | None = None


def provider_figures(
    deliveries: Sequence[Delivery], committed: dict[str, Committed]
) -> dict[str, Any]:
    """Per provider: counts, results, and seconds from delivery to the job (``p50_s`` ...) and
    to the sync's fetch (``fetched_p50_s`` ...; the rest is the parser and the jobwriter)."""
    by_provider: dict[str, Any] = {}
    for provider in PROVIDERS:
        rows = [
            (d, committed[d.message_key])
            for d in deliveries
            if d.provider is provider and d.message_key in committed
        ]
        delivered = sum(1 for d in deliveries if d.provider is provider)
        seconds = [(row.at - d.delivered_at).total_seconds() for d, row in rows]
        fetched = [
            (row.fetched_at - d.delivered_at).total_seconds()
            for d, row in rows
            if row.fetched_at is not None
        ]
        results: dict[str, int] = {}
        for _, row in rows:
            results[row.result] = results.get(row.result, 0) + 1
        by_provider[provider.value] = {
            "delivered": delivered,
            "committed": len(seconds),
            "missing": delivered - len(seconds),
            "results": results,
            **{f"p{q}_s": round(percentile(seconds, q), 2) for q in QUANTILES},
            "max_s": round(max(seconds, default=0.0), 2),
            **{f"fetched_p{q}_s": round(percentile(fetched, q), 2) for q in QUANTILES[:2]},
        }
    return by_provider


def cron_figures(figures: dict[str, Any], interval_s: int) -> dict[str, Any]:
    """The cron phase's model figures: at its own interval (the wait alone) and at 15 minutes
    (the wait plus each provider's pipeline time: its p50 less the median wait)."""
    return {
        "cron_interval_s": interval_s,
        "model_at_this_interval": cron_expectation(interval_s, 0.0),
        "expected_at_15_min": {
            provider: cron_expectation(
                PRODUCTION_CRON_SECONDS, max(0.0, float(figure["p50_s"]) - interval_s / 2)
            )
            for provider, figure in figures.items()
        },
    }
