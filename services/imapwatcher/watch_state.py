"""Carries out one watch's push-state decisions (``watch_health``) against a small store, so
GET /integrations, the run page and the scheduler's push-state gauges see IMAP watches as they
see Gmail watches and Graph subscriptions. A store that fails is logged and the watch goes on:
the push state is a view, the IDLE is what matters."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Protocol

from services.imapwatcher.watch_health import FailureKind, RecordFailed, RecordIdle, WatchHealth

log = logging.getLogger(__name__)


class WatchStateStore(Protocol):
    def record_idle(self, integration_id: int, *, until: datetime, now: datetime) -> None:
        """Push state active: the IDLE is held until ``until``, no error."""

    def record_failed(self, integration_id: int, *, kind: FailureKind, now: datetime) -> None:
        """Push state failed with ``kind``."""

    def forget(self, integration_id: int) -> None:
        """The integration was disconnected: push state off."""


class WatchState:
    """One running watch's push state: call ``idling`` at every IDLE issued and ``failed`` at
    every failed attempt; only the decisions that change what is shown are written."""

    def __init__(
        self,
        store: WatchStateStore,
        integration_id: int,
        *,
        renew_seconds: float,
        clock: Callable[[], float] = time.monotonic,
        wall_clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self._store, self._integration_id = store, integration_id
        self._renew_seconds, self._clock, self._wall_clock = renew_seconds, clock, wall_clock
        self._health = WatchHealth()

    def idling(self) -> None:
        self._health, write = self._health.idling(
            now=self._clock(), renew_seconds=self._renew_seconds
        )
        if write is not None:
            self._carry_out(write)

    def failed(self, kind: FailureKind | None) -> None:
        self._health, write = self._health.failed(kind)
        if write is not None:
            self._carry_out(write)

    def _carry_out(self, write: RecordIdle | RecordFailed) -> None:
        now, integration_id = self._wall_clock(), self._integration_id
        try:
            if isinstance(write, RecordIdle):
                until = now + timedelta(seconds=write.lease_seconds)
                self._store.record_idle(integration_id, until=until, now=now)
            else:
                self._store.record_failed(integration_id, kind=write.kind, now=now)
        except Exception:  # noqa: BLE001  (database down: the IDLE goes on; the next record mends it)
            log.exception("IMAP watch: integration %s: push state not recorded", integration_id)


def forget_watch_state(store: WatchStateStore, integration_id: int) -> None:
    """The integration's record was tombstoned (disconnected, or stopped by the pipeline):
    push state off. Not on a revocation: the partition's next owner records its own IDLE."""
    try:
        store.forget(integration_id)
    except Exception:  # noqa: BLE001  (database down: logged; a reconnect records again)
        log.exception("IMAP watch: integration %s: push state not cleared", integration_id)
