"""The sync use case: carry out the handler's start plan, then list, fetch and hand over emails.

Per request: in one transaction under the start lock, read the facts, let ``handler.plan_start``
decide (rejected / coalesced / deferred / throttled / no keywords / fetch) and write what the
plan says; a push sync clears its integration's pending mark there (``services.domain.push``).
For a fetch, a heartbeat renews the integration's lease while the sync runs; the provider lists
and fetches with the retry table; refreshed credentials are stored at once; the run's email list
is recorded and the raw emails returned for publishing. Only ``after_delivery`` (called once the
broker acknowledged them) stores the cursor — and only while the lease is still ours — and
releases the lease. No Kafka here: the wiring turns a ``SyncResult`` into messages.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable, Iterable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial
from typing import Any, Literal, Protocol

from schemas.contracts.models import (
    IntegrationError,
    IntegrationErrorType,
    RawEmail,
    SyncReason,
    SyncRequested,
)
from services.domain.errors import DependencyUnavailable, InvalidMessage, RetriesExhausted
from services.domain.integrations import IntegrationState
from services.domain.push import WatchFacts, renewal_due
from services.fetcher import handler
from services.fetcher.handler import Lease, MessageRef, StartPolicy
from services.fetcher.heartbeat import LeaseHeartbeat
from services.fetcher.providers.base import (
    AuthRevoked,
    Cursor,
    GraphSubscriber,
    MailProvider,
    MessageGone,
    ProviderConfigError,
    PushWatch,
    RateLimited,
    Transient,
)
from services.fetcher.retry import RetryPolicy

log = logging.getLogger(__name__)

# reqstream_syncs_total{outcome}: what became of one sync request
SyncOutcome = Literal[
    "published",  # emails listed and published (possibly none new)
    "no_keywords",  # no candidate preferred roles: success without a search
    "already_finished",  # a redelivered request whose run had completed
    "rejected",  # integration inactive or not the user's: the run records why
    "coalesced",  # another request holds the integration's lease
    "deferred",  # a push sync waits for the running one, or for its mailbox's push budget
    "rate_limited",  # over the global start rate: the request waits and is retried
    "token_expired",  # credentials revoked: integration.error
    "configuration",  # bad integration configuration: integration.error
    "provider_unavailable",  # retries exhausted: the request is dead-lettered
    "unknown_integration",  # no such integration: the request is dead-lettered
]


class SyncRateLimited(DependencyUnavailable):
    # flow control, not a fault: every request waits alike, so it waits in place
    def __init__(self, retry_after: float, everyone_waits: float = 0.0) -> None:
        super().__init__(f"sync rate limit reached; next slot in {retry_after:.1f}s")
        self.retry_after = retry_after
        self.everyone_waits = everyone_waits  # the global budget's wait, for every tenant


class SyncDeferred(Exception):  # noqa: N818  (flow control, like SyncRateLimited)
    """A push sync waits ``retry_after`` s by itself and asks again: nothing was written, and
    its partition goes on meanwhile (only this request waits)."""

    def __init__(self, retry_after: float) -> None:
        super().__init__(f"push sync deferred; asking again in {retry_after:.1f}s")
        self.retry_after = retry_after


@dataclass(frozen=True)
class RunState:
    status: str
    message: str | None


class StartUnit(Protocol):
    """One transaction that holds the start lock (starts are serialised across replicas) and
    the integration's row; everything is rolled back if the block raises."""

    def integration(self, integration_id: int) -> IntegrationState | None: ...
    def start_run(self, request: SyncRequested, now: datetime) -> RunState: ...
    def restart_run(self, request: SyncRequested, now: datetime) -> None: ...
    def lease(self, integration_id: int) -> Lease: ...
    def recent_starts(self, since: datetime) -> list[tuple[int, datetime]]:
        """(tenant id, start time) of the runs started after ``since`` that count against the
        start budget (cron and manual ones, not push)."""
        ...

    def push_starts(self, integration_id: int, since: datetime) -> list[datetime]:
        """Start times of the integration's push runs started after ``since``."""
        ...

    def clear_pending_push(self, integration_id: int, sync_id: str) -> None:
        """The push sync ``sync_id`` starts (or ends at once): a notification from now on may
        request another."""
        ...

    def preferred_roles(self, tenant_id: int) -> list[list[str]]: ...
    def take_lease(self, integration_id: int, owner: str, until: datetime) -> None: ...
    def finish_run(
        self,
        request: SyncRequested,
        *,
        status: str,
        message: str | None,
        now: datetime,
        touch_integration: bool = True,
    ) -> None: ...


