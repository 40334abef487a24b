"""The chaos routine, small: services killed at random while three mailboxes drain."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from services.cli.settings import process_environment
from services.ops.chaos import ChaosOptions, expected_for_mailbox, run_chaos
from services.ops.mailbox_gen import ROLE_KEYWORDS, generate_mailbox


def test_expectation_is_the_offline_pipeline(tmp_path: Path) -> None:
    emails = generate_mailbox(tmp_path, count=40, seed=2, tag="x")
    expected = expected_for_mailbox(tmp_path, roles=[ROLE_KEYWORDS])
    assert set(expected.jobs) == {e.message_id for e in emails if e.matching}
    assert sum(expected.jobs.values()) > 0


@pytest.mark.kafka
@pytest.mark.e2e
def test_kills_lose_and_duplicate_nothing(prepared: tuple[str, str], tmp_path: Path) -> None:
    # its own service group and consumer groups, started at the end of the shared topics
    bootstrap, database_url = prepared
    options = ChaosOptions(integrations=3, emails=60, kills=4, seed=3, kill_interval=2.0)
    report = run_chaos(
        kafka_bootstrap=bootstrap,
        database_url=database_url,
        work_dir=tmp_path,
        base_env=process_environment(),
        options=options,
    )
    summary = json.dumps(report.to_json(), indent=2)
    assert report.ok, summary
    assert report.emails > 3 * 50 / 2  # several syncs' worth in all
    assert report.processed == report.ledger_rows == report.emails, summary
    assert report.lost == report.duplicates == 0, summary
    assert report.jobs == report.jobs_expected > 0, summary
    assert report.counters_consistent, summary
    assert sum(sum(by.values()) for by in report.kills.values()) == 4, summary
    assert report.restarts >= 4, summary
