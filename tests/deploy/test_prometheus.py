"""The Prometheus configuration and the dashboard's PromQL against a real Prometheus.

Uses Debian's ``prometheus``/``promtool`` (``apt-get install -y -qq prometheus``; the system
service is not needed). ``run_dashboard_queries(targets)`` starts a throwaway Prometheus that
scrapes the given targets every second, waits until all are up, and runs each panel's expr
through /api/v1/query until it returns data. Here it scrapes the lag exporter only and checks the
lag panels; an end-to-end test passes the running services' targets as well and checks them all.
"""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from prometheus_client import (
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    start_http_server,
)

from services.lagexporter import wiring
from services.lagexporter.settings import LagExporterSettings
from tests.deploy.test_dashboards import (
    LAG_EXPORTER_METRICS,
    load_dashboard,
    metric_names,
    query_panels,
    render,
    variable_values,
)
from tests.services.lagexporter.test_exporter import make_lagging_group
from tests.waiting import wait_until

ROOT = Path(__file__).resolve().parents[2]
PROMETHEUS_DIR = ROOT / "deploy" / "prometheus"
INSTALL = "apt-get install -y -qq prometheus"

Panel = dict[str, Any]


@dataclass(frozen=True)
class ScrapeTarget:
    job: str  # the dashboards select the lag exporter as job="lag-exporter"
    address: str  # host:port
    metrics_path: str = "/metrics"


