"""SIGKILLs service processes of one group on a seeded schedule, and restarts every one that
died (killed or crashed)."""

from __future__ import annotations

import random
import signal
import time

from services.demo.processes import ServiceGroup, ServiceProcess
from services.ops.chaos.options import ChaosOptions

RESTART_DELAY = (0.5, 2.0)  # seconds between a kill and the restart, drawn uniformly
CRASH_RESTART_DELAY = 1.0  # seconds before a process that died on its own is restarted
SETTLE_TIMEOUT = 60.0  # seconds for the last killed processes to be running again


class ServiceKiller:
    """Not thread-safe: one thread calls ``step`` (and ``settle`` once that thread is done)."""

    def __init__(self, group: ServiceGroup, rng: random.Random, options: ChaosOptions) -> None:
        self.group = group
        self.rng = rng
        self.options = options
        self.kills_by_service: dict[str, int] = {}
        self.restarts = 0
        self.unexpected_exits: list[str] = []  # "<name> exited with <code>"
        self.done = 0
        self._next = time.monotonic() + self._gap()
        self._killed_pids: set[int] = set()
        # name → (dead process, restart no earlier than)
        self._pending: dict[str, tuple[ServiceProcess, float]] = {}

    def _gap(self) -> float:
        mean = self.options.kill_interval
        return self.rng.uniform(0.5 * mean, 1.5 * mean)

    def start_all(self) -> None:
        for name, count in self.options.replicas.items():
            for replica in range(count):
                self.group.start(name, replica=replica)

    @property
    def all_killed(self) -> bool:
        return self.done >= self.options.kills

    def step(self) -> None:
        now = time.monotonic()
        self._restart_due(now)
        self._catch_crashes(now)
        if not self.all_killed and now >= self._next and not self._pending:
            self._kill_one(now)
            self._next = now + self._gap()

    def _kill_one(self, now: float) -> None:
        alive = sorted(
            (sp for sp in self.group.processes if sp.process.poll() is None),
            key=lambda sp: sp.name,
        )
        if not alive:
            return
        victim = self.rng.choice(alive)
        service = victim.name.rsplit("-", 1)[0]
        self.kills_by_service[service] = self.kills_by_service.get(service, 0) + 1
        self._killed_pids.add(victim.process.pid)
        victim.process.send_signal(signal.SIGKILL)
        self.done += 1
        self._pending[victim.name] = (victim, now + self.rng.uniform(*RESTART_DELAY))

    def _restart_due(self, now: float) -> None:
        for name, (victim, not_before) in list(self._pending.items()):
            if victim.process.poll() is None or now < not_before:
                continue
            self._restart(victim)
            del self._pending[name]

    def _catch_crashes(self, now: float) -> None:
        for sp in list(self.group.processes):
            code = sp.process.poll()
            if sp.name in self._pending or code is None:
                continue
            if sp.process.pid not in self._killed_pids:
                self.unexpected_exits.append(f"{sp.name} exited with {code}")
            self._pending[sp.name] = (sp, now + CRASH_RESTART_DELAY)

    def _restart(self, victim: ServiceProcess) -> None:
        self.group.processes = [p for p in self.group.processes if p is not victim]
        service, replica = victim.name.rsplit("-", 1)
        self.group.start(service, replica=int(replica))
        self.restarts += 1

    def settle(self, timeout: float = SETTLE_TIMEOUT) -> None:
        """Every killed process restarted and running."""
        deadline = time.monotonic() + timeout
        while (self._pending or self._dead()) and time.monotonic() < deadline:
            self._restart_due(time.monotonic())
            self._catch_crashes(time.monotonic())
            time.sleep(0.2)

    def _dead(self) -> bool:
        return any(sp.process.poll() is not None for sp in self.group.processes)
