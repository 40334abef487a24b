"""The benchmarks, small: each completes, prints every field, and its figures are positive and
agree with each other (a rate is its count over its duration, a speedup is the ratio of its
rates). No wall-clock thresholds: how fast is the bench's answer, not the test's."""

from __future__ import annotations

import json
import traceback
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from services.cli.bench import app
from tests.kafka_helpers import own_kafka
from tests.services.db.scratch import scratch_database

PIPELINE_FIELDS = {
    "emails",
    "integrations",
    "duration_s",
    "emails_per_s",
    "p50_ms",
    "p95_ms",
    "p99_ms",
    "cpu_ms_per_email",
    "cpu_ms_per_email_by_service",
    "rss_peak_mb_by_service",
    "services",
    "baseline_emails_per_s",
    "speedup",
    "deployed_baseline_emails_per_s",
    "deployed_speedup",
    "notes",
}
BASELINE_FIELDS = {
    "baseline_emails_per_s",
    "speedup",
    "deployed_baseline_emails_per_s",
    "deployed_speedup",
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


def number(report: dict[str, object], key: str) -> float:
    value = report[key]
    assert isinstance(value, int | float) and not isinstance(value, bool), f"{key}: {value!r}"
    return float(value)


def assert_rate_is_count_over_duration(report: dict[str, object]) -> None:
    emails, duration, rate = (number(report, k) for k in ("emails", "duration_s", "emails_per_s"))
    assert emails > 0 and duration > 0 and rate > 0, report
    # each figure is rounded in the report (rate to 0.1, duration to 0.01 s)
    assert rate == pytest.approx(emails / duration, rel=0.02, abs=0.1)


def assert_speedup_is_rate_over_baseline(report: dict[str, object]) -> None:
    rate, baseline = number(report, "emails_per_s"), number(report, "baseline_emails_per_s")
    assert baseline > 0
    assert number(report, "speedup") == pytest.approx(rate / baseline, rel=0.05, abs=0.1)


@pytest.fixture(scope="module")
def bench_servers(prepared: tuple[str, str]) -> Iterator[tuple[str, str]]:
    """A broker of the module's own and the session's database: the session's pipeline services
    consume email.raw on the shared broker and would parse the bench's emails first."""
    database_url = prepared[1]
    with own_kafka(database_url, with_topics=True) as bootstrap:
        yield bootstrap, database_url


def _run(
    args: list[str], servers: tuple[str, str], monkeypatch: pytest.MonkeyPatch
) -> dict[str, object]:
    bootstrap, database_url = servers
    # the CLI adopts the session's servers instead of starting its own
    monkeypatch.setenv("KAFKA_BOOTSTRAP_SERVERS", bootstrap)
    monkeypatch.setenv("DATABASE_URL", database_url)
    result = CliRunner().invoke(app, args)
    trace = "".join(traceback.format_exception(*result.exc_info)) if result.exc_info else ""
    assert result.exit_code == 0, f"{result.output}\n{trace}"
    report: dict[str, object] = json.loads(result.stdout)
    return report


@pytest.mark.kafka
def test_pipeline_bench_prints_every_field(
    bench_servers: tuple[str, str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
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
            "--llm-latency-ms",
            "50",
            "--deployed-sample",
            "3",
            "--json",
            "--work-dir",
            str(tmp_path),
        ],
        bench_servers,
        monkeypatch,
    )
    assert not PIPELINE_FIELDS - set(report)
    assert report["max_rate_hint"] == report["emails_per_s"]
    assert report["integrations"] == 2
    assert 0 < number(report, "emails") <= 200  # the generated emails whose subject matches
    assert_rate_is_count_over_duration(report)
    assert_speedup_is_rate_over_baseline(report)
    # the seed as deployed: each email waits for its model call
    deployed = number(report, "deployed_baseline_emails_per_s")
    assert 0 < deployed <= 1000 / 50
    assert report["deployed_baseline_sample"] == 3
    rate = number(report, "emails_per_s")
    assert number(report, "deployed_speedup") == pytest.approx(rate / deployed, rel=0.05)
    assert 0 < number(report, "p50_ms") <= number(report, "p95_ms") <= number(report, "p99_ms")
    services = report["services"]
    assert isinstance(services, dict)
    assert set(services) == {"scheduler", "fetcher", "parser", "parser-1", "jobwriter", "api"}
    for figures in services.values():
        assert set(figures) == {"rss_peak_mb", "cpu_s"}
        assert figures["rss_peak_mb"] > 0 and figures["cpu_s"] >= 0
    # the stages that handled every email spent CPU on them (either parser may have got both
    # integrations' partitions)
    assert services["fetcher"]["cpu_s"] > 0 and services["jobwriter"]["cpu_s"] > 0
    assert services["parser"]["cpu_s"] + services["parser-1"]["cpu_s"] > 0
    all_cpu_s = sum(figures["cpu_s"] for figures in services.values())
    emails = number(report, "emails")
    assert number(report, "cpu_ms_per_email") == pytest.approx(all_cpu_s / emails * 1000, rel=0.01)
    by_service = report["cpu_ms_per_email_by_service"]
    assert isinstance(by_service, dict)
    assert set(by_service) == {"scheduler", "fetcher", "parser", "jobwriter", "api"}
    assert sum(by_service.values()) == pytest.approx(number(report, "cpu_ms_per_email"), rel=0.01)
    rss = report["rss_peak_mb_by_service"]
    assert isinstance(rss, dict) and set(rss) == set(by_service) and min(rss.values()) > 0


@pytest.mark.kafka
def test_pipeline_bench_at_a_rate_prints_every_field(
    bench_servers: tuple[str, str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # one parser and no baseline: this run only has to show the rate mode's fields
    args = (
        "pipeline --emails 120 --integrations 2 --parsers 1 --rate 40 --no-baseline "
        "--no-deployed --json"
    )
    report = _run([*args.split(), "--work-dir", str(tmp_path)], bench_servers, monkeypatch)
    assert not PIPELINE_FIELDS - BASELINE_FIELDS - set(report)
    assert not BASELINE_FIELDS & set(report)
    assert report["offered_rate"] == 40
    assert "max_rate_hint" not in report
    assert_rate_is_count_over_duration(report)
    # open loop: the n-th matching email is written n / rate seconds in, so the pipeline can
    # not finish faster than it was fed (0.05: the rate's rounding)
    assert number(report, "emails_per_s") <= 40 + 0.05
    assert 0 < number(report, "p50_ms") <= number(report, "p95_ms") <= number(report, "p99_ms")
    # the latency cut at each email's stage messages
    stages = report["stage_latency"]
    assert isinstance(stages, dict) and 0 < stages["emails"] <= number(report, "emails")
    assert set(stages["stages_ms"]) == {"fetcher", "parser", "jobwriter"}
    assert all(set(f) == {"mean", "p50", "p99"} for f in stages["stages_ms"].values())
    assert sum(stages["share_of_mean"].values()) == pytest.approx(1, abs=0.01)


@pytest.mark.kafka
def test_pipeline_bench_scaling_prints_a_row_per_parser_count(
    bench_servers: tuple[str, str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    args = "pipeline --emails 60 --integrations 2 --parsers 1,2 --no-baseline --no-deployed --json"
    report = _run([*args.split(), "--work-dir", str(tmp_path)], bench_servers, monkeypatch)
    rows = report["scaling"]
    assert isinstance(rows, list) and [row["parsers"] for row in rows] == [1, 2]
    runs = report["runs"]
    assert isinstance(runs, dict) and set(runs) == {"1", "2"}
    for row in rows:
        run = runs[str(row["parsers"])]
        assert_rate_is_count_over_duration(run)
        assert row["emails_per_s"] == run["emails_per_s"] > 0
        assert row["cpu_ms_per_email"] == run["cpu_ms_per_email"] > 0
        parsers = {name for name in run["services"] if name.startswith("parser")}
        assert len(parsers) == row["parsers"]
    table = report["table"]
    assert isinstance(table, list) and len(table) == 3  # a header and a line per count


@pytest.mark.kafka
def test_parser_bench_prints_every_field(
    bench_servers: tuple[str, str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
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
        bench_servers,
        monkeypatch,
    )
    assert not PARSER_FIELDS - set(report)
    assert report["emails"] == 50
    assert_rate_is_count_over_duration(report)
    assert_speedup_is_rate_over_baseline(report)
    # the baseline calls the model one email at a time, each call taking at least its latency
    assert number(report, "baseline_emails_per_s") <= 1000 / 100
    assert number(report, "llm_calls") >= 50  # openai mode: every email goes to the model
    assert 1 <= number(report, "max_in_flight") <= number(report, "max_in_flight_setting")
    assert number(report, "rss_peak_mb") > 0 and number(report, "cpu_s") > 0


@pytest.mark.postgres
def test_jobwriter_bench_prints_every_batch_size(
    prepared: tuple[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    report = _run(
        ["jobwriter", "--emails", "80", "--batch-sizes", "5,20", "--json"], prepared, monkeypatch
    )
    by_size = report["by_batch_size"]
    assert isinstance(by_size, dict) and set(by_size) == {"5", "20"}
    for size, figures in by_size.items():
        assert figures["emails"] > 0 and figures["batches"] > 0, figures
        assert figures["cpu_ms_per_batch"] > 0 and figures["statements_per_batch"] > 0, figures
        # the measured batches are full but for the last one
        assert figures["emails"] > (figures["batches"] - 1) * int(size), figures


@pytest.mark.postgres
def test_jobwriter_bench_migrates_a_fresh_database(
    prepared: tuple[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """`reqstream bench jobwriter` on a server of its own gets a database with no tables."""
    with scratch_database(prepared[1], prefix="bench_jw", revision="base") as empty_url:
        report = _run(
            ["jobwriter", "--emails", "40", "--batch-sizes", "5", "--json"],
            (prepared[0], empty_url),
            monkeypatch,
        )
    assert report["by_batch_size"]["5"]["emails"] > 0  # type: ignore[index]


def test_handler_bench_prints_every_stage() -> None:
    result = CliRunner().invoke(app, ["handler", "--emails", "20", "--rounds", "1"])
    trace = "".join(traceback.format_exception(*result.exc_info)) if result.exc_info else ""
    assert result.exit_code == 0, f"{result.output}\n{trace}"
    report = json.loads(result.stdout)
    assert set(report["ms_per_email"]) == {
        "decode_raw_email",
        "decode_email",
        "extract",
        "handle_raw_email",
        "handle_raw_emails",
        "encode_parsed_email",
        "build_prompt",
    }
    assert report["emails"] == 20 and report["jobs"] > 0
    ms_per_email = report["ms_per_email"]
    assert all(ms > 0 for ms in ms_per_email.values()), ms_per_email
    handled_per_s = 1000 / ms_per_email["handle_raw_email"]
    assert report["handle_raw_email_per_s"] == pytest.approx(handled_per_s, rel=0.01, abs=0.1)


def test_files_bench_times_every_file(tmp_path: Path) -> None:
    peer = Path(__file__).resolve().parents[2] / "corpus" / "peer_mime" / "james-mime4j"
    single = tmp_path / "one.eml"
    single.write_bytes(b"Subject: Java Developer\n\nRole: Java Developer\nLocation: Austin, TX\n")
    result = CliRunner().invoke(app, ["files", str(peer), str(single), "--rounds", "1"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["files"] == len(list(peer.glob("*.eml"))) + 1
    assert 0 < report["p50_s"] <= report["p99_s"] <= report["max_s"] <= report["total_s"]
    assert report["slowest"][0]["s"] == report["max_s"]
    assert len(report["slowest"]) == 5


def test_files_bench_refuses_a_path_without_mail(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["files", str(tmp_path)])
    assert result.exit_code == 2
