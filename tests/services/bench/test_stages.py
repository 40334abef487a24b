"""The latency breakdown of bench pipeline: each email's time cut at its stage messages."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from services.bench.stages import stage_figures

T0 = datetime(2026, 12, 6, 22, 0, tzinfo=UTC)


def ms(n: float) -> timedelta:
    return timedelta(milliseconds=n)


def test_each_email_is_cut_at_its_raw_and_parsed_messages() -> None:
    ledger = {(1, "a"): (T0, T0 + ms(100)), (1, "b"): (T0, T0 + ms(300)), (2, "a"): (T0, T0)}
    raw = {(1, "a"): T0 + ms(10), (1, "b"): T0 + ms(30), (2, "a"): T0}
    parsed = {(1, "a"): T0 + ms(60), (1, "b"): T0 + ms(230)}  # (2, "a") was dead-lettered
    figures = stage_figures(ledger, raw, parsed)
    assert figures["emails"] == 2
    assert figures["stages_ms"] == {
        "fetcher": {"mean": 20.0, "p50": 10.0, "p99": 30.0},
        "parser": {"mean": 125.0, "p50": 50.0, "p99": 200.0},
        "jobwriter": {"mean": 55.0, "p50": 40.0, "p99": 70.0},
    }
    assert figures["share_of_mean"] == {"fetcher": 0.1, "parser": 0.625, "jobwriter": 0.275}


def test_no_email_gives_empty_figures() -> None:
    figures = stage_figures({}, {}, {})
    assert figures["emails"] == 0
    assert figures["stages_ms"] == {"fetcher": {}, "parser": {}, "jobwriter": {}}