class SyncStore(Protocol):
    """Everything the sync reads and writes; each method is its own transaction."""

    def starting(self) -> AbstractContextManager[StartUnit]: ...
    def open_mailbox(self, integration_id: int) -> tuple[MailProvider, Cursor | None]: ...
    def processed_ids(self, integration_id: int, candidates: Iterable[str]) -> set[str]: ...
    def save_credentials(self, integration_id: int, credentials: dict[str, Any]) -> None: ...
    def record_fetch(
        self,
        request: SyncRequested,
        emails: Sequence[tuple[RawEmail, bytes | None]],
        *,
        keywords: int,
        now: datetime,
    ) -> None: ...
    def record_skipped(
        self, request: SyncRequested, skipped: Sequence[tuple[MessageRef, str]], *, now: datetime
    ) -> None: ...
    def renew_lease(self, integration_id: int, owner: str, until: datetime) -> bool: ...
    def complete(
        self, request: SyncRequested, cursor: Cursor | None, *, finished: bool, now: datetime
    ) -> bool: ...
    def finish(
        self, request: SyncRequested, *, status: str, message: str, now: datetime
    ) -> None: ...
    def watch_facts(self, integration_id: int) -> WatchFacts: ...
    def graph_subscription_id(self, integration_id: int) -> str | None: ...
    def record_graph_subscription(
        self, integration_id: int, *, subscription_id: str, client_state: str, now: datetime
    ) -> None:
        """A new Graph subscription and its clientState (stored encrypted)."""
        ...

    def record_watch(
        self,
        integration_id: int,
        *,
        expires_at: datetime | None,
        error: str | None,
        now: datetime,
    ) -> None:
        """A watch was established (``expires_at``) or failed (``error``, tokens-free)."""
        ...


@dataclass(frozen=True)
class SyncResult:
    """What to publish, and what to do once the broker acknowledged it."""

    raw_emails: tuple[RawEmail, ...] = ()
    integration_error: IntegrationError | None = None
    after_delivery: Callable[[], None] | None = None


NOTHING = SyncResult()


@dataclass(frozen=True)
class Fetched:
    listed: int
    emails: list[tuple[MessageRef, bytes]]
    next_cursor: Cursor | None


def _utcnow() -> datetime:
    return datetime.now(UTC)


