"""Push notifications: which notification requests a sync (debounce, replays), how a sync's
reason limits its start, and an integration's push health.

Debounce: a notification requests a sync only when none is pending for the integration; the
pending mark is set by whoever requests the push sync (in the same transaction that decides) and
cleared when that sync starts. With the fetcher's lease (one running sync per integration) a
burst of notifications makes at most one running and one pending sync: notifications that
arrive while one is pending are already covered by it, because it reads the mailbox's changes
only when it starts. A pending mark older than ``PENDING_TTL`` is taken for lost (its request
was dead-lettered, say) and no longer holds notifications back; the cron is the safety net.

Pure: no I/O; the clock and ids are passed in.
"""

from __future__ import annotations

import base64
import json
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from schemas.contracts.models import Provider, SyncReason

# longer than a sync may wait for the integration's lease (the fetcher's lease lasts 10 min)
PENDING_TTL = timedelta(minutes=15)
# push syncs one mailbox may start per period: a busy mailbox cannot take every sync slot
PUSH_SYNCS_PER_PERIOD = 20
# a Gmail watch lapses after 7 days; it is renewed daily, and called expiring when less than
# two renewals are left
WATCH_RENEW_EVERY = timedelta(days=1)
WATCH_EXPIRING_WITHIN = timedelta(days=2)
MAX_NOTIFICATION_CHARS = 2048  # a Gmail notification's base64 data is ~100 characters


@dataclass(frozen=True)
class PendingPush:
    """The push sync requested for an integration and not started yet (both None: none)."""

    sync_id: uuid.UUID | None = None
    since: datetime | None = None


@dataclass(frozen=True)
class RequestPushSync:
    """Emit a push sync request with ``sync_id`` and mark it pending."""

    sync_id: uuid.UUID


@dataclass(frozen=True)
class Debounced:
    """A push sync is already pending: it will read this notification's changes too."""

    pending: uuid.UUID


PushDecision = RequestPushSync | Debounced


def decide_push_request(
    pending: PendingPush, *, now: datetime, new_sync_id: uuid.UUID, ttl: timedelta = PENDING_TTL
) -> PushDecision:
    """Whether a notification requests a sync, given what is pending for its integration."""
    if pending.sync_id is not None and pending.since is not None and now - pending.since < ttl:
        return Debounced(pending.sync_id)
    return RequestPushSync(new_sync_id)


def is_newer_notification(history_id: int, last_history_id: int | None) -> bool:
    """A mailbox's notifications carry increasing history ids: one not above the last accepted
    is a replay or an overtaken duplicate, whose changes the earlier one's sync reads anyway."""
    return last_history_id is None or history_id > last_history_id


def counts_against_start_budget(reason: SyncReason) -> bool:
    """The fetchers' N-starts-per-period budget (and a tenant's share of it) is for cron and
    manual syncs; push syncs are limited per mailbox instead."""
    return reason is not SyncReason.PUSH


def waits_for_running_sync(reason: SyncReason) -> bool:
    """A push sync that finds another sync running waits for it instead of being coalesced: the
    running one may have read the mailbox before the notified change arrived."""
    return reason is SyncReason.PUSH


class PushState(StrEnum):
    """An integration's push connection, as the API shows it."""

    OFF = "off"  # no push for this provider or deployment, or never established
    ACTIVE = "active"  # a watch is in place and fresh
    RENEWING = "renewing"  # renewal is due; the next sync renews it
    EXPIRING = "expiring"  # the watch lapses soon (or did): renewals have not happened
    FAILED = "failed"  # the last attempt to establish or renew it failed


@dataclass(frozen=True)
class WatchFacts:
    expires_at: datetime | None
    renewed_at: datetime | None
    error: str | None


@dataclass(frozen=True)
class WatchLifetime:
    """When a provider's watch counts as due for renewal and as expiring (``push_state``)."""

    renew_every: timedelta
    expiring_within: timedelta


# Gmail watches and Graph subscriptions: renewed daily by a sync, lapsing after days
PROVIDER_WATCH = WatchLifetime(WATCH_RENEW_EVERY, WATCH_EXPIRING_WITHIN)
# an IMAP IDLE: its watcher refreshes a short lease at every (re-)issue, so it is never
# "renewing"; a lapsed lease means no watcher holds the IDLE any more (expiring)
IMAP_IDLE = WatchLifetime(renew_every=timedelta.max, expiring_within=timedelta(0))


def watch_lifetime(provider: str) -> WatchLifetime:
    return IMAP_IDLE if provider == Provider.IMAP.value else PROVIDER_WATCH


def push_state(
    facts: WatchFacts,
    *,
    now: datetime,
    lifetime: WatchLifetime = PROVIDER_WATCH,
) -> PushState:
    renew_every, expiring_within = lifetime.renew_every, lifetime.expiring_within
    if facts.error is not None:
        return PushState.FAILED
    if facts.expires_at is None:
        return PushState.OFF
    if facts.expires_at - now < expiring_within:
        return PushState.EXPIRING
    if renewal_due(facts, now=now, renew_every=renew_every):
        return PushState.RENEWING
    return PushState.ACTIVE


def renewal_due(
    facts: WatchFacts, *, now: datetime, renew_every: timedelta = WATCH_RENEW_EVERY
) -> bool:
    """Whether a sync should (re-)establish the watch: never done, failed, or a day old."""
    if facts.error is not None or facts.expires_at is None or facts.renewed_at is None:
        return True
    return now - facts.renewed_at >= renew_every or facts.expires_at <= now


def age_seconds(since: datetime | None, *, now: datetime) -> float | None:
    """Seconds since ``since`` (cursor age, last notification), None when never."""
    return None if since is None else max(0.0, (now - since).total_seconds())


# who signs Pub/Sub push tokens (an OIDC id token of the subscription's service account)
GOOGLE_ISSUERS = frozenset({"accounts.google.com", "https://accounts.google.com"})


def push_claims_problem(claims: Mapping[str, Any], *, service_account: str) -> str | None:
    """Why the claims of a push token whose signature, expiry and audience google-auth checked
    are not our subscription's (None: they are): Google's issuer, our push service account, its
    address verified."""
    if claims.get("iss") not in GOOGLE_ISSUERS:
        return "issuer"
    if not service_account or claims.get("email") != service_account:
        return "service account"
    if claims.get("email_verified") is not True:
        return "email not verified"
    return None


@dataclass(frozen=True)
class GmailNotification:
    """A Gmail Pub/Sub message: this mailbox changed up to this history id."""

    email_address: str
    history_id: int


def parse_gmail_notification(data_b64: object) -> GmailNotification | None:
    """The base64 JSON ``{"emailAddress", "historyId"}`` of a Pub/Sub message; None when it is
    anything else."""
    if not isinstance(data_b64, str) or len(data_b64) > MAX_NOTIFICATION_CHARS:
        return None
    try:
        payload = json.loads(base64.b64decode(data_b64, validate=True))
    except (ValueError, UnicodeDecodeError):
        return None
    if not isinstance(payload, dict):
        return None
    address, history = payload.get("emailAddress"), payload.get("historyId")
    if not isinstance(address, str) or "@" not in address or len(address) > 320:
        return None
    # Gmail sends the history id as a number; a decimal string is accepted too
    if isinstance(history, bool) or not isinstance(history, int | str):
        return None
    text = str(history)
    if not text.isdigit() or len(text) > 19:
        return None
    return GmailNotification(address.strip().lower(), int(text))
