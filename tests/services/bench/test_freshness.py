"""``reqstream bench freshness``, tiny: two mailboxes per provider, a few emails per phase. Every
delivered email reaches the ledger in both phases, the push phase's emails came through push
syncs and the cron phase's through cron syncs alone, and every figure is printed. No wall-clock
thresholds: how fast is the bench's answer, not the test's."""

from __future__ import annotations

import json
import traceback
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from services.cli.bench import app
from tests.kafka_helpers import own_kafka

pytestmark = [pytest.mark.kafka, pytest.mark.imap, pytest.mark.e2e]
PROVIDER_FIELDS = {"delivered", "committed", "missing", "results", "p50_s", "p95_s", "p99_s"}
PROVIDER_FIELDS |= {"fetched_p50_s", "fetched_p95_s"}


@pytest.fixture(scope="module")
def bench_servers(prepared: tuple[str, str]) -> Iterator[tuple[str, str]]:
    """A broker of the module's own (the session's pipeline services consume the shared one)
    and the session's database."""
    with own_kafka(prepared[1], with_topics=True) as bootstrap:
        yield bootstrap, prepared[1]


@pytest.mark.timeout(900)  # two phases of six service processes each, on a loaded machine
def test_freshness_bench_reports_both_phases_per_provider(
    bench_servers: tuple[str, str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("KAFKA_BOOTSTRAP_SERVERS", bench_servers[0])
    monkeypatch.setenv("DATABASE_URL", bench_servers[1])
    args = (
        "freshness --mailboxes 6 --rate 3 --duration 2 --cron-seconds 5 --drain-timeout 60 "
        "--json --work-dir"
    )
    result = CliRunner().invoke(app, [*args.split(), str(tmp_path)])
    trace = "".join(traceback.format_exception(*result.exc_info)) if result.exc_info else ""
    assert result.exit_code == 0, f"{result.output}\n{trace}"
    report = json.loads(result.stdout)

    assert report["mailboxes"] == {"gmail": 2, "outlook": 2, "imap": 2}
    assert report["notification_failures"] == 0
    for mode in ("push", "cron"):
        phase = report[mode]
        assert phase["delivered"] == 6  # 3 emails/s for 2 s, one per mailbox
        assert set(phase["providers"]) == {"gmail", "outlook", "imap"}
        for figures in phase["providers"].values():
            assert not PROVIDER_FIELDS - set(figures)
            assert figures["delivered"] == figures["committed"] == 2 and figures["missing"] == 0
            assert figures["results"] == {"job_created": 2}  # requirement emails only
            assert 0 < figures["p50_s"] <= figures["p95_s"] <= figures["p99_s"]
            # each email was fetched before its job was committed; the fetch time is the sync
            # transaction's start (PostgreSQL now()), which may precede the moment the delivery
            # call returned by a few ms when that sync read the email, so it may be just below 0
            assert figures["fetched_p50_s"] <= figures["p50_s"]
    assert report["push"]["syncs_by_reason"].get("push", 0) > 0
    assert "push" not in report["cron"]["syncs_by_reason"]
    assert report["cron"]["cron"] == "* * * * * */5"
    assert report["cron"]["model_at_this_interval"]["mean_wait_s"] == 2.5
    expected = report["cron"]["expected_at_15_min"]
    assert set(expected) == {"gmail", "outlook", "imap"}
    assert all(e["mean_wait_s"] == 450 and e["p95_s"] >= 855 for e in expected.values())
