import base64
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from uuid import uuid4

import pytest

from schemas.contracts.models import Provider, SyncReason, SyncRequested
from services.domain.integrations import IntegrationState
from services.fetcher.handler import (
    EXHAUSTED_PREFIX,
    INACTIVE_MESSAGE,
    AlreadyFinished,
    Coalesced,
    Deferred,
    Fetch,
    Lease,
    LeasePolicy,
    MessageRef,
    NoKeywords,
    Rejected,
    StartFacts,
    StartPlan,
    StartPolicy,
    Throttled,
    build_raw_email,
    integration_problem,
    lease_until,
    other_live_holder,
    plan_start,
    rate_limit_wait,
    search_keywords,
    select_emails,
    subject_matches,
)

NOW = datetime(2026, 11, 28, 10, 0, tzinfo=UTC)
REQUEST = SyncRequested(
    sync_id=uuid4(),
    integration_id=7,
    user_id=2,
    tenant_id=3,
    provider=Provider.MAILDIR,
    requested_at=NOW,
)


def ref(mid: str, subject: str, minutes: int = 0) -> MessageRef:
    return MessageRef(mid, None, NOW + timedelta(minutes=minutes), subject)


def test_integration_must_exist_belong_to_user_and_be_active() -> None:
    ok = IntegrationState(id=7, user_id=2, tenant_id=3, is_active=True)
    assert integration_problem(REQUEST, ok) is None
    assert integration_problem(REQUEST, None) == INACTIVE_MESSAGE
    assert integration_problem(REQUEST, IntegrationState(7, 99, 3, True)) == INACTIVE_MESSAGE
    assert integration_problem(REQUEST, IntegrationState(7, 2, 3, False)) == INACTIVE_MESSAGE


def test_keywords_are_unique_case_folded_and_trimmed() -> None:
    roles = [["Java Developer", " java   developer "], ["Data Engineer", ""], []]
    assert search_keywords(roles) == ["data engineer", "java developer"]


def test_subject_match_is_case_insensitive_substring() -> None:
    assert subject_matches("URGENT: Sr JAVA  Developer - Dallas, TX", ["java developer"])
    assert not subject_matches("Lunch on Friday?", ["java developer"])


def test_select_skips_processed_and_non_matching_and_caps_oldest_first() -> None:
    refs = [ref(f"m{i}", "Java Developer role", minutes=-i) for i in range(60)]
    refs.append(ref("other", "Lunch?"))
    picked = select_emails(refs, keywords=["java developer"], already_processed={"m59"}, limit=50)
    ids = [r.provider_message_id for r in picked]
    assert len(ids) == 50
    assert "m59" not in ids and "other" not in ids
    assert ids[0] == "m58"  # oldest unprocessed first; the newest wait for the next sync


def test_select_deduplicates_listed_ids() -> None:
    refs = [ref("a", "Java Developer"), ref("a", "Java Developer")]
    assert len(select_emails(refs, keywords=["java developer"], already_processed=set())) == 1


def test_rate_limit_allows_ten_per_minute() -> None:
    nine = [NOW - timedelta(seconds=s) for s in range(1, 10)]
    assert rate_limit_wait(nine, NOW) == 0.0
    ten = [NOW - timedelta(seconds=s) for s in range(5, 55, 5)]
    assert rate_limit_wait(ten, NOW) == 10.0  # the oldest (50 s ago) expires in 10 s
    old = [NOW - timedelta(minutes=2)] * 20
    assert rate_limit_wait(old, NOW) == 0.0


def test_small_email_is_inlined_as_base64() -> None:
    raw = b"Subject: Java Developer\r\n\r\nRole: Java Developer\r\n"
    message, blob = build_raw_email(REQUEST, ref("m1", "Java Developer"), raw)
    assert blob is None
    assert message.raw_b64 is not None and base64.b64decode(message.raw_b64) == raw
    assert message.raw_size == len(raw) and message.raw_ref is None


def test_oversized_email_goes_out_of_band_with_a_stable_reference() -> None:
    raw = b"Subject: big\r\n\r\n" + b"x" * 2000
    message, blob = build_raw_email(REQUEST, ref("m1", "big"), raw, max_inline=1000)
    assert blob == raw
    assert message.raw_b64 is None and message.raw_ref is not None
    again, _ = build_raw_email(REQUEST, ref("m1", "big"), raw, max_inline=1000)
    assert again.raw_ref == message.raw_ref


def facts(**changes: object) -> StartFacts:
    base = StartFacts(
        run_status="running",
        run_message=None,
        integration=IntegrationState(id=7, user_id=2, tenant_id=3, is_active=True),
        lease=Lease(None, None),
        recent_starts=[],
        preferred_roles=[["Java Developer"]],
    )
    return replace(base, **changes)  # type: ignore[arg-type]  # test-only field overrides


POLICY = StartPolicy(syncs_per_period=2, rate_period=timedelta(minutes=1))