def require_binary(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.fail(f"{name} is not installed; as root run: {INSTALL}")
    return path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def http_json(url: str, *, timeout: float = 5.0) -> Any:
    with urllib.request.urlopen(url, timeout=timeout) as response:
        return json.loads(response.read())


def scrape_config(targets: Sequence[ScrapeTarget]) -> dict[str, Any]:
    jobs: dict[tuple[str, str], list[str]] = {}
    for target in targets:
        jobs.setdefault((target.job, target.metrics_path), []).append(target.address)
    return {
        "global": {"scrape_interval": "1s", "scrape_timeout": "1s", "evaluation_interval": "1s"},
        # the deployed alert rules load (and are evaluated) too
        "rule_files": [str(PROMETHEUS_DIR / "alerts.yml")],
        "scrape_configs": [
            {"job_name": job, "metrics_path": path, "static_configs": [{"targets": addresses}]}
            for (job, path), addresses in jobs.items()
        ],
    }


@contextmanager
def running_prometheus(targets: Sequence[ScrapeTarget], workdir: Path) -> Iterator[str]:
    """A Prometheus scraping ``targets`` every second; yields its base URL once ready."""
    binary = require_binary("prometheus")
    workdir.mkdir(parents=True, exist_ok=True)
    config = workdir / "prometheus.yml"
    config.write_text(yaml.safe_dump(scrape_config(targets)))
    port = free_port()
    log = (workdir / "prometheus.log").open("wb")
    process = subprocess.Popen(
        [
            binary,
            f"--config.file={config}",
            f"--storage.tsdb.path={workdir / 'data'}",
            f"--web.listen-address=127.0.0.1:{port}",
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until(lambda: _ready(base), timeout=30, what=f"Prometheus ready (log: {log.name})")
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


def _ready(base: str) -> bool:
    try:
        with urllib.request.urlopen(f"{base}/-/ready", timeout=2) as response:
            return bool(response.status == 200)
    except OSError:
        return False


def instant_query(base: str, expr: str) -> list[Any]:
    """Result vector of /api/v1/query; a PromQL error fails the test with Prometheus' message."""
    url = f"{base}/api/v1/query?{urllib.parse.urlencode({'query': expr})}"
    try:
        body = http_json(url)
    except urllib.error.HTTPError as exc:
        pytest.fail(f"{expr}: {exc.read().decode()}")
    assert body["status"] == "success", body
    result: list[Any] = body["data"]["result"]
    return result


def targets_up(base: str, targets: Sequence[ScrapeTarget]) -> bool:
    up = {
        (sample["metric"]["job"], sample["metric"]["instance"])
        for sample in instant_query(base, "up == 1")
    }
    return all((target.job, target.address) in up for target in targets)


def run_dashboard_queries(
    targets: Sequence[ScrapeTarget],
    workdir: Path,
    *,
    select: Callable[[Panel], bool] = lambda _panel: True,
    wanted: Mapping[str, Callable[[list[Any]], bool]] | None = None,
    timeout: float = 60.0,  # seconds for all panels to return data
) -> dict[str, list[Any]]:
    """Run every selected panel's exprs against a Prometheus scraping ``targets``.

    Fails unless every target is up and every expr returns a non-empty result within
    ``timeout`` (rates need two scrapes, the lag-seconds estimate two exporter scrapes).
    Returns the results by ``"<panel title> / <refId>"``; a result named in ``wanted`` counts
    only once its predicate holds (other groups on a shared broker may answer first).
    """
    dashboard = load_dashboard()
    values = variable_values(dashboard)
    queries = {
        f"{panel['title']} / {target['refId']}": render(target["expr"], values)
        for panel in query_panels(dashboard)
        if select(panel)
        for target in panel["targets"]
    }
    assert queries, "no panel selected"
    results: dict[str, list[Any]] = {}
    with running_prometheus(targets, workdir) as base:
        wait_until(lambda: targets_up(base, targets), timeout=30, what=f"targets up: {targets}")
        deadline = time.monotonic() + timeout
        pending = dict(queries)
        while pending and time.monotonic() < deadline:
            for name, expr in list(pending.items()):
                result = instant_query(base, expr)
                if result and (wanted or {}).get(name, bool)(result):
                    results[name] = result
                    del pending[name]
            time.sleep(0.5)
        empty = "\n".join(f"  {name}: {expr}" for name, expr in pending.items())
        assert not pending, f"panels without data after {timeout:.0f} s:\n{empty}"
    return results


def is_lag_panel(panel: Panel) -> bool:
    """Panels that only need the lag exporter."""
    names = {name for target in panel["targets"] for name in metric_names(target["expr"])}
    return names <= LAG_EXPORTER_METRICS


# --- tests ---------------------------------------------------------------------------------------


def test_deployed_config_and_alert_rules_pass_promtool() -> None:
    promtool = require_binary("promtool")
    for args in (["check", "config"], ["check", "rules"]):
        target = "prometheus.yml" if args[1] == "config" else "alerts.yml"
        checked = subprocess.run(
            [promtool, *args, str(PROMETHEUS_DIR / target)],
            capture_output=True,
            text=True,
            check=False,
        )
        assert checked.returncode == 0, checked.stdout + checked.stderr


def test_deployed_config_scrapes_every_service_on_its_documented_port() -> None:
    config = yaml.safe_load((PROMETHEUS_DIR / "prometheus.yml").read_text())
    ports = {
        job["job_name"]: (sd["names"][0], sd["port"])
        for job in config["scrape_configs"]
        for sd in job.get("dns_sd_configs", [])
    }
    assert ports == {
        "lag-exporter": ("lag-exporter", 9308),
        "kafka-exporter": ("kafka-exporter", 9308),
        "scheduler": ("scheduler", 8080),
        "api": ("api", 8000),
        "fetcher": ("fetcher", 9100),
        "parser": ("parser", 9100),
        "jobwriter": ("jobwriter", 9100),
    }
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]
    assert set(ports.values()) >= {(name, 9308) for name in ("lag-exporter", "kafka-exporter")}
    assert {name for name, _ in ports.values()} <= compose.keys()


def test_lag_alert_fires_after_ten_minutes_over_the_threshold(tmp_path: Path) -> None:
    promtool = require_binary("promtool")
    series = (
        'kafka_consumergroup_lag_sum{job="lag-exporter",consumergroup="parser",topic="email.raw"}'
    )
    tests = {
        "rule_files": [str(PROMETHEUS_DIR / "alerts.yml")],
        "evaluation_interval": "1m",
        "tests": [
            {
                "interval": "1m",
                "input_series": [{"series": series, "values": "2000+0x20"}],
                "alert_rule_test": [
                    {"eval_time": "5m", "alertname": "ConsumerGroupLagHigh", "exp_alerts": []},
                    {
                        "eval_time": "11m",
                        "alertname": "ConsumerGroupLagHigh",
                        "exp_alerts": [
                            {
                                "exp_labels": {"consumergroup": "parser", "severity": "warning"},
                                "exp_annotations": {
                                    "summary": "Consumer group parser lags by 2000 messages",
                                    "description": (
                                        "parser has been more than 1000 messages behind for 10"
                                        " minutes. Check the group's members"
                                        " (kafka_consumergroup_members) and the service's errors."
                                    ),
                                },
                            }
                        ],
                    },
                ],
            }
        ],
    }
    file = tmp_path / "alerts_test.yml"
    file.write_text(yaml.safe_dump(tests))
    checked = subprocess.run(
        [promtool, "test", "rules", str(file)], capture_output=True, text=True, check=False
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_under_replicated_alert_fires_after_five_minutes_of_a_missing_replica(
    tmp_path: Path,
) -> None:
    promtool = require_binary("promtool")
    name = "kafka_topic_partition_under_replicated_partition"
    labels = 'job="lag-exporter",topic="email.raw"'
    tests = {
        "rule_files": [str(PROMETHEUS_DIR / "alerts.yml")],
        "evaluation_interval": "1m",
        "tests": [
            {
                "interval": "1m",
                "input_series": [
                    {"series": f'{name}{{{labels},partition="0"}}', "values": "1+0x10"},
                    {"series": f'{name}{{{labels},partition="1"}}', "values": "0+0x10"},
                ],
                "alert_rule_test": [
                    {"eval_time": "3m", "alertname": "KafkaUnderReplicatedPartitions"},
                    {
                        "eval_time": "6m",
                        "alertname": "KafkaUnderReplicatedPartitions",
                        "exp_alerts": [
                            {
                                "exp_labels": {"severity": "warning"},
                                "exp_annotations": {
                                    "summary": (
                                        "1 Kafka partition(s) under-replicated for 5 minutes"
                                    ),
                                    "description": (
                                        "Fewer in-sync replicas than assigned ones. Check which"
                                        " broker is missing from the ISR (kafka-topics --describe"
                                        " --under-replicated-partitions) and bring it back."
                                    ),
                                },
                            }
                        ],
                    },
                ],
            }
        ],
    }
    file = tmp_path / "alerts_test.yml"
    file.write_text(yaml.safe_dump(tests))
    checked = subprocess.run(
        [promtool, "test", "rules", str(file)], capture_output=True, text=True, check=False
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr


@pytest.fixture
def lag_exporter(kafka_bootstrap: str) -> Iterator[ScrapeTarget]:
    settings = LagExporterSettings(
        kafka_bootstrap_servers=kafka_bootstrap, host="127.0.0.1", port=0
    )
    with wiring.build(settings) as server:
        yield ScrapeTarget("lag-exporter", f"127.0.0.1:{server.port}")


@pytest.mark.kafka
@pytest.mark.prometheus
def test_lag_panels_return_data_from_prometheus_scraping_the_lag_exporter(
    kafka_bootstrap: str, lag_exporter: ScrapeTarget, tmp_path: Path
) -> None:
    topic, group = make_lagging_group(kafka_bootstrap)

    def has_ours(result: list[Any]) -> bool:
        return any(s["metric"].get("consumergroup") == group for s in result)

    results = run_dashboard_queries(
        [lag_exporter],
        tmp_path / "prometheus",
        select=is_lag_panel,
        wanted={"Estimated time lag per group / A": has_ours},
    )
    assert len(results) >= 5
    lag = results["Consumer lag per group (messages) / A"]
    ours = [s for s in lag if s["metric"] == {"consumergroup": group, "topic": topic}]
    assert [s["value"][1] for s in ours] == ["30"]
    seconds = results["Estimated time lag per group / A"]
    # committed at 20 and never moved: no progress with lag, so it never drains
    assert [s["value"][1] for s in seconds if s["metric"] == {"consumergroup": group}] == ["+Inf"]


@pytest.mark.prometheus
def test_every_panel_expr_is_valid_promql(tmp_path: Path) -> None:
    values = variable_values(load_dashboard())
    with running_prometheus([], tmp_path / "prometheus") as base:
        for panel in query_panels(load_dashboard()):
            for target in panel["targets"]:
                instant_query(base, render(target["expr"], values))  # fails on a PromQL error


def stand_in_service_metrics() -> CollectorRegistry:
    """The services' metric names and labels (as announced), each with one observation."""
    registry = CollectorRegistry()
    counters = {
        "reqstream_messages_consumed": (["service", "topic"], ["parser", "email.raw"]),
        "reqstream_messages_produced": (["service", "topic"], ["parser", "email.parsed"]),
        "reqstream_errors": (["service", "error_class"], ["parser", "InvalidMessage"]),
        "reqstream_retries": (["service"], ["fetcher"]),
        "reqstream_dead_letters": (["service", "topic"], ["parser", "email.raw"]),
        "reqstream_syncs": (["outcome"], ["completed"]),
        "reqstream_emails": (["result", "skip_reason"], ["skipped", "not_job"]),
        "reqstream_jobs_created": (["tenant"], ["1"]),
        "reqstream_llm_calls": (["model", "outcome"], ["offline", "ok"]),
        "reqstream_llm_tokens": (["model", "kind"], ["offline", "prompt"]),
    }
    for name, (labels, values) in counters.items():
        Counter(name, name, labels, registry=registry).labels(*values).inc()
    Histogram("reqstream_processing_seconds", "", ["service", "topic"], registry=registry).labels(
        "parser", "email.raw"
    ).observe(0.2)
    Histogram("reqstream_freshness_seconds", "", ["tenant"], registry=registry).labels("1").observe(
        90
    )
    gauges = {
        "reqstream_integrations_push_state": (["provider", "state"], ["gmail", "active"]),
        "reqstream_integrations_token_health": (["provider", "health"], ["gmail", "ok"]),
        "reqstream_integration_cursor_age_max_seconds": (["provider"], ["gmail"]),
    }
    for name, (labels, values) in gauges.items():
        Gauge(name, name, labels, registry=registry).labels(*values).set(1)
    return registry


@pytest.mark.kafka
@pytest.mark.prometheus
def test_run_dashboard_queries_covers_every_panel_given_every_target(
    kafka_bootstrap: str, lag_exporter: ScrapeTarget, tmp_path: Path
) -> None:
    """The full version, with a stand-in for the services until they serve /metrics."""
    make_lagging_group(kafka_bootstrap)
    server, thread = start_http_server(0, addr="127.0.0.1", registry=stand_in_service_metrics())
    try:
        services = ScrapeTarget("services", f"127.0.0.1:{server.server_address[1]}")
        results = run_dashboard_queries([lag_exporter, services], tmp_path / "prometheus")
    finally:
        server.shutdown()
        thread.join()
    panels = query_panels(load_dashboard())
    assert len(results) == sum(len(panel["targets"]) for panel in panels)
