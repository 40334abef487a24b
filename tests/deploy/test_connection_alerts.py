"""The connection-health alerts (deploy/prometheus/alerts.yml, group reqstream-connections)
under promtool's rule tests: push failed, a stale cursor and an expiring sign-in fire after
their ``for``, per provider, and not before or below their thresholds."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import yaml

from tests.deploy.test_prometheus import PROMETHEUS_DIR, require_binary


def run_rule_tests(tmp_path: Path, input_series: list[dict[str, str]], cases: list[Any]) -> None:
    tests = {
        "rule_files": [str(PROMETHEUS_DIR / "alerts.yml")],
        "evaluation_interval": "1m",
        "tests": [{"interval": "1m", "input_series": input_series, "alert_rule_test": cases}],
    }
    file = tmp_path / "connection_alerts_test.yml"
    file.write_text(yaml.safe_dump(tests))
    checked = subprocess.run(
        [require_binary("promtool"), "test", "rules", str(file)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr


def series(name: str, values: str, **labels: str) -> dict[str, str]:
    text = ",".join(f'{key}="{value}"' for key, value in {"job": "scheduler", **labels}.items())
    return {"series": f"{name}{{{text}}}", "values": values}


def test_push_failed_fires_after_thirty_minutes_per_provider(tmp_path: Path) -> None:
    name = "reqstream_integrations_push_state"
    run_rule_tests(
        tmp_path,
        [
            # two scheduler replicas export the same figure: one alert, not two
            series(name, "2+0x40", provider="gmail", state="failed", instance="a"),
            series(name, "2+0x40", provider="gmail", state="failed", instance="b"),
            series(name, "0+0x40", provider="outlook", state="failed", instance="a"),
            series(name, "5+0x40", provider="outlook", state="active", instance="a"),
        ],
        [
            {"eval_time": "20m", "alertname": "IntegrationPushFailed", "exp_alerts": []},
            {
                "eval_time": "31m",
                "alertname": "IntegrationPushFailed",
                "exp_alerts": [
                    {
                        "exp_labels": {"provider": "gmail", "severity": "warning"},
                        "exp_annotations": {
                            "summary": "2 gmail integration(s) without push for 30 minutes",
                            "description": (
                                "Their watch or subscription could not be established or was"
                                " removed; they are synced by the 15-minute cron only. GET"
                                " /integrations shows which and health.watch_error the kind of"
                                " failure; check the fetcher's log for it."
                            ),
                        },
                    }
                ],
            },
        ],
    )


def test_a_stale_cursor_fires_over_two_hours_and_an_expiring_sign_in_after_five_minutes(
    tmp_path: Path,
) -> None:
    age = "reqstream_integration_cursor_age_max_seconds"
    health = "reqstream_integrations_token_health"
    run_rule_tests(
        tmp_path,
        [
            series(age, "7000+60x30", provider="imap"),  # over 7200 s from minute 4
            series(age, "900+0x30", provider="gmail"),
            series(health, "1+0x30", provider="outlook", health="expiring"),
            series(health, "0+0x30", provider="gmail", health="expiring"),
        ],
        [
            {"eval_time": "15m", "alertname": "IntegrationCursorStale", "exp_alerts": []},
            {
                "eval_time": "20m",
                "alertname": "IntegrationCursorStale",
                "exp_alerts": [
                    {
                        "exp_labels": {"provider": "imap", "severity": "warning"},
                        "exp_annotations": {
                            "summary": "A imap mailbox without a completed sync for 2h 16m 40s",
                            "description": (
                                "The oldest cursor of an active imap integration is over two"
                                " hours old. Look at its recent sync runs (the run page, /syncs)"
                                " and the fetcher's errors and dead letters."
                            ),
                        },
                    }
                ],
            },
            {"eval_time": "4m", "alertname": "IntegrationSignInExpiring", "exp_alerts": []},
            {
                "eval_time": "6m",
                "alertname": "IntegrationSignInExpiring",
                "exp_alerts": [
                    {
                        "exp_labels": {"provider": "outlook", "severity": "info"},
                        "exp_annotations": {
                            "summary": "1 outlook sign-in(s) lapse within the warning window",
                            "description": (
                                "Their refresh tokens are known to lapse soon (a Google app in"
                                " Testing after 7 days, Microsoft after 90 days without a"
                                " refresh); their users were emailed to reconnect. Syncing stops"
                                " at the lapse until they do."
                            ),
                        },
                    }
                ],
            },
        ],
    )
