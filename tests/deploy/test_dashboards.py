"""The Grafana dashboard and provisioning as data: valid JSON, every panel queries known metrics.

Grafana is not packaged in Debian, so its files are checked here and their PromQL runs against a
real Prometheus in test_prometheus.py (which imports the helpers below).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[2]
GRAFANA = ROOT / "deploy" / "grafana"
DASHBOARD = GRAFANA / "dashboards" / "reqstream.json"
DATASOURCES = GRAFANA / "provisioning" / "datasources" / "prometheus.yml"
PROVIDERS = GRAFANA / "provisioning" / "dashboards" / "reqstream.yml"
COMPOSE = ROOT / "docker-compose.yml"

# what the services export on /metrics (histograms also as _bucket, _count, _sum)
SERVICE_METRICS = frozenset(
    {
        "reqstream_messages_consumed_total",
        "reqstream_messages_produced_total",
        "reqstream_errors_total",
        "reqstream_retries_total",
        "reqstream_dead_letters_total",
        "reqstream_syncs_total",
        "reqstream_emails_total",
        "reqstream_jobs_created_total",
        "reqstream_llm_calls_total",
        "reqstream_llm_tokens_total",
        # the scheduler's connection-health gauges
        "reqstream_integrations_push_state",
        "reqstream_integrations_token_health",
        "reqstream_integration_cursor_age_max_seconds",
    }
)
SERVICE_HISTOGRAMS = frozenset({"reqstream_processing_seconds", "reqstream_freshness_seconds"})
# kafka_exporter's names (kafka-native.md §10); the lag exporter serves all but the last three
KAFKA_EXPORTER_METRICS = frozenset(
    {
        "kafka_consumergroup_lag",
        "kafka_consumergroup_lag_sum",
        "kafka_consumergroup_current_offset",
        "kafka_consumergroup_current_offset_sum",
        "kafka_consumergroup_members",
        "kafka_topic_partition_current_offset",
        "kafka_topic_partition_oldest_offset",
        "kafka_topic_partition_under_replicated_partition",
        "kafka_topic_partitions",
        "kafka_brokers",
        "kafka_broker_info",
    }
)
LAG_EXPORTER_METRICS = (
    KAFKA_EXPORTER_METRICS - {"kafka_topic_partitions", "kafka_brokers", "kafka_broker_info"}
) | {
    "reqstream_consumergroup_lag_seconds",
    "reqstream_lagexporter_up",
    "reqstream_lagexporter_scrape_duration_seconds",
}
KNOWN_METRICS = (
    SERVICE_METRICS
    | KAFKA_EXPORTER_METRICS
    | LAG_EXPORTER_METRICS
    | {f"{name}{suffix}" for name in SERVICE_HISTOGRAMS for suffix in ("_bucket", "_count", "_sum")}
)

# PromQL words that are not metric names
PROMQL_WORDS = frozenset(
    [
        "sum",
        "min",
        "max",
        "avg",
        "count",
        "stddev",
        "stdvar",
        "topk",
        "bottomk",
        "quantile",
        "count_values",
        "group",
        "rate",
        "irate",
        "increase",
        "delta",
        "idelta",
        "deriv",
        "histogram_quantile",
        "clamp_min",
        "clamp_max",
        "abs",
        "ceil",
        "floor",
        "round",
        "sqrt",
        "exp",
        "ln",
        "log2",
        "log10",
        "time",
        "vector",
        "scalar",
        "absent",
        "absent_over_time",
        "label_replace",
        "label_join",
        "avg_over_time",
        "max_over_time",
        "min_over_time",
        "sum_over_time",
        "count_over_time",
        "last_over_time",
        "quantile_over_time",
        "changes",
        "resets",
        "sort",
        "sort_desc",
        "timestamp",
        "by",
        "without",
        "on",
        "ignoring",
        "group_left",
        "group_right",
        "and",
        "or",
        "unless",
        "bool",
        "offset",
        "inf",
        "nan",
    ]
)

# the values Grafana would substitute; a 1 s scrape interval makes 10 s rate windows usable
GRAFANA_BUILTINS = {"__rate_interval": "10s", "__interval": "5s", "__range": "1h"}


def load_dashboard() -> dict[str, Any]:
    dashboard: dict[str, Any] = json.loads(DASHBOARD.read_text())
    return dashboard


def query_panels(dashboard: dict[str, Any]) -> list[dict[str, Any]]:
    """Every panel that is not a row, including panels nested in collapsed rows."""
    found: list[dict[str, Any]] = []
    for panel in dashboard["panels"]:
        if panel["type"] == "row":
            found.extend(panel.get("panels", []))
        else:
            found.append(panel)
    return found


def variable_values(dashboard: dict[str, Any]) -> dict[str, str]:
    """Each template variable's default, as Grafana interpolates it into a query."""
    values = dict(GRAFANA_BUILTINS)
    for variable in dashboard["templating"]["list"]:
        current = variable["current"]["value"]
        if isinstance(current, list):
            current = current[0]
        values[variable["name"]] = variable["allValue"] if current == "$__all" else current
    return values


