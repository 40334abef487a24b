"""The pipeline bench's derived figures and the scaling table: pure, no servers."""

from __future__ import annotations

import pytest
import typer

from services.bench.deployed import DeployedOptions, sample_size
from services.bench.figures import (
    cpu_ms_per_email,
    cpu_ms_per_email_by_service,
    render_table,
    rss_peak_mb_by_service,
    scaling_row,
    service_of,
    speedup,
)
from services.cli.bench import parser_counts

SERVICES = {
    "api": {"cpu_s": 0.1, "rss_peak_mb": 80.0},
    "fetcher": {"cpu_s": 0.5, "rss_peak_mb": 90.0},
    "jobwriter": {"cpu_s": 1.4, "rss_peak_mb": 100.0},
    "parser": {"cpu_s": 2.0, "rss_peak_mb": 120.0},
    "parser-1": {"cpu_s": 1.5, "rss_peak_mb": 130.0},
    "scheduler": {"cpu_s": 0.5, "rss_peak_mb": 70.0},
}


def test_cpu_per_email_is_every_process_over_the_emails() -> None:
    assert cpu_ms_per_email(SERVICES, 1000) == pytest.approx(6.0)
    assert cpu_ms_per_email(SERVICES, 0) == 0.0


def test_replicas_count_as_their_service() -> None:
    assert service_of("parser-1") == "parser"
    assert service_of("parser") == "parser"
    assert service_of("bench-parser") == "bench-parser"  # not a replica number
    assert cpu_ms_per_email_by_service(SERVICES, 1000) == {
        "api": 0.1,
        "fetcher": 0.5,
        "jobwriter": 1.4,
        "parser": 3.5,
        "scheduler": 0.5,
    }
    # peak memory is per process: the largest replica, not the sum
    assert rss_peak_mb_by_service(SERVICES)["parser"] == 130.0


def test_speedup_is_the_ratio_of_rates() -> None:
    assert speedup(300.0, 150.0) == 2.0
    assert speedup(300.0, 0.0) == 0.0


def test_scaling_table_has_a_row_per_parser_count() -> None:
    runs = {
        1: {"emails_per_s": 150.0, "cpu_ms_per_email": 5.0, "cpu_ms_per_email_by_service": {}},
        2: {
            "emails_per_s": 234.5,
            "cpu_ms_per_email": 6.25,
            "cpu_ms_per_email_by_service": {"parser": 4.0},
        },
    }
    rows = [scaling_row(n, run) for n, run in runs.items()]
    assert rows[1] == {
        "parsers": 2,
        "emails_per_s": 234.5,
        "cpu_ms_per_email": 6.25,
        "parser_cpu_ms_per_email": 4.0,
    }
    lines = render_table(rows).splitlines()
    assert lines[0].split() == [
        "parsers",
        "emails_per_s",
        "cpu_ms_per_email",
        "parser_cpu_ms_per_email",
    ]
    assert [line.split() for line in lines[1:]] == [
        ["1", "150", "5", "0.00"],
        ["2", "234.50", "6.25", "4"],
    ]
    assert len({len(line) for line in lines}) == 1  # columns aligned


def test_parser_counts_from_the_option() -> None:
    assert parser_counts("2") == [2]
    assert parser_counts("1,2,4") == [1, 2, 4]
    for bad in ("", "0", "1,x"):
        with pytest.raises(typer.BadParameter):
            parser_counts(bad)


def test_deployed_sample_is_about_eight_seconds_at_the_latency() -> None:
    assert sample_size(DeployedOptions(llm_latency_ms=800), 1000) == 10
    assert sample_size(DeployedOptions(llm_latency_ms=10), 1000) == 20  # at most 20
    assert sample_size(DeployedOptions(llm_latency_ms=5000), 1000) == 3  # at least 3
    assert sample_size(DeployedOptions(sample=7), 1000) == 7
    assert sample_size(DeployedOptions(sample=7), 4) == 4  # never more than there are
