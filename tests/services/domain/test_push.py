"""Push rules: debounce, replays, reasons and push health. Pure: no servers."""

from __future__ import annotations

import base64
import json
import uuid
from datetime import UTC, datetime, timedelta

from schemas.contracts.models import SyncReason
from services.domain.push import (
    IMAP_IDLE,
    PENDING_TTL,
    PROVIDER_WATCH,
    Debounced,
    GmailNotification,
    PendingPush,
    PushState,
    RequestPushSync,
    WatchFacts,
    age_seconds,
    counts_against_start_budget,
    decide_push_request,
    is_newer_notification,
    parse_gmail_notification,
    push_claims_problem,
    push_state,
    renewal_due,
    waits_for_running_sync,
    watch_lifetime,
)

NOW = datetime(2026, 12, 6, 7, 0, tzinfo=UTC)


def test_a_burst_of_notifications_requests_one_sync_until_it_starts() -> None:
    pending = PendingPush()
    requested = []
    for _ in range(50):
        decision = decide_push_request(pending, now=NOW, new_sync_id=uuid.uuid4())
        if isinstance(decision, RequestPushSync):
            requested.append(decision.sync_id)
            pending = PendingPush(decision.sync_id, NOW)  # what the caller writes
        else:
            assert decision == Debounced(requested[0])
    assert len(requested) == 1
    # the sync started (the mark is cleared): the next notification requests the next sync
    after_start = decide_push_request(PendingPush(), now=NOW, new_sync_id=uuid.uuid4())
    assert isinstance(after_start, RequestPushSync)


def test_a_pending_mark_older_than_its_ttl_is_taken_for_lost() -> None:
    lost = PendingPush(uuid.uuid4(), NOW - PENDING_TTL)
    assert isinstance(decide_push_request(lost, now=NOW, new_sync_id=uuid.uuid4()), RequestPushSync)
    fresh = PendingPush(uuid.uuid4(), NOW - PENDING_TTL + timedelta(seconds=1))
    assert isinstance(decide_push_request(fresh, now=NOW, new_sync_id=uuid.uuid4()), Debounced)


def test_a_notification_not_newer_than_the_last_is_a_replay() -> None:
    assert is_newer_notification(100, None)
    assert is_newer_notification(101, 100)
    assert not is_newer_notification(100, 100)  # the same delivery again
    assert not is_newer_notification(99, 100)  # overtaken: the later one's sync reads it


def test_only_push_syncs_skip_the_start_budget_and_wait_for_a_running_sync() -> None:
    assert [counts_against_start_budget(r) for r in SyncReason] == [False, True, True]
    assert [waits_for_running_sync(r) for r in SyncReason] == [True, False, False]


def test_push_state_follows_the_watch() -> None:
    day = timedelta(days=1)
    fresh = WatchFacts(NOW + 7 * day, NOW - timedelta(hours=1), None)
    assert push_state(WatchFacts(None, None, None), now=NOW) is PushState.OFF
    assert push_state(fresh, now=NOW) is PushState.ACTIVE
    assert not renewal_due(fresh, now=NOW)
    old = WatchFacts(NOW + 6 * day, NOW - day, None)
    assert push_state(old, now=NOW) is PushState.RENEWING and renewal_due(old, now=NOW)
    lapsing = WatchFacts(NOW + timedelta(hours=30), NOW - 5 * day, None)
    assert push_state(lapsing, now=NOW) is PushState.EXPIRING
    lapsed = WatchFacts(NOW - timedelta(hours=1), NOW - 8 * day, None)
    assert push_state(lapsed, now=NOW) is PushState.EXPIRING and renewal_due(lapsed, now=NOW)
    failed = WatchFacts(NOW + 6 * day, NOW - day, "RateLimited: gmail watch: HTTP 429")
    assert push_state(failed, now=NOW) is PushState.FAILED and renewal_due(failed, now=NOW)
    assert renewal_due(WatchFacts(None, None, None), now=NOW)  # never established


def test_an_imap_idle_is_active_while_its_lease_holds_and_expiring_once_it_lapsed() -> None:
    imap = watch_lifetime("imap")
    assert imap is IMAP_IDLE and watch_lifetime("gmail") is PROVIDER_WATCH
    held = WatchFacts(NOW + timedelta(minutes=57), NOW - timedelta(minutes=20), None)
    assert push_state(held, now=NOW, lifetime=imap) is PushState.ACTIVE
    # the same facts under a Gmail watch's lifetime would be expiring within the hour
    assert push_state(held, now=NOW) is PushState.EXPIRING
    lapsed = WatchFacts(NOW - timedelta(seconds=1), NOW - timedelta(hours=2), None)
    assert push_state(lapsed, now=NOW, lifetime=imap) is PushState.EXPIRING
    failed = WatchFacts(NOW + timedelta(minutes=5), NOW - timedelta(minutes=50), "auth")
    assert push_state(failed, now=NOW, lifetime=imap) is PushState.FAILED


def test_ages_are_seconds_since_or_none() -> None:
    assert age_seconds(None, now=NOW) is None
    assert age_seconds(NOW - timedelta(minutes=2), now=NOW) == 120.0
    assert age_seconds(NOW + timedelta(seconds=5), now=NOW) == 0.0  # clock skew


SERVICE_ACCOUNT = "gmail-push@reqstream-test.iam.gserviceaccount.com"
GOOD_CLAIMS = {
    "iss": "https://accounts.google.com",
    "email": SERVICE_ACCOUNT,
    "email_verified": True,
    "aud": "https://api.example.test/push/gmail",
}


def test_push_token_claims_must_be_our_verified_service_account_from_google() -> None:
    assert push_claims_problem(GOOD_CLAIMS, service_account=SERVICE_ACCOUNT) is None
    plain_issuer = {**GOOD_CLAIMS, "iss": "accounts.google.com"}
    assert push_claims_problem(plain_issuer, service_account=SERVICE_ACCOUNT) is None
    for changed in (
        {"iss": "https://evil.example.test"},
        {"email": "someone@evil.example.test"},
        {"email_verified": False},
        {"email_verified": "true"},  # a string is not a verified address
    ):
        claims = {**GOOD_CLAIMS, **changed}
        assert push_claims_problem(claims, service_account=SERVICE_ACCOUNT) is not None
    no_email = {k: v for k, v in GOOD_CLAIMS.items() if k != "email"}
    assert push_claims_problem(no_email, service_account=SERVICE_ACCOUNT) is not None
    # a deployment without a configured service account accepts no token
    assert push_claims_problem({**GOOD_CLAIMS, "email": ""}, service_account="") is not None


def b64(payload: object) -> str:
    return base64.b64encode(json.dumps(payload).encode()).decode()


def test_gmail_notification_data_is_parsed_or_refused() -> None:
    parsed = parse_gmail_notification(b64({"emailAddress": "Rec@Gmail.test", "historyId": 9876}))
    assert parsed == GmailNotification("rec@gmail.test", 9876)
    as_text = parse_gmail_notification(b64({"emailAddress": "a@b.test", "historyId": "12"}))
    assert as_text == GmailNotification("a@b.test", 12)
    for bad in (
        None,
        "not base64!",
        b64([1, 2]),
        b64({"emailAddress": "a@b.test"}),
        b64({"emailAddress": "nobody", "historyId": 1}),
        b64({"emailAddress": "a@b.test", "historyId": -1}),
        b64({"emailAddress": "a@b.test", "historyId": True}),
        b64({"emailAddress": "a@b.test", "historyId": "1e9"}),
        "A" * 5000,
    ):
        assert parse_gmail_notification(bad) is None
