"""The freshness bench's figures and cron model, without servers."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from schemas.contracts.models import Provider
from services.bench.freshness import split_mailboxes
from services.bench.freshness_figures import (
    Committed,
    Delivery,
    cron_expectation,
    cron_expression,
    cron_figures,
    provider_figures,
)

T0 = datetime(2026, 12, 6, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("seconds", "expression"),
    [(5, "* * * * * */5"), (30, "* * * * * */30"), (60, "*/1 * * * *"), (900, "*/15 * * * *")],
)
def test_cron_expression_ticks_every_interval(seconds: int, expression: str) -> None:
    assert cron_expression(seconds) == expression


@pytest.mark.parametrize("seconds", [0, 7, 45, 90, 420])
def test_cron_expression_refuses_an_interval_a_minute_or_hour_does_not_divide(
    seconds: int,
) -> None:
    with pytest.raises(ValueError, match="divisor"):
        cron_expression(seconds)


def test_cron_model_waits_a_quantile_of_the_interval_plus_the_pipeline() -> None:
    assert cron_expectation(900, 1.5) == {
        "p50_s": 451.5,
        "p95_s": 856.5,
        "p99_s": 892.5,
        "mean_wait_s": 450,
    }


def test_cron_figures_scale_the_measured_wait_to_fifteen_minutes() -> None:
    figures = {"gmail": {"p50_s": 16.0}, "imap": {"p50_s": 10.0}}
    model = cron_figures(figures, 30)
    assert model["model_at_this_interval"]["p95_s"] == 28.5
    # the pipeline's own time: the p50 less the median wait (15 s), never below zero
    assert model["expected_at_15_min"]["gmail"]["p50_s"] == 451.0
    assert model["expected_at_15_min"]["imap"]["p50_s"] == 450.0


def test_mailboxes_split_evenly_over_the_providers() -> None:
    assert split_mailboxes(50) == {Provider.GMAIL: 17, Provider.OUTLOOK: 17, Provider.IMAP: 16}


def test_provider_figures_count_missing_emails_and_take_percentiles_of_the_committed() -> None:
    deliveries = [
        Delivery(Provider.GMAIL, f"mid:g{n}", T0 + timedelta(seconds=n)) for n in range(4)
    ] + [Delivery(Provider.IMAP, "mid:i0", T0)]
    committed = {
        "mid:g0": Committed(T0 + timedelta(seconds=1), "job_created", T0),
        "mid:g1": Committed(T0 + timedelta(seconds=3), "job_created", T0 + timedelta(seconds=2)),
        "mid:g2": Committed(T0 + timedelta(seconds=6), "skipped"),  # its run was not found
    }
    figures = provider_figures(deliveries, committed)
    gmail = figures["gmail"]
    assert (gmail["delivered"], gmail["committed"], gmail["missing"]) == (4, 3, 1)
    assert gmail["results"] == {"job_created": 2, "skipped": 1}
    assert (gmail["p50_s"], gmail["p95_s"], gmail["max_s"]) == (2.0, 4.0, 4.0)
    # delivery to the sync's fetch: g0 at once, g1 one second later; g2 has no run
    assert (gmail["fetched_p50_s"], gmail["fetched_p95_s"]) == (0.0, 1.0)
    assert figures["imap"]["missing"] == 1 and figures["imap"]["p99_s"] == 0.0
    assert figures["outlook"]["delivered"] == 0