class SyncMailbox:
    """Runs one sync request to its result; raises SyncRateLimited (wait in place),
    InvalidMessage (unknown integration) or RetriesExhausted (dead-letter for re-drive)."""

    def __init__(
        self,
        *,
        store: SyncStore,
        policy: StartPolicy = StartPolicy(),
        retry: RetryPolicy = RetryPolicy(),
        max_emails: int = handler.MAX_EMAILS_PER_SYNC,
        max_raw: int = handler.MAX_RAW_BYTES,
        clock: Callable[[], datetime] = _utcnow,
        count: Callable[[SyncOutcome], None] = lambda _outcome: None,
        push_topic: str | None = None,
        graph_notification_url: str | None = None,
    ) -> None:
        self._store = store
        self._policy = policy
        self._retry = retry
        self._max_emails = max_emails
        self._max_raw = max_raw
        self._clock = clock
        self._count = count
        self._push_topic = push_topic  # where providers that can push notify; None: no push
        self._graph_url = graph_notification_url  # where Graph notifies; None: no Graph push

    def run(self, request: SyncRequested) -> SyncResult:
        plan, now = self._start(request)
        if not isinstance(plan, handler.Fetch):
            return NOTHING
        log.info("sync started")
        log.info("keywords: %s", ", ".join(plan.keywords))
        heartbeat = self._heartbeat(request)
        try:
            return self._fetch_and_hand_over(request, plan.keywords, now, heartbeat)
        except BaseException:
            heartbeat.stop()
            raise

    def _start(self, request: SyncRequested) -> tuple[handler.StartPlan, datetime]:
        with self._store.starting() as unit:
            # the start time is taken under the lock, so starts are ordered as the rate limit
            # counted them
            now = self._clock()
            state = unit.integration(request.integration_id)
            if state is None:
                self._count("unknown_integration")
                raise InvalidMessage(f"{handler.INACTIVE_MESSAGE}: {request.integration_id}")
            run = unit.start_run(request, now)
            since = now - self._policy.rate_period
            # the run just inserted (started now) is not counted against itself
            starts = [(tenant, t) for tenant, t in unit.recent_starts(since) if t != now]
            pushes = [t for t in unit.push_starts(request.integration_id, since) if t != now]
            facts = handler.StartFacts(
                run_status=run.status,
                run_message=run.message,
                integration=state,
                lease=unit.lease(request.integration_id),
                recent_starts=[t for _, t in starts],
                preferred_roles=unit.preferred_roles(request.tenant_id),
                own_starts=[t for tenant, t in starts if tenant == request.tenant_id],
                active_tenants=len({tenant for tenant, _ in starts} | {request.tenant_id}),
                push_starts=pushes,
            )
            plan = handler.plan_start(request, facts, now=now, policy=self._policy)
            self._carry_out(unit, request, run, plan, now)
            return plan, now

    def _carry_out(
        self,
        unit: StartUnit,
        request: SyncRequested,
        run: RunState,
        plan: handler.StartPlan,
        now: datetime,
    ) -> None:
        owner = str(request.sync_id)
        match plan:
            case handler.Deferred(retry_after, holder):
                self._count("deferred")
                # debug: a waiting push sync asks again every second or so
                log.debug("push sync %s waits (%s)", owner, holder or "mailbox's push budget")
                raise SyncDeferred(retry_after)  # rolls back: still pending, nothing started
            case handler.Throttled(retry_after, everyone_waits):
                self._count("rate_limited")
                raise SyncRateLimited(
                    retry_after, everyone_waits
                )  # rolls back: the run is not started
        if request.sync_reason is SyncReason.PUSH:
            # decided: from now on a notification may request the next push sync
            unit.clear_pending_push(request.integration_id, owner)
        match plan:
            case handler.AlreadyFinished(status):
                log.info("sync %s already finished (%s); nothing to do", owner, status)
                self._count("already_finished")
                return
        if handler.must_restart(run.status):
            unit.restart_run(request, now)
        match plan:
            case handler.Rejected(reason):
                # the run records why; the integration keeps the status that disabled it
                unit.finish_run(
                    request, status="failed", message=reason, now=now, touch_integration=False
                )
                self._count("rejected")
            case handler.Coalesced(holder):
                message = f"coalesced into running sync {holder}"
                unit.finish_run(
                    request, status="coalesced", message=message, now=now, touch_integration=False
                )
                self._count("coalesced")
            case handler.NoKeywords():
                unit.finish_run(
                    request, status="success", message=handler.NO_KEYWORDS_MESSAGE, now=now
                )
                self._count("no_keywords")
            case handler.Fetch(_, until):
                unit.take_lease(request.integration_id, owner, until)

    def _heartbeat(self, request: SyncRequested) -> LeaseHeartbeat:
        lease = self._policy.lease

        def renew() -> bool:
            until = handler.lease_until(self._clock(), lease)
            return self._store.renew_lease(request.integration_id, str(request.sync_id), until)

        every = lease.renew_every.total_seconds()
        return LeaseHeartbeat(renew=renew, every=every, name=str(request.sync_id)).start()

    def _fetch_and_hand_over(
        self,
        request: SyncRequested,
        keywords: Sequence[str],
        now: datetime,
        heartbeat: LeaseHeartbeat,
    ) -> SyncResult:
        try:
            fetched = self._fetch(request, keywords)
        except (AuthRevoked, ProviderConfigError, RateLimited, Transient) as exc:
            heartbeat.stop()  # the run ends here and releases the lease
            return self._fetch_failed(request, exc, now)
        log.info("emails found: %d listed, %d new", fetched.listed, len(fetched.emails))
        self._count("published")
        kept, skipped = self._within_size(fetched.emails)
        if skipped:  # a ledger row, not a message: nothing of it is stored
            self._store.record_skipped(request, skipped, now=now)
        built = [handler.build_raw_email(request, ref, raw) for ref, raw in kept]
        self._store.record_fetch(request, built, keywords=len(keywords), now=now)
        log.info(
            "sync %s: %d keyword(s), %d listed, %d new email(s) published",
            request.sync_id,
            len(keywords),
            fetched.listed,
            len(built),
        )

        def after_delivery() -> None:
            """The raw emails are durable: advance the cursor, release the lease."""
            heartbeat.stop()
            held = self._store.complete(request, fetched.next_cursor, finished=not built, now=now)
            if not held:
                log.warning("sync %s lost its lease; its cursor was not stored", request.sync_id)

        return SyncResult(raw_emails=tuple(m for m, _ in built), after_delivery=after_delivery)

    def _within_size(
        self, emails: Sequence[tuple[MessageRef, bytes]]
    ) -> tuple[list[tuple[MessageRef, bytes]], list[tuple[MessageRef, str]]]:
        kept, skipped = [], []
        for ref, raw in emails:
            reason = handler.too_large_reason(raw, max_raw=self._max_raw)
            if reason is None:
                kept.append((ref, raw))
            else:
                log.warning("message %s skipped: %s", ref.provider_message_id, reason)
                skipped.append((ref, reason))
        return kept, skipped

    def _fetch_failed(self, request: SyncRequested, exc: Exception, now: datetime) -> SyncResult:
        if isinstance(exc, AuthRevoked):
            self._count("token_expired")
            return self._integration_failed(request, IntegrationErrorType.TOKEN_EXPIRED, exc, now)
        if isinstance(exc, ProviderConfigError):
            self._count("configuration")
            return self._integration_failed(request, IntegrationErrorType.CONFIGURATION, exc, now)
        self._count("provider_unavailable")
        message = f"{handler.EXHAUSTED_PREFIX}: {exc}"
        self._store.finish(request, status="failed", message=message, now=now)
        raise RetriesExhausted(f"{type(exc).__name__}: {exc}") from exc

    def _fetch(self, request: SyncRequested, keywords: Sequence[str]) -> Fetched:
        provider, cursor = self._store.open_mailbox(request.integration_id)
        try:
            refs = self._retry.call(
                lambda: provider.list_matching(keywords=keywords, cursor=cursor)
            )
            seen = self._store.processed_ids(
                request.integration_id, (r.provider_message_id for r in refs)
            )
            selected = handler.select_emails(
                refs, keywords=keywords, already_processed=seen, limit=self._max_emails
            )
            emails = self._fetch_raw(provider, selected)
            # a provider without a server-side subject filter (Gmail history) lists non-matching
            # messages too: they are no backlog
            matching = {
                r.provider_message_id for r in refs if handler.subject_matches(r.subject, keywords)
            }
            unpublished = matching - seen
            backlog = len(unpublished) > len(selected)
            next_cursor = provider.next_cursor(cursor=cursor, published=selected, backlog=backlog)
            self._keep_watch(request, provider)
            return Fetched(len(refs), emails, next_cursor)
        finally:
            self._keep_credentials(request, provider)
            provider.close()

    def _fetch_raw(
        self, provider: MailProvider, selected: list[MessageRef]
    ) -> list[tuple[MessageRef, bytes]]:
        emails = []
        for ref in selected:
            try:
                emails.append((ref, self._retry.call(partial(provider.fetch_raw, ref))))
            except MessageGone:
                log.info(
                    "message %s vanished before it was fetched; skipped", ref.provider_message_id
                )
        return emails

    def _keep_watch(self, request: SyncRequested, provider: MailProvider) -> None:
        """Establish or renew the mailbox's push watch when due (daily), on the sync's own
        connection; a failure is recorded for the health view and never fails the sync: the
        cron still syncs the mailbox."""
        establish = self._watch_of(request, provider)
        if establish is None:
            return
        if not renewal_due(self._store.watch_facts(request.integration_id), now=self._clock()):
            return
        try:
            grant = establish()
        except (AuthRevoked, ProviderConfigError, RateLimited, Transient) as exc:
            log.warning("push watch of integration %s failed: %s", request.integration_id, exc)
            error = f"{type(exc).__name__}: {exc}"[:500]
            self._store.record_watch(
                request.integration_id, expires_at=None, error=error, now=self._clock()
            )
            return
        log.info("push watch of integration %s until %s", request.integration_id, grant)
        self._store.record_watch(
            request.integration_id, expires_at=grant, error=None, now=self._clock()
        )

    def _watch_of(
        self, request: SyncRequested, provider: MailProvider
    ) -> Callable[[], datetime] | None:
        """How this provider's push is (re-)established; None: it has none configured."""
        if self._graph_url is not None and isinstance(provider, GraphSubscriber):
            return partial(self._subscribe, request, provider)
        if self._push_topic is not None and isinstance(provider, PushWatch):
            watch = partial(provider.watch, self._push_topic)
            return lambda: self._retry.call(watch)
        return None

    def _subscribe(self, request: SyncRequested, provider: GraphSubscriber) -> datetime:
        """Renew the mailbox's Graph subscription, or create one with a fresh clientState."""
        old = self._store.graph_subscription_id(request.integration_id)
        client_state = secrets.token_urlsafe(32)  # used only if a new subscription is created
        subscription_id, expires = self._retry.call(
            lambda: provider.subscribe(
                notification_url=self._graph_url or "",
                client_state=client_state,
                subscription_id=old,
            )
        )
        if subscription_id != old:
            self._store.record_graph_subscription(
                request.integration_id,
                subscription_id=subscription_id,
                client_state=client_state,
                now=self._clock(),
            )
        return expires

    def _keep_credentials(self, request: SyncRequested, provider: MailProvider) -> None:
        """Refreshed tokens are saved whatever became of the sync: a rotated refresh token that
        were dropped could lock the integration out."""
        credentials = provider.updated_credentials()
        if credentials is not None:
            self._store.save_credentials(request.integration_id, credentials)

    def _integration_failed(
        self,
        request: SyncRequested,
        error_type: IntegrationErrorType,
        exc: Exception,
        now: datetime,
    ) -> SyncResult:
        text = f"{type(exc).__name__}: {exc}"[:2000]
        self._store.finish(request, status="failed", message=text, now=now)
        event = IntegrationError(
            integration_id=request.integration_id,
            user_id=request.user_id,
            tenant_id=request.tenant_id,
            provider=request.provider,
            sync_id=request.sync_id,
            error_type=error_type,
            error_message=text,
            occurred_at=now,
        )
        return SyncResult(integration_error=event)
