"""Peak RSS and CPU seconds of service processes, sampled with psutil on a background thread."""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import psutil

SAMPLE_INTERVAL = 0.2  # seconds


@dataclass
class ProcStat:
    rss_peak_bytes: int = 0
    cpu_at_start: float | None = None  # user + system seconds when the window opened
    cpu_last: float = 0.0

    @property
    def cpu_s(self) -> float:
        return max(0.0, self.cpu_last - (self.cpu_at_start or 0.0))

    def to_json(self) -> dict[str, float]:
        return {
            "rss_peak_mb": round(self.rss_peak_bytes / 1_048_576, 1),
            "cpu_s": round(self.cpu_s, 3),
        }


def _tree(pid: int) -> list[psutil.Process]:
    try:
        root = psutil.Process(pid)
        return [root, *root.children(recursive=True)]
    except psutil.Error:
        return []


def _sample(pid: int) -> tuple[int, float] | None:
    """RSS (bytes) and user + system CPU seconds of ``pid`` and its children, or None if gone."""
    rss, cpu, seen = 0, 0.0, False
    for proc in _tree(pid):
        try:
            with proc.oneshot():
                rss += proc.memory_info().rss
                times = proc.cpu_times()
                cpu += times.user + times.system
            seen = True
        except psutil.Error:
            continue
    return (rss, cpu) if seen else None


class ProcSampler:
    """Every ``interval`` seconds, samples each named process (its pid from ``pids()``, which may
    change when a process restarts). ``mark()`` opens the CPU window: ``cpu_s`` counts from there,
    so start-up (imports, connects) is left out; RSS peaks count from the first sample."""

    def __init__(
        self, pids: Callable[[], Mapping[str, int]], *, interval: float = SAMPLE_INTERVAL
    ) -> None:
        self._pids = pids
        self._interval = interval
        self.stats: dict[str, ProcStat] = {}
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="procstats", daemon=True)

    def start(self) -> ProcSampler:
        self.sample()
        self._thread.start()
        return self

    def sample(self) -> None:
        for name, pid in self._pids().items():
            measured = _sample(pid)
            if measured is None:
                continue
            rss, cpu = measured
            with self._lock:
                stat = self.stats.setdefault(name, ProcStat())
                stat.rss_peak_bytes = max(stat.rss_peak_bytes, rss)
                stat.cpu_last = cpu

    def mark(self) -> None:
        self.sample()
        with self._lock:
            for stat in self.stats.values():
                stat.cpu_at_start = stat.cpu_last

    def stop(self) -> dict[str, dict[str, float]]:
        """A last sample, then every process's figures."""
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout=5)
        self.sample()
        with self._lock:
            return {name: stat.to_json() for name, stat in sorted(self.stats.items())}

    def _loop(self) -> None:
        while not self._stop.wait(self._interval):
            self.sample()
