"""reqstream replay against the running pipeline, and a newer extractor version updating jobs."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from confluent_kafka import Message, TopicPartition
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker
from typer import Typer
from typer.testing import CliRunner

from schemas.contracts.codec import get_codec, header_value
from schemas.contracts.models import Extractor, ParsedEmail
from schemas.contracts.topics import Topic
from services.cli.replay import replay_command
from services.common.kafka import Outbound, build_producer
from services.db.models import EmailIntegration, JobPosting, JobPostingHistory, ProcessedEmail
from services.db.session import transaction
from services.demo.processes import ServiceGroup
from services.demo.run import trigger_sync, wait_for_run
from services.ops.dlq import ops_consumer, partitions_of, read_range
from services.ops.replay import REPLAY_HEADER
from tests.pipeline_fixtures import new_tenant
from tests.waiting import wait_until

Pipeline = tuple[ServiceGroup, str]
app = Typer()
app.command()(replay_command)
runner = CliRunner()

REQUIREMENT = """\
Message-ID: <{mid}>
Date: Tue, 10 Nov 2026 10:00:00 -0600
From: "Vendor" <req@vendor.example.com>
To: recruiter@demo.example.test
Subject: Requirement: Java Developer - Austin, TX - C2C
MIME-Version: 1.0
Content-Type: text/plain; charset="utf-8"

Role: Java Developer
Location: Austin, TX
Duration: 6 months
Rate: $58/hr C2C
Visa: USC/GC
"""
HOTLIST = """\
Message-ID: <{mid}>
Date: Tue, 10 Nov 2026 11:00:00 -0600
From: "Bench Sales" <bench@vendor.example.com>
To: recruiter@demo.example.test
Subject: Hotlist: Java Developer consultants available
MIME-Version: 1.0
Content-Type: text/plain; charset="utf-8"

