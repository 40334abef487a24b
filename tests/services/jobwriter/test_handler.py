from datetime import UTC, datetime
from uuid import uuid4

import pytest

from schemas.contracts.models import (
    Category,
    ExtractedJob,
    Extractor,
    IntegrationError,
    IntegrationErrorType,
    ParsedEmail,
    ParseStatus,
    Provider,
)
from services.domain.decisions import EmailResult
from services.domain.integrations import IntegrationContact
from services.jobwriter.handler import (
    PARSING_FAILED,
    RECONNECT,
    SAME_MESSAGE,
    EmailToSend,
    decide,
    integration_error_plan,
    ownership_problem,
    reconnect_email,
)

NOW = datetime(2026, 11, 28, 10, 0, tzinfo=UTC)


def parsed(**overrides: object) -> ParsedEmail:
    fields: dict[str, object] = {
        "sync_id": uuid4(),
        "integration_id": 1,
        "user_id": 2,
        "tenant_id": 3,
        "provider": Provider.MAILDIR,
        "provider_message_id": "m1",
        "status": ParseStatus.OK,
        "is_job": True,
        "category": Category.REQUIREMENT,
        "confidence": 0.9,
        "jobs": [ExtractedJob(title="Sr Java Developer"), ExtractedJob(title="QA Lead")],
        "extractor": Extractor(name="rules", version="1.0.0"),
    }
    fields.update(overrides)
    return ParsedEmail(**fields)


def test_confident_requirement_creates_one_job_per_extracted_job() -> None:
    decision = decide(parsed())
    assert decision.result is EmailResult.JOB_CREATED
    assert [(i, j.title) for i, j in decision.jobs] == [(0, "Sr Java Developer"), (1, "QA Lead")]


def test_failed_parse_is_recorded_as_failed() -> None:
    decision = decide(parsed(status=ParseStatus.FAILED, is_job=False, jobs=[]))
    assert decision.result is EmailResult.FAILED and decision.skip_reason == PARSING_FAILED


def test_not_a_job_is_skipped_as_not_job() -> None:
    decision = decide(parsed(is_job=False, category=Category.HOTLIST, jobs=[]))
    assert (decision.result, decision.skip_reason) == (EmailResult.SKIPPED, "not_job")


@pytest.mark.parametrize(
    ("confidence", "threshold", "skipped"),
    [(0.69, 0.7, True), (0.7, 0.7, False), (0.5, 0.4, False)],
)
def test_low_confidence_is_skipped_with_its_score(
    confidence: float, threshold: float, skipped: bool
) -> None:
    decision = decide(parsed(confidence=confidence), threshold=threshold)
    if skipped:
        assert decision.result is EmailResult.SKIPPED
        assert decision.skip_reason == f"low_confidence_{confidence:.2f}"
    else:
        assert decision.result is EmailResult.JOB_CREATED


def test_job_email_without_jobs_is_skipped() -> None:
    decision = decide(parsed(jobs=[]))
    assert (decision.result, decision.skip_reason) == (EmailResult.SKIPPED, "no_jobs_extracted")


def expiry(**overrides: object) -> IntegrationError:
    fields: dict[str, object] = {
        "integration_id": 1,
        "user_id": 2,
        "tenant_id": 3,
        "provider": Provider.GMAIL,
        "sync_id": uuid4(),
        "error_type": IntegrationErrorType.TOKEN_EXPIRED,
        "error_message": "invalid_grant",
        "occurred_at": NOW,
    }
    fields.update(overrides)
    return IntegrationError(**fields)


def test_token_expired_disables_an_active_integration_and_emails_its_user() -> None:
    event = expiry()
    plan = integration_error_plan(event, IntegrationContact(True, "gmail", "u@x.test"))
    assert plan.disable and plan.error_text == "Token expired - please reconnect"
    assert plan.emails == (
        EmailToSend(RECONNECT, str(event.sync_id), "u@x.test", *reconnect_email("gmail")),
    )
    assert plan.token_failed_at == event.occurred_at  # token health: failed


def test_token_expired_for_an_integration_already_disabled_emails_nobody() -> None:
    # a second failed sync's event, or a redelivery: the first one disabled it and emailed
    plan = integration_error_plan(expiry(), IntegrationContact(False, "gmail", "u@x.test"))
    assert plan.disable and plan.emails == ()


def test_token_expired_for_a_user_without_address_emails_nobody() -> None:
    plan = integration_error_plan(expiry(), IntegrationContact(True, "gmail", None))
    assert plan.disable and plan.emails == ()


def test_other_integration_errors_are_logged_not_disabling() -> None:
    event = expiry(error_type=IntegrationErrorType.TRANSIENT, error_message="timeout")
    plan = integration_error_plan(event, IntegrationContact(True, "gmail", "u@x.test"))
    assert (plan.disable, plan.error_text, plan.emails) == (False, "timeout", ())
    assert plan.token_failed_at is None  # the sign-in itself is fine


def test_reconnect_email_names_the_provider() -> None:
    subject, body = reconnect_email("gmail")
    assert subject == "Action Required: Reconnect Your Email Integration"
    assert "Gmail email integration has been disconnected" in body


def test_an_email_of_the_integrations_own_tenant_and_user_may_be_applied() -> None:
    assert ownership_problem(parsed(), (3, 2)) is None


@pytest.mark.parametrize(
    ("owner", "problem"),
    [
        (None, "unknown integration 1"),
        ((4, 2), "integration 1 belongs to tenant 4 user 2, not tenant 3 user 2"),
        ((3, 9), "integration 1 belongs to tenant 3 user 9, not tenant 3 user 2"),
    ],
)
def test_an_unknown_or_foreign_integration_is_refused(
    owner: tuple[int, int] | None, problem: str
) -> None:
    assert ownership_problem(parsed(), owner) == problem


def test_a_message_another_mailbox_took_makes_no_jobs() -> None:
    decision = decide(parsed(), seen_elsewhere=True)
    assert (decision.result, decision.skip_reason, decision.jobs) == (
        EmailResult.SKIPPED,
        SAME_MESSAGE,
        [],
    )
    # a failed parse stays failed: nothing to take from it in either mailbox
    failed = decide(parsed(status=ParseStatus.FAILED, is_job=False, jobs=[]), seen_elsewhere=True)
    assert failed.result is EmailResult.FAILED
