"""Every email.sync.requested example through the fetcher's rules; outputs are valid email.raw."""

from datetime import timedelta

import pytest

from schemas.contracts.models import SyncReason, SyncRequested
from schemas.contracts.topics import Topic
from services.domain.integrations import IntegrationState
from services.fetcher.handler import (
    Coalesced,
    Deferred,
    Fetch,
    Lease,
    MessageRef,
    StartFacts,
    StartPolicy,
    build_raw_email,
    integration_problem,
    plan_start,
)
from tests.contracts import assert_valid, decoded_examples

RAW = b"Message-ID: <a@example.test>\r\nSubject: Java Developer\r\n\r\nRole: Java Developer\r\n"


@pytest.mark.parametrize(("name", "request_"), list(decoded_examples(Topic.EMAIL_SYNC_REQUESTED)))
def test_every_sync_request_example_yields_valid_raw_emails(
    name: str, request_: SyncRequested
) -> None:
    state = IntegrationState(request_.integration_id, request_.user_id, request_.tenant_id, True)
    assert integration_problem(request_, state) is None
    ref = MessageRef("a@example.test", "t1", request_.requested_at, "Java Developer")
    for limit in (10_000, 10):  # inline and out-of-band
        message, _blob = build_raw_email(request_, ref, RAW, max_inline=limit)
        assert_valid(Topic.EMAIL_RAW, message)


@pytest.mark.parametrize(("name", "request_"), list(decoded_examples(Topic.EMAIL_SYNC_REQUESTED)))
def test_every_sync_request_example_is_started_by_its_reason(
    name: str, request_: SyncRequested
) -> None:
    state = IntegrationState(request_.integration_id, request_.user_id, request_.tenant_id, True)
    now = request_.requested_at
    facts = StartFacts("running", None, state, Lease(None, None), [], [["java developer"]])
    assert isinstance(plan_start(request_, facts, now=now, policy=StartPolicy()), Fetch)
    busy = StartFacts(
        "running", None, state, Lease("other", now + timedelta(minutes=1)), [], [["java"]]
    )
    plan = plan_start(request_, busy, now=now, policy=StartPolicy())
    # a push sync waits for the running one; cron and manual ones (and requests without a
    # reason, from before it existed) are folded into it
    expected = Deferred if request_.sync_reason is SyncReason.PUSH else Coalesced
    assert isinstance(plan, expected)