Our available consultants (hotlist):
1. Ravi - Java Developer - 10 yrs - H1B - Dallas, TX - relocate
2. Anita - Java Developer - 8 yrs - GC - remote
Please reach out for resumes.
"""


def messages(bootstrap: str, topic: Topic, key: str) -> list[Message]:
    consumer = ops_consumer(bootstrap, f"test-{uuid.uuid4()}")
    try:
        ranges = {
            (topic.value, p): consumer.get_watermark_offsets(
                TopicPartition(topic.value, p), timeout=10
            )
            for p in partitions_of(consumer, topic.value)
        }
        return [m for m in read_range(consumer, ranges) if m.key() == key.encode()]
    finally:
        consumer.close()


def snapshot(sessions: sessionmaker[Session], tenant_id: int) -> tuple[object, ...]:
    with transaction(sessions) as session:
        jobs = session.scalar(
            select(func.count()).select_from(JobPosting).filter_by(tenant_id=tenant_id)
        )
        ledger = session.scalar(
            select(func.count()).select_from(ProcessedEmail).filter_by(tenant_id=tenant_id)
        )
        row = session.scalars(select(EmailIntegration).filter_by(tenant_id=tenant_id)).one()
        return jobs, ledger, row.emails_processed_count, row.jobs_created_count


def test_replay_cli_refuses_a_dead_letter_topic_and_a_bad_time() -> None:
    args = ["--topic", "email.raw.dlq", "--since", "2026-11-01T00:00:00Z", "--bootstrap", "x:1"]
    result = runner.invoke(app, args)
    assert result.exit_code == 1 and "not a data topic" in result.output
    result = runner.invoke(
        app, ["--topic", "email.raw", "--since", "yesterday", "--bootstrap", "x"]
    )
    assert result.exit_code == 2 and "ISO 8601" in result.output


@pytest.mark.kafka
def test_replay_creates_nothing_twice_and_a_newer_extractor_updates_jobs(
    pipeline: Pipeline, kafka_bootstrap: str, sessions: sessionmaker[Session], tmp_path: Path
) -> None:
    group, base_url = pipeline
    mailbox = tmp_path / "mailbox"
    mailbox.mkdir()
    mailbox.chmod(0o755)
    suffix = uuid.uuid4().hex
    (mailbox / "req.eml").write_text(REQUIREMENT.format(mid=f"req-{suffix}@vendor.example.com"))
    (mailbox / "hot.eml").write_text(HOTLIST.format(mid=f"hot-{suffix}@vendor.example.com"))
    ids = new_tenant(sessions, mailbox=mailbox, roles=["Java Developer"])
    key = str(ids.integration_id)
    before = datetime.now(UTC) - timedelta(seconds=1)
    sync_id = trigger_sync(base_url, integration_id=ids.integration_id, api_key=ids.api_key)
    run = wait_for_run(sessions, sync_id, check_alive=group.check_alive)
    assert (run.status, run.emails_found, run.jobs_created) == ("success", 2, 1)
    counts = snapshot(sessions, ids.tenant_id)
    assert counts == (1, 2, 2, 1)
    tenant_key = str(ids.tenant_id)
    wait_until(lambda: len(messages(kafka_bootstrap, Topic.JOB_CREATED, tenant_key)) == 1)

    dry = runner.invoke(
        app,
        ["--topic", "email.raw", "--since", before.isoformat(), "--tenant", str(ids.tenant_id),
         "--dry-run", "--json", "--bootstrap", kafka_bootstrap],
    )  # fmt: skip
    assert dry.exit_code == 0, dry.output
    assert json.loads(dry.output)["replayed"] == 2
    result = runner.invoke(
        app,
        ["--topic", "email.raw", "--since", before.isoformat(), "--tenant", str(ids.tenant_id),
         "--json", "--bootstrap", kafka_bootstrap],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output)
    assert summary["replayed"] == 2 and summary["undecodable"] == 0

    raw = messages(kafka_bootstrap, Topic.EMAIL_RAW, key)
    replayed = [m for m in raw if header_value(m.headers(), REPLAY_HEADER)]  # type: ignore[arg-type]
    assert len(raw) == 4 and len(replayed) == 2
    assert {header_value(m.headers(), REPLAY_HEADER) for m in replayed} == {  # type: ignore[arg-type]
        summary["replay_id"]
    }
    # both parsed again, and the jobwriter re-sent job.created for the job: all through
    wait_until(lambda: len(messages(kafka_bootstrap, Topic.EMAIL_PARSED, key)) == 4)
    wait_until(lambda: len(messages(kafka_bootstrap, Topic.JOB_CREATED, tenant_key)) == 2)
    assert snapshot(sessions, ids.tenant_id) == counts  # no duplicate job, nothing counted twice

    # the same email from a newer extractor version: the job is updated, the old values kept
    codec = get_codec(Topic.EMAIL_PARSED)
    parsed = [codec.decode(m.value()) for m in messages(kafka_bootstrap, Topic.EMAIL_PARSED, key)]
    [job_email] = {
        p.provider_message_id: p for p in parsed if isinstance(p, ParsedEmail) and p.jobs
    }.values()
    assert isinstance(job_email, ParsedEmail)
    old_version = job_email.extractor.version
    newer = job_email.model_copy(
        update={
            "extractor": Extractor(name=job_email.extractor.name, version="9.0.0"),
            "jobs": [job_email.jobs[0].model_copy(update={"title": "Principal Java Developer"})],
        }
    )
    build_producer(bootstrap=kafka_bootstrap, client_id="test").send(
        [
            Outbound.of(
                Topic.EMAIL_PARSED,
                newer,
                key=key,
                source="/test",
                extra_headers=[(REPLAY_HEADER, b"test")],
            )
        ]
    )

    def posting() -> JobPosting:
        with transaction(sessions) as session:
            return session.scalars(select(JobPosting).filter_by(tenant_id=ids.tenant_id)).one()

    wait_until(lambda: posting().extraction_version == "9.0.0")
    job = posting()
    assert job.title == "Principal Java Developer"
    with transaction(sessions) as session:
        history = session.scalars(select(JobPostingHistory).filter_by(job_posting_id=job.id)).all()
    assert [(h.extraction_version, h.fields["title"]) for h in history] == [
        (old_version, job_email.jobs[0].title)
    ]
    assert snapshot(sessions, ids.tenant_id) == counts
    group.check_alive()
