"""A mailbox's sign-in (refresh token): when it is known to lapse, its health, and whether its
user is due a warning to reconnect before it does. Pure: the clock is passed in.

What the providers document, and what follows from it:

- Google: the refresh tokens of an app whose OAuth consent screen is in *Testing* lapse 7 days
  after the user consented (``GOOGLE_OAUTH_TESTING``); any refresh token unused for 6 months
  lapses. A sync refreshes the hour-long access token, which counts as a use.
- Microsoft identity platform: a refresh token lapses after 90 days unused; every refresh
  returns a new one, so the 90 days start again at each refresh the fetcher stores.
- IMAP: a password does not lapse (it fails when changed, which only a failed sync tells).

A known lapse is derived from facts the pipeline records (``TokenFacts``); with no fact (rows
from before the facts existed) it is unknown, and nobody is warned.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum

from schemas.contracts.models import Provider

GOOGLE_TESTING_LIFETIME = timedelta(days=7)  # from consent, whatever the use
GOOGLE_UNUSED_LIFETIME = timedelta(days=182)  # six months without a refresh
MICROSOFT_UNUSED_LIFETIME = timedelta(days=90)  # from the newest (rotated) refresh token
# how long before a known lapse the user is warned and the token called expiring
WARN_BEFORE = timedelta(days=2)
RECONNECT_WARNING = "reconnect_warning"  # the outbox kind of a warning before a lapse


class TokenHealth(StrEnum):
    """An integration's sign-in, as the API, the page and the metrics show it."""

    OK = "ok"  # no lapse known within the warning window (or none at all: IMAP)
    EXPIRING = "expiring"  # known to lapse within the warning window (or past it, not failed yet)
    FAILED = "failed"  # a sync found it expired or revoked: only a reconnect helps
    NONE = "none"  # nothing stored (disconnected)


@dataclass(frozen=True)
class TokenFacts:
    """What is recorded about an integration's refresh token (services.db.token_facts)."""

    provider: str
    has_credentials: bool
    granted_at: datetime | None  # the user signed in (connect or reconnect)
    refreshed_at: datetime | None  # a sync stored it refreshed (a use; Microsoft rotated it)
    failed_at: datetime | None  # a sync found it expired or revoked


@dataclass(frozen=True)
class TokenLapsePolicy:
    """The deployment's part: whether its Google OAuth app is in Testing, how early to warn."""

    google_testing: bool = False
    warn_before: timedelta = WARN_BEFORE


def _last_use(facts: TokenFacts) -> datetime | None:
    known = [t for t in (facts.granted_at, facts.refreshed_at) if t is not None]
    return max(known) if known else None


def lapse_at(facts: TokenFacts, policy: TokenLapsePolicy) -> datetime | None:
    """When the stored refresh token is known to stop working; None when no lapse is known."""
    last_use = _last_use(facts)
    if last_use is None:
        return None
    if facts.provider == Provider.GMAIL:
        unused = last_use + GOOGLE_UNUSED_LIFETIME
        if policy.google_testing and facts.granted_at is not None:
            return min(facts.granted_at + GOOGLE_TESTING_LIFETIME, unused)
        return unused
    if facts.provider == Provider.OUTLOOK:
        return last_use + MICROSOFT_UNUSED_LIFETIME
    return None  # IMAP passwords and maildirs do not lapse


def token_health(facts: TokenFacts, *, now: datetime, policy: TokenLapsePolicy) -> TokenHealth:
    if facts.failed_at is not None:
        return TokenHealth.FAILED
    if not facts.has_credentials:
        return TokenHealth.NONE
    lapse = lapse_at(facts, policy)
    if lapse is not None and lapse - now <= policy.warn_before:
        return TokenHealth.EXPIRING
    return TokenHealth.OK


def reconnect_warning_due(
    facts: TokenFacts, *, active: bool, now: datetime, policy: TokenLapsePolicy
) -> datetime | None:
    """The lapse the integration's user should be warned about now, or None.

    Due for an active integration whose token has not failed and is known to lapse within the
    warning window, but not yet lapsed: after the lapse the next sync fails, and the failure's
    own reconnect email (once per disconnection) takes over. The lapse identifies the event, so
    a warning is sent once per lapse (``warning_key``), however often this is asked."""
    if not active or facts.failed_at is not None or not facts.has_credentials:
        return None
    lapse = lapse_at(facts, policy)
    if lapse is None or not now < lapse <= now + policy.warn_before:
        return None
    return lapse


def warning_key(lapse: datetime) -> str:
    """The outbox event key of the warning about ``lapse`` (whole seconds, UTC)."""
    return lapse.astimezone(UTC).strftime("lapse-%Y-%m-%dT%H:%M:%SZ")


def reconnect_warning_email(provider: str, lapse: datetime) -> tuple[str, str]:
    """Subject and body of the warning sent before a known lapse."""
    when = lapse.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")
    subject = "Action Required Soon: Reconnect Your Email Integration"
    body = (
        f"Your {provider.title()} email integration's sign-in expires on {when}. After that "
        "it stops syncing until you reconnect it.\n\nPlease log in and reconnect your email "
        "account in Settings → Integrations before then.\n"
    )
    return subject, body