def test_plan_start_fetches_with_keywords_and_a_lease_until_now_plus_its_duration() -> None:
    plan = plan_start(REQUEST, facts(), now=NOW, policy=POLICY)
    assert plan == Fetch(("java developer",), NOW + POLICY.lease.duration)


def test_plan_start_follows_the_seeds_order_of_checks() -> None:
    other = Lease("another-sync", NOW + timedelta(seconds=1))
    full = [NOW - timedelta(seconds=10), NOW - timedelta(seconds=5)]
    inactive = IntegrationState(7, 2, 3, is_active=False)

    def plan(**changes: object) -> StartPlan:
        return plan_start(REQUEST, facts(**changes), now=NOW, policy=POLICY)

    # each rule wins over every rule after it
    assert plan(run_status="success", integration=inactive) == AlreadyFinished("success")
    assert plan(integration=inactive, lease=other) == Rejected(INACTIVE_MESSAGE)
    assert plan(lease=other, recent_starts=full) == Coalesced("another-sync")
    assert plan(recent_starts=full, preferred_roles=[]) == Throttled(50.0, 50.0)
    assert plan(preferred_roles=[]) == NoKeywords()
    # a run that failed only for want of the provider runs again (re-drive)
    redrive = plan(run_status="failed", run_message=f"{EXHAUSTED_PREFIX}: 503")
    assert isinstance(redrive, Fetch)


def test_a_lease_is_free_when_empty_own_or_expired() -> None:
    me = str(REQUEST.sync_id)
    live = NOW + timedelta(seconds=1)
    assert other_live_holder(Lease(None, None), me=me, now=NOW) is None
    assert other_live_holder(Lease(me, live), me=me, now=NOW) is None  # a redelivery resumes
    assert other_live_holder(Lease("x", NOW - timedelta(seconds=1)), me=me, now=NOW) is None
    assert other_live_holder(Lease("x", live), me=me, now=NOW) == "x"
    assert other_live_holder(Lease("x", NOW), me=me, now=NOW) == "x"  # expires after `until`


def test_a_lease_is_renewed_more_often_than_it_lasts() -> None:
    assert lease_until(NOW, LeasePolicy(timedelta(seconds=30), timedelta(seconds=10))) == (
        NOW + timedelta(seconds=30)
    )
    with pytest.raises(ValueError, match="renewed more often"):
        LeasePolicy(duration=timedelta(seconds=10), renew_every=timedelta(seconds=10))


PUSH = REQUEST.model_copy(update={"reason": SyncReason.PUSH})


def test_a_push_sync_waits_for_a_running_sync_instead_of_being_coalesced() -> None:
    # the running sync may have read the mailbox before the notified change arrived
    other = Lease("another-sync", NOW + timedelta(seconds=1))
    assert plan_start(REQUEST, facts(lease=other), now=NOW, policy=POLICY) == Coalesced(
        "another-sync"
    )
    waits = plan_start(PUSH, facts(lease=other), now=NOW, policy=POLICY)
    assert waits == Deferred(POLICY.lease_wait_poll, "another-sync")


def test_push_syncs_skip_the_start_budget_and_are_limited_per_mailbox() -> None:
    full = [NOW - timedelta(seconds=10), NOW - timedelta(seconds=5)]
    policy = replace(POLICY, push_syncs_per_period=2)
    # the cron/manual budget is spent: a cron sync waits, a push sync starts
    assert isinstance(
        plan_start(REQUEST, facts(recent_starts=full), now=NOW, policy=policy), Throttled
    )
    assert isinstance(plan_start(PUSH, facts(recent_starts=full), now=NOW, policy=policy), Fetch)
    # the mailbox's own push starts are spent: only this mailbox's push sync waits
    busy = plan_start(PUSH, facts(push_starts=full), now=NOW, policy=policy)
    assert busy == Deferred(25.0)  # 2 per minute: 30 s after the latest start
    assert isinstance(plan_start(REQUEST, facts(push_starts=full), now=NOW, policy=policy), Fetch)


def test_a_steady_stream_of_push_syncs_waits_one_spacing_not_for_the_window() -> None:
    # 20 per minute, a notification every 2.5 s started at once until now: a sliding window
    # would hold the next for 12.5 s (until the oldest of the 20 expires); spaced, it waits 3 s
    steady = [NOW - timedelta(seconds=2.5 * k) for k in range(20)]
    policy = replace(POLICY, push_syncs_per_period=20, rate_period=timedelta(seconds=60))
    assert plan_start(PUSH, facts(push_starts=steady), now=NOW, policy=policy) == Deferred(3.0)
    later = NOW + timedelta(seconds=3)
    assert isinstance(plan_start(PUSH, facts(push_starts=steady), now=later, policy=policy), Fetch)


def test_a_request_without_a_reason_is_read_as_written_before_reasons_existed() -> None:
    assert REQUEST.reason is None and REQUEST.sync_reason is SyncReason.CRON
    manual = REQUEST.model_copy(update={"manual_trigger": True})
    assert manual.sync_reason is SyncReason.MANUAL
    assert PUSH.sync_reason is SyncReason.PUSH
