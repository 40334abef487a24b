"""The sync use case: carry out the handler's start plan, then list, fetch and hand over emails.

Per request: in one transaction under the start lock, read the facts, let ``handler.plan_start``
decide (rejected / coalesced / deferred / throttled / no keywords / fetch) and write what the
plan says; a push sync clears its integration's pending mark there (``services.domain.push``).
For a fetch, a heartbeat renews the integration's lease while the sync runs; the provider lists
and fetches with the retry table; refreshed credentials are stored at once; the run's email list
is recorded and the raw emails returned for publishing; a push watch is kept on the way
(``push_watch``). Only ``after_delivery`` (called once the broker acknowledged them) stores the
cursor — and only while the lease is still ours — and releases the lease. No Kafka here: the
wiring turns a ``SyncResult`` (``sync_result``) into messages. The store interface is in
``sync_store``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial

from schemas.contracts.models import (
    IntegrationError,
    IntegrationErrorType,
    SyncReason,
    SyncRequested,
)
from services.domain.errors import InvalidMessage, RetriesExhausted
from services.fetcher import handler
from services.fetcher.handler import MessageRef, StartPolicy
from services.fetcher.heartbeat import LeaseHeartbeat
from services.fetcher.providers.base import (
    AuthRevoked,
    Cursor,
    MailProvider,
    MessageGone,
    ProviderConfigError,
    RateLimited,
    Transient,
)
from services.fetcher.push_watch import MailboxWatch
from services.fetcher.retry import RetryPolicy
from services.fetcher.sync_result import (
    NOTHING,
    SyncDeferred,
    SyncOutcome,
    SyncRateLimited,
    SyncResult,
)
from services.fetcher.sync_store import RunState, StartUnit, SyncStore

log = logging.getLogger(__name__)


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
        self._watch = MailboxWatch(
            store=store,
            retry=retry,
            clock=clock,
            push_topic=push_topic,
            graph_notification_url=graph_notification_url,
        )

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
            self._watch.keep(request, provider)
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
