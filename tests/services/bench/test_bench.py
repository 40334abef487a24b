"""The benchmarks, small: each completes and prints every field. Nothing about the numbers."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from services.cli.bench import app

PIPELINE_FIELDS = {
    "emails",
    "integrations",
    "duration_s",
    "emails_per_s",
    "p50_ms",
    "p99_ms",
    "services",
    "baseline_emails_per_s",
    "speedup",
    "notes",
}
PARSER_FIELDS = {
    "emails",
    "duration_s",
    "emails_per_s",
    "max_in_flight",
    "rss_peak_mb",
    "baseline_emails_per_s",
    "speedup",
    "notes",
}


def _run(
    args: list[str], prepared: tuple[str, str], monkeypatch: pytest.MonkeyPatch
) -> dict[str, object]:
    bootstrap, database_url = prepared
    # the CLI adopts the session's servers instead of starting its own
    monkeypatch.setenv("KAFKA_BOOTSTRAP_SERVERS", bootstrap)
    monkeypatch.setenv("DATABASE_URL", database_url)
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, f"{result.output}\n{result.exception!r}"
    report: dict[str, object] = json.loads(result.stdout)
    return report


@pytest.mark.kafka
def test_pipeline_bench_prints_every_field(
    prepared: tuple[str, str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    report = _run(
        [
            "pipeline",
            "--emails",
            "200",
            "--integrations",
            "2",
            "--parsers",
            "2",
            "--json",
            "--work-dir",
            str(tmp_path),
        ],
        prepared,
        monkeypatch,
    )
    assert not PIPELINE_FIELDS - set(report)
    assert report["max_rate_hint"] == report["emails_per_s"]
    services = report["services"]
    assert isinstance(services, dict)
    assert set(services) == {"scheduler", "fetcher", "parser", "parser-1", "jobwriter"}
    for figures in services.values():
        assert set(figures) == {"rss_peak_mb", "cpu_s"}


@pytest.mark.kafka
def test_pipeline_bench_at_a_rate_prints_every_field(
    prepared: tuple[str, str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # one parser and no baseline: this run only has to show the rate mode's fields
    args = "pipeline --emails 120 --integrations 2 --parsers 1 --rate 40 --no-baseline --json"
    report = _run([*args.split(), "--work-dir", str(tmp_path)], prepared, monkeypatch)
    assert not PIPELINE_FIELDS - {"baseline_emails_per_s", "speedup"} - set(report)
    assert report["offered_rate"] == 40
    assert "max_rate_hint" not in report


@pytest.mark.kafka
def test_parser_bench_prints_every_field(
    prepared: tuple[str, str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    report = _run(
        [
            "parser",
            "--llm-latency-ms",
            "100",
            "--emails",
            "50",
            "--json",
            "--work-dir",
            str(tmp_path),
        ],
        prepared,
        monkeypatch,
    )
    assert not PARSER_FIELDS - set(report)


def test_handler_bench_prints_every_stage() -> None:
    result = CliRunner().invoke(app, ["handler", "--emails", "20", "--rounds", "1"])
    assert result.exit_code == 0, f"{result.output}\n{result.exception!r}"
    report = json.loads(result.stdout)
    assert set(report["ms_per_email"]) == {
        "decode_raw_email",
        "decode_email",
        "extract",
        "handle_raw_email",
        "encode_parsed_email",
        "build_prompt",
    }
    assert report["emails"] == 20 and report["jobs"] > 0
