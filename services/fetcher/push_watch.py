"""Keeping a mailbox's push watch: established or renewed when due (daily) on a sync's own
provider connection, a Gmail ``users.watch`` or a Graph subscription with a fresh clientState.
A failure is recorded for the health view and never fails the sync: the cron still syncs."""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable
from datetime import datetime
from functools import partial

from schemas.contracts.models import SyncRequested
from services.domain.push import renewal_due
from services.fetcher.providers.base import (
    AuthRevoked,
    GraphSubscriber,
    MailProvider,
    ProviderConfigError,
    PushWatch,
    RateLimited,
    Transient,
)
from services.fetcher.retry import RetryPolicy
from services.fetcher.sync_store import WatchStore

log = logging.getLogger(__name__)


class MailboxWatch:
    """``keep`` (re-)establishes the push of a mailbox whose provider can push, when due."""

    def __init__(
        self,
        *,
        store: WatchStore,
        retry: RetryPolicy,
        clock: Callable[[], datetime],
        push_topic: str | None = None,
        graph_notification_url: str | None = None,
    ) -> None:
        self._store = store
        self._retry = retry
        self._clock = clock
        self._push_topic = push_topic  # where providers that can push notify; None: no push
        self._graph_url = graph_notification_url  # where Graph notifies; None: no Graph push

    def keep(self, request: SyncRequested, provider: MailProvider) -> None:
        """Establish or renew the mailbox's push watch when due; a failure is recorded."""
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