def render(expr: str, values: dict[str, str]) -> str:
    """``$name`` / ``${name}`` replaced by ``values``; unknown variables are an error."""

    def substitute(match: re.Match[str]) -> str:
        return values[match.group(1) or match.group(2)]

    return re.sub(r"\$\{(\w+)\}|\$(\w+)", substitute, expr)


def metric_names(expr: str) -> set[str]:
    """Metric names in a PromQL expression: what is left after strings, label matchers,
    ranges, grouping clauses, numbers and PromQL's own words are removed."""
    text = re.sub(r'"(?:[^"\\]|\\.)*"', "", expr)
    text = re.sub(r"\{[^}]*\}", "", text)
    text = re.sub(r"\[[^\]]*\]", "", text)
    text = re.sub(r"\boffset\s+-?\w+", "", text)
    text = re.sub(r"\boffset\s+-?\w+", "", text)
    text = re.sub(r"\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)", "", text)
    text = re.sub(r"\b\d+(?:\.\d+)?(?:e[+-]?\d+)?\b", "", text)
    return set(re.findall(r"[A-Za-z_:][A-Za-z0-9_:]*", text)) - PROMQL_WORDS


def test_dashboard_is_a_grafana_dashboard_model() -> None:
    dashboard = load_dashboard()
    assert dashboard["uid"] and dashboard["title"]
    assert 36 <= dashboard["schemaVersion"] <= 41
    ids = [panel["id"] for panel in dashboard["panels"]]
    assert len(ids) == len(set(ids))
    for panel in query_panels(dashboard):
        assert panel["type"] in {"timeseries", "stat"}, panel["title"]
        assert {"h", "w", "x", "y"} <= panel["gridPos"].keys(), panel["title"]


def test_every_panel_has_targets_with_an_expr_on_the_provisioned_datasource() -> None:
    dashboard = load_dashboard()
    datasource = yaml.safe_load(DATASOURCES.read_text())["datasources"][0]
    panels = query_panels(dashboard)
    assert len(panels) >= 10
    for panel in panels:
        assert panel["targets"], panel["title"]
        assert panel["datasource"]["uid"] == datasource["uid"], panel["title"]
        for target in panel["targets"]:
            assert target["expr"].strip(), panel["title"]
            assert target["datasource"]["uid"] == datasource["uid"], panel["title"]


def test_every_metric_in_a_panel_is_a_known_name() -> None:
    dashboard = load_dashboard()
    values = variable_values(dashboard)
    used: set[str] = set()
    for panel in query_panels(dashboard):
        for target in panel["targets"]:
            names = metric_names(render(target["expr"], values))
            assert names, (panel["title"], target["expr"])
            assert names <= KNOWN_METRICS, (panel["title"], names - KNOWN_METRICS)
            used |= names
    # every business counter is on the dashboard
    assert used >= SERVICE_METRICS, SERVICE_METRICS - used
    assert "reqstream_consumergroup_lag_seconds" in used


def test_metric_name_extraction() -> None:
    expr = (
        'histogram_quantile(0.99, sum by (le, service) (rate(x_bucket{a="b{c}"}[5m])))'
        " / on (service) group_left y_total offset 5m > 1e3"
    )
    assert metric_names(expr) == {"x_bucket", "y_total"}


def test_freshness_quantiles_are_p50_p90_p99() -> None:
    exprs = [
        target["expr"]
        for panel in query_panels(load_dashboard())
        for target in panel["targets"]
        if "reqstream_freshness_seconds_bucket" in target["expr"]
    ]
    assert {q for expr in exprs for q in re.findall(r"histogram_quantile\(([\d.]+)", expr)} == {
        "0.5",
        "0.9",
        "0.99",
    }


def test_provisioning_points_at_the_mounted_dashboards_and_prometheus() -> None:
    providers = yaml.safe_load(PROVIDERS.read_text())["providers"]
    datasource = yaml.safe_load(DATASOURCES.read_text())["datasources"][0]
    grafana = yaml.safe_load(COMPOSE.read_text())["services"]["grafana"]
    mounts = {
        volume.split(":")[1]: volume.split(":")[0] for volume in grafana["volumes"] if ":" in volume
    }
    assert mounts[providers[0]["options"]["path"]] == "./deploy/grafana/dashboards"
    assert mounts["/etc/grafana/provisioning"] == "./deploy/grafana/provisioning"
    assert datasource["type"] == "prometheus"
    assert datasource["url"] == "http://prometheus:9090"
