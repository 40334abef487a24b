"""Raw emails replayed through a parser whose extractor changed: the existing jobs take the new
extraction, the old values stay in job_posting_history, and nothing is created or counted twice.

The first parse is the offline rules' ("rules" 1.1.0). The replay goes through a parser running
the model extractor, served under an OpenAI-compatible model id that sorts before "1.1.0" as a
string ("01-ai/…"): an extraction that must supersede the rules', which comparing version
strings never saw.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from schemas.contracts.topics import Topic
from services.db.models import EmailIntegration, JobPosting, JobPostingHistory, ProcessedEmail
from services.db.session import transaction
from services.demo.processes import ServiceGroup
from services.demo.run import trigger_sync, wait_for_run
from services.ops.replay import replay
from services.parser.model.prompt import PROMPT_VERSION
from services.parser.rules.extractor import EXTRACTOR
from tests.e2e.test_ops import start_at_end
from tests.pipeline_fixtures import new_tenant
from tests.providers.openai_server import FakeOpenAI, Reply, running_fake_openai
from tests.waiting import wait_until

pytestmark = [pytest.mark.kafka, pytest.mark.e2e]
Pipeline = tuple[ServiceGroup, str]
MODEL = "01-ai/Yi-1.5-34B-Chat"
REQUIREMENT = """\
Message-ID: <{mid}>
Date: Tue, 10 Nov 2026 10:00:00 -0600
From: "Vendor" <req@vendor.example.com>
To: recruiter@demo.example.test
Subject: Requirement: Java Developer - Austin, TX - C2C
MIME-Version: 1.0
Content-Type: text/plain; charset="utf-8"

Hi,

We have an urgent need for a Lead Java Developer with our banking client.

Role: Java Developer
Location: Austin, TX
Duration: 6 months
Rate: $58/hr C2C
Visa: USC/GC

Thanks
"""


@pytest.fixture
def model() -> Iterator[FakeOpenAI]:
    with running_fake_openai() as fake:

        def answer(request: object) -> Reply:
            # every value is in the email's text, so the parser's evidence check keeps it
            return Reply.answer(
                {
                    "is_job": True,
                    "category": "requirement",
                    "confidence": 0.95,
                    "jobs": [{"title": "Lead Java Developer", "location": "Austin, TX"}],
                }
            )

        fake.default = answer
        yield fake


def postings(sessions: sessionmaker[Session], tenant_id: int) -> list[JobPosting]:
    with transaction(sessions) as session:
        return list(
            session.scalars(
                select(JobPosting).filter_by(tenant_id=tenant_id).order_by(JobPosting.job_index)
            )
        )


def counts(sessions: sessionmaker[Session], tenant_id: int) -> tuple[object, ...]:
    with transaction(sessions) as session:
        ledger = session.scalar(
            select(func.count()).select_from(ProcessedEmail).filter_by(tenant_id=tenant_id)
        )
        row = session.scalars(select(EmailIntegration).filter_by(tenant_id=tenant_id)).one()
        return ledger, row.emails_processed_count, row.jobs_created_count


def test_replay_through_a_changed_extractor_updates_jobs_and_keeps_history(
    pipeline: Pipeline,
    kafka_bootstrap: str,
    sessions: sessionmaker[Session],
    model: FakeOpenAI,
    tmp_path: Path,
) -> None:
    group, base_url = pipeline
    mailbox = tmp_path / "mailbox"
    mailbox.mkdir()
    mailbox.chmod(0o755)
    (mailbox / "req.eml").write_text(REQUIREMENT.format(mid=f"req-{uuid.uuid4().hex}@v.example"))
    ids = new_tenant(sessions, mailbox=mailbox, roles=["Java Developer"])
    since = datetime.now(UTC) - timedelta(seconds=1)
    sync_id = trigger_sync(base_url, integration_id=ids.integration_id, api_key=ids.api_key)
    run = wait_for_run(sessions, sync_id, check_alive=group.check_alive)
    assert (run.status, run.emails_found, run.jobs_created) == ("success", 1, 1)
    [first] = postings(sessions, ids.tenant_id)
    assert (first.extractor_name, first.extraction_version, first.title) == (
        EXTRACTOR.name,
        EXTRACTOR.version,
        "Java Developer",
    )
    before = counts(sessions, ids.tenant_id)

    # a parser with the model extractor, in its own group, reading only what is replayed; the
    # pipeline's own parser re-parses the replay with the rules too, which changes nothing
    group_id = f"parser-model-{uuid.uuid4().hex[:8]}"
    start_at_end(kafka_bootstrap, group_id, [Topic.EMAIL_RAW])
    env = {
        **group.env,
        "PARSER_GROUP_ID": group_id,
        "PARSER_EXTRACTOR": "openai",
        "PARSER_OPENAI_BASE_URL": model.url,
        "PARSER_OPENAI_API_KEY": "sk-test-local",
        "PARSER_OPENAI_MODEL": MODEL,
        "PARSER_OPS_PORT": "0",
    }
    with ServiceGroup(env=env, log_dir=tmp_path) as parsers:
        parsers.start("parser")
        summary = replay(kafka_bootstrap, Topic.EMAIL_RAW, since=since, tenant=ids.tenant_id)
        assert summary.replayed == 1

        def updated() -> bool:
            parsers.check_alive()
            group.check_alive()
            return postings(sessions, ids.tenant_id)[0].extractor_name == "openai"

        wait_until(updated, "the job updated by the model's extraction")

    [job] = postings(sessions, ids.tenant_id)
    assert job.id == first.id  # updated in place, not created again
    assert (job.extraction_version, job.title, job.location) == (
        f"{MODEL}/{PROMPT_VERSION}",
        "Lead Java Developer",
        "Austin, TX",
    )
    with transaction(sessions) as session:
        history = session.scalars(select(JobPostingHistory).filter_by(job_posting_id=job.id)).all()
    assert [
        (h.extraction_version, h.fields["extractor_name"], h.fields["title"]) for h in history
    ] == [(EXTRACTOR.version, EXTRACTOR.name, "Java Developer")]
    assert history[0].fields["rate_min"] == 58.0  # the whole previous extraction is kept
    assert counts(sessions, ids.tenant_id) == before  # nothing created or counted twice
    assert len(model.requests) >= 1
