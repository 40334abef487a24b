"""What the services share the cores with, for the pipeline bench: the Kafka broker(s) and the
PostgreSQL server (found by the processes listening on their ports) and the whole machine's
busy time, over the services' measured window. With them the JSON says how much CPU a drained
email costs in all, which bounds the drain rate on this machine's cores."""

from __future__ import annotations

import os
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import psutil
from sqlalchemy.engine import make_url

from services.bench.figures import ServiceFigures

LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "::1", "0.0.0.0", ""})


def _local_port(address: str, default: int) -> int | None:
    """``host:port`` → the port when the host is this machine, else None."""
    host, _, port = address.strip().rpartition(":")
    if not host:
        host, port = port, str(default)
    host = host.strip("[]")
    return int(port) if host in LOCAL_HOSTS and port.isdigit() else None


def server_ports(kafka_bootstrap: str, database_url: str) -> dict[str, int]:
    """Process label → local listening port: ``kafka`` (``kafka-1``, … with several brokers)
    and ``postgresql``; servers on other hosts are left out."""
    brokers = [p for a in kafka_bootstrap.split(",") if (p := _local_port(a, 9092)) is not None]
    ports = {"kafka" if len(brokers) == 1 else f"kafka-{i}": p for i, p in enumerate(brokers, 1)}
    url = make_url(database_url)
    if (url.host or "localhost") in LOCAL_HOSTS:
        ports["postgresql"] = url.port or 5432
    return ports


def listening_pids(ports: Mapping[str, int]) -> dict[str, int]:
    """Label → the pid listening on its port (ports nobody on this machine listens on, or whose
    process can't be seen, are left out)."""
    wanted = {port: label for label, port in ports.items()}
    found: dict[str, int] = {}
    try:
        connections: Iterable[Any] = psutil.net_connections(kind="tcp")
    except psutil.Error:
        return found
    for conn in connections:
        if conn.status == psutil.CONN_LISTEN and conn.pid and conn.laddr.port in wanted:
            found.setdefault(wanted[conn.laddr.port], conn.pid)
    return found


def _busy_seconds() -> float:
    times = psutil.cpu_times()
    return float(sum(times) - times.idle - getattr(times, "iowait", 0.0))


@dataclass
class MachineWindow:
    """The machine's busy CPU seconds (every process, all cores) between ``mark`` and ``stop``."""

    cores: int = field(default_factory=lambda: os.cpu_count() or 1)
    _start: tuple[float, float] = (0.0, 0.0)
    busy_s: float = 0.0
    wall_s: float = 0.0

    def mark(self) -> None:
        self._start = (_busy_seconds(), time.monotonic())

    def stop(self) -> None:
        busy, wall = self._start
        self.busy_s = _busy_seconds() - busy
        self.wall_s = time.monotonic() - wall


def _per_email(seconds: float, emails: int) -> float:
    return round(seconds / emails * 1000, 3) if emails > 0 else 0.0


def infra_figures(
    infra: ServiceFigures, services_ms: float, emails: int, machine: MachineWindow
) -> dict[str, Any]:
    """The figures the bench adds: the servers' CPU per email, services + servers per email,
    the machine's busy cores, and the drain rate the cores allow at that cost per email."""
    by_server = {label: _per_email(f["cpu_s"], emails) for label, f in sorted(infra.items())}
    all_ms = round(services_ms + sum(by_server.values()), 3)
    return {
        "infra_cpu_ms_per_email": by_server,
        "infra_rss_peak_mb": {label: f["rss_peak_mb"] for label, f in sorted(infra.items())},
        "services_and_infra_cpu_ms_per_email": all_ms,
        "machine_cpu_ms_per_email": _per_email(machine.busy_s, emails),
        "machine_busy_cores": round(machine.busy_s / machine.wall_s, 2) if machine.wall_s else 0.0,
        "cpu_cores": machine.cores,
        "cores_bound_emails_per_s": round(machine.cores * 1000 / all_ms, 1) if all_ms else 0.0,
    }


INFRA_NOTE = (
    "infra_cpu_ms_per_email: CPU of the Kafka broker(s) and the PostgreSQL server (the processes "
    "listening on their local ports, children included) in the same window, per email; "
    "services_and_infra_cpu_ms_per_email: the two together; machine_cpu_ms_per_email and "
    "machine_busy_cores: every process on the machine (this bench's driver and anything else "
    "running included); cores_bound_emails_per_s = cpu_cores x 1000 / "
    "services_and_infra_cpu_ms_per_email: the drain rate the cores allow at that cost, with "
    "every core busy all the time"
)
