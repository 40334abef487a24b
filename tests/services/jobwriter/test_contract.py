"""Every email.parsed and integration.error example through the jobwriter's rules."""

from datetime import UTC, datetime

import pytest

from schemas.contracts.models import IntegrationError, ParsedEmail
from schemas.contracts.topics import Topic
from services.db.models import JobPosting
from services.domain.decisions import EmailResult
from services.domain.integrations import IntegrationContact
from services.jobwriter.handler import decide, integration_error_plan
from services.jobwriter.usecase import job_created_event
from tests.contracts import assert_valid, decoded_examples


@pytest.mark.parametrize(("name", "parsed"), list(decoded_examples(Topic.EMAIL_PARSED)))
def test_every_parsed_example_gets_a_decision_and_valid_job_created(
    name: str, parsed: ParsedEmail
) -> None:
    decision = decide(parsed)
    if decision.result is not EmailResult.JOB_CREATED:
        assert decision.skip_reason
        return
    assert len(decision.jobs) == len(parsed.jobs)
    for index, job in decision.jobs:
        row = JobPosting(
            id=100 + index,
            tenant_id=parsed.tenant_id,
            integration_id=parsed.integration_id,
            created_by_user_id=parsed.user_id,
            provider_message_id=parsed.provider_message_id,
            job_index=index,
            title=job.title,
            created_at=datetime(2026, 11, 28, tzinfo=UTC),
        )
        assert_valid(Topic.JOB_CREATED, job_created_event(parsed, row))


@pytest.mark.parametrize(("name", "event"), list(decoded_examples(Topic.INTEGRATION_ERROR)))
def test_every_integration_error_example_gets_a_plan(name: str, event: IntegrationError) -> None:
    plan = integration_error_plan(event, IntegrationContact(True, "gmail", "u@x.test"))
    assert plan.status == "failed" and plan.error_text
    assert all(email.recipient == "u@x.test" and email.event_key for email in plan.emails)
