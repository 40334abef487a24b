"""Sign-in health and reconnect warnings: known lapses per provider, the health shown, when a
warning is due and its once-per-lapse key. Pure: no servers."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from services.domain.token_health import (
    TokenFacts,
    TokenHealth,
    TokenLapsePolicy,
    lapse_at,
    reconnect_warning_due,
    reconnect_warning_email,
    token_health,
    warning_key,
)

NOW = datetime(2026, 12, 6, 9, 0, tzinfo=UTC)
TESTING = TokenLapsePolicy(google_testing=True)
PRODUCTION = TokenLapsePolicy()


def facts(
    provider: str,
    *,
    granted: timedelta | None = None,
    refreshed: timedelta | None = None,
    failed: bool = False,
    credentials: bool = True,
) -> TokenFacts:
    """Facts with times given as how long ago."""
    return TokenFacts(
        provider=provider,
        has_credentials=credentials,
        granted_at=None if granted is None else NOW - granted,
        refreshed_at=None if refreshed is None else NOW - refreshed,
        failed_at=NOW if failed else None,
    )


def test_a_google_testing_app_token_lapses_seven_days_after_consent_whatever_its_use() -> None:
    gmail = facts("gmail", granted=timedelta(days=3), refreshed=timedelta(minutes=5))
    assert lapse_at(gmail, TESTING) == NOW + timedelta(days=4)
    # in production only six months without a refresh lapse it
    assert lapse_at(gmail, PRODUCTION) == NOW - timedelta(minutes=5) + timedelta(days=182)


def test_a_microsoft_token_lapses_ninety_days_after_its_last_refresh() -> None:
    outlook = facts("outlook", granted=timedelta(days=200), refreshed=timedelta(days=89))
    assert lapse_at(outlook, PRODUCTION) == NOW + timedelta(days=1)
    assert lapse_at(facts("outlook", granted=timedelta(days=1)), TESTING) == NOW + timedelta(
        days=89
    )


@pytest.mark.parametrize("provider", ["imap", "maildir"])
def test_a_password_never_lapses(provider: str) -> None:
    imap = facts(provider, granted=timedelta(days=5000))
    assert lapse_at(imap, TESTING) is None
    assert token_health(imap, now=NOW, policy=TESTING) is TokenHealth.OK
    assert reconnect_warning_due(imap, active=True, now=NOW, policy=TESTING) is None


def test_no_recorded_fact_means_no_known_lapse() -> None:
    legacy = facts("gmail")  # a row from before the facts were recorded
    assert lapse_at(legacy, TESTING) is None
    assert token_health(legacy, now=NOW, policy=TESTING) is TokenHealth.OK


@pytest.mark.parametrize(
    ("granted_days_ago", "health"),
    [
        (1, TokenHealth.OK),
        (4.9, TokenHealth.OK),
        (5, TokenHealth.EXPIRING),
        (8, TokenHealth.EXPIRING),
    ],
)
def test_health_turns_expiring_within_the_warning_window(
    granted_days_ago: float, health: TokenHealth
) -> None:
    gmail = facts("gmail", granted=timedelta(days=granted_days_ago))
    assert token_health(gmail, now=NOW, policy=TESTING) is health


def test_a_failed_token_is_failed_and_a_wiped_one_none() -> None:
    assert token_health(facts("outlook", failed=True), now=NOW, policy=PRODUCTION) is (
        TokenHealth.FAILED
    )
    wiped = facts("outlook", granted=timedelta(days=1), credentials=False)
    assert token_health(wiped, now=NOW, policy=PRODUCTION) is TokenHealth.NONE


def test_a_warning_is_due_only_inside_the_window_before_the_lapse() -> None:
    def due(days_ago: float) -> datetime | None:
        gmail = facts("gmail", granted=timedelta(days=days_ago))
        return reconnect_warning_due(gmail, active=True, now=NOW, policy=TESTING)

    assert due(4) is None  # three days left: not yet
    assert due(5.5) == NOW + timedelta(days=1.5)
    assert due(7) is None  # lapsed: the failure's own reconnect email takes over
    assert due(9) is None


def test_no_warning_for_an_inactive_failed_or_wiped_integration() -> None:
    def due(item: TokenFacts, active: bool = True) -> datetime | None:
        return reconnect_warning_due(item, active=active, now=NOW, policy=TESTING)

    soon = timedelta(days=6)
    assert due(facts("gmail", granted=soon)) is not None
    assert due(facts("gmail", granted=soon), active=False) is None
    assert due(facts("gmail", granted=soon, failed=True)) is None
    assert due(facts("gmail", granted=soon, credentials=False)) is None


def test_the_warning_key_names_the_lapse_so_each_lapse_is_warned_once() -> None:
    gmail = facts("gmail", granted=timedelta(days=6))
    keys = {
        warning_key(lapse)
        for tick in range(0, 24 * 60, 15)  # every cron tick of a day
        if (
            lapse := reconnect_warning_due(
                gmail, active=True, now=NOW + timedelta(minutes=tick), policy=TESTING
            )
        )
    }
    assert keys == {"lapse-2026-12-07T09:00:00Z"}
    reconnected = facts("gmail", granted=timedelta(days=-0.5))  # a reconnect: a new lapse
    later = NOW + timedelta(days=6)
    lapse = reconnect_warning_due(reconnected, active=True, now=later, policy=TESTING)
    assert lapse is not None and warning_key(lapse) != "lapse-2026-12-07T09:00:00Z"


def test_the_warning_email_names_the_provider_and_the_date() -> None:
    subject, body = reconnect_warning_email("outlook", datetime(2026, 12, 8, 14, 30, tzinfo=UTC))
    assert "Reconnect" in subject and "\n" not in subject
    assert "Outlook" in body and "2026-12-08 14:30 UTC" in body
