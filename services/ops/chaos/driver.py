"""The busy side of a run, on a worker thread: sync requests, kills and poison.

The main thread stays free for what must happen there (restarting the broker: its parent-death
signal is tied to the starting thread) and reads ``progress`` to time it.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Mapping

import httpx
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from services.domain.errors import DependencyUnavailable
from services.ops.chaos.fleet import WatchedIntegration
from services.ops.chaos.killer import ServiceKiller
from services.ops.chaos.ledger import ledger_counts, running_integrations
from services.ops.chaos.options import ChaosOptions
from services.ops.chaos.poison import PoisonInjector

STALE_REQUEST = 20.0  # seconds after which an integration is asked again although running
LOOP_PAUSE = 0.1  # seconds between two steps of the kill schedule


def trigger(base_url: str, watched: WatchedIntegration) -> bool:
    try:
        response = httpx.post(
            f"{base_url}/integrations/{watched.integration_id}/sync",
            headers={"X-API-Key": watched.api_key},
            timeout=5,
        )
    except httpx.HTTPError:
        return False  # the API is being killed: the next round asks again
    return response.status_code == 202  # 503 while the broker is away


class Driver:
    """Sync requests until every mailbox is drained, kills on their schedule, poison at its
    progress points. Ends when all of that is done and the main thread has set
    ``broker_done``, at ``deadline``, or when ``stop`` is set."""

    def __init__(
        self,
        *,
        killer: ServiceKiller,
        injector: PoisonInjector,
        sessions: sessionmaker[Session],
        watched: Mapping[int, WatchedIntegration],
        base_url: str,
        options: ChaosOptions,
        deadline: float,
    ) -> None:
        self._killer = killer
        self._injector = injector
        self._sessions = sessions
        self._watched = watched
        self._base_url = base_url
        self._options = options
        self._deadline = deadline
        self._emails_in = sum(len(w.expected.jobs) for w in watched.values())
        self._last_request: dict[int, float] = {}
        self.progress = 0.0  # share of the expected emails in the ledger
        self.sync_requests = 0
        self.kills_during_work = -1
        self.broker_done = threading.Event()
        self.stop = threading.Event()
        self.error: BaseException | None = None

    def run(self) -> None:
        """Thread target: an exception is kept in ``error`` for the main thread to raise."""
        try:
            self._loop()
        except BaseException as exc:  # noqa: BLE001  (handed over to the main thread)
            self.error = exc

    def _loop(self) -> None:
        next_round = 0.0
        while not self.stop.is_set() and time.monotonic() < self._deadline:
            self._killer.step()
            self._injector.inject_due(self.progress)
            now = time.monotonic()
            if now >= next_round:
                next_round = now + self._options.sync_interval
                drained = self._sync_round(now)
                if drained and self.kills_during_work < 0:
                    self.kills_during_work = self._killer.done
                if (
                    drained
                    and self._killer.all_killed
                    and self._injector.done
                    and self.broker_done.is_set()
                ):
                    return
            time.sleep(LOOP_PAUSE)

    def _sync_round(self, now: float) -> bool:
        """Ask for a sync of every undrained integration; True once none is left (False while
        PostgreSQL is being restarted: the next round asks again)."""
        try:
            return self._request_syncs(now)
        except (OperationalError, DependencyUnavailable):
            return False

    def _request_syncs(self, now: float) -> bool:
        counts = ledger_counts(self._sessions, self._watched)
        recorded = sum(min(counts[i], len(w.expected.jobs)) for i, w in self._watched.items())
        self.progress = recorded / self._emails_in if self._emails_in else 1.0
        undrained = [i for i, w in self._watched.items() if counts[i] < len(w.expected.jobs)]
        running = running_integrations(self._sessions, undrained) if undrained else set()
        for integration_id in undrained:
            # one request per integration at a time, unless its run looks stuck (a killed
            # fetcher's lease, a request still queued behind a rebalance or a broker restart)
            stale = now - self._last_request.get(integration_id, -1e9) > STALE_REQUEST
            if (integration_id not in running or stale) and trigger(
                self._base_url, self._watched[integration_id]
            ):
                self._last_request[integration_id] = now
                self.sync_requests += 1
        return not undrained
