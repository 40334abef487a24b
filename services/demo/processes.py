"""Run the four services as separate OS processes (demo, `make up`, end-to-end tests)."""

from __future__ import annotations

import logging
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

log = logging.getLogger(__name__)
SERVICES = ("scheduler", "fetcher", "parser", "jobwriter")
STOP_TIMEOUT = 20.0  # seconds before SIGKILL


@dataclass
class ServiceProcess:
    name: str
    process: subprocess.Popen[bytes]
    log_path: Path

    def log_tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""


@dataclass
class ServiceGroup:
    """Starts ``python -m services.<name>`` per service with a shared environment."""

    env: dict[str, str]
    log_dir: Path
    processes: list[ServiceProcess] = field(default_factory=list)

    def start(
        self, name: str, *, replica: int = 0, extra_env: dict[str, str] | None = None
    ) -> None:
        self.log_dir.mkdir(parents=True, exist_ok=True)
        log_path = self.log_dir / f"{name}-{replica}.log"
        env = {**self.env, **(extra_env or {})}
        with log_path.open("ab") as out:
            proc = subprocess.Popen(  # noqa: S603  (our own interpreter and module)
                [sys.executable, "-m", f"services.{name}"],
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self.processes.append(ServiceProcess(f"{name}-{replica}", proc, log_path))
        log.info("started %s-%d (pid %d), log %s", name, replica, proc.pid, log_path)

    def check_alive(self) -> None:
        for sp in self.processes:
            code = sp.process.poll()
            if code is not None:
                raise RuntimeError(f"{sp.name} exited with {code}; log tail:\n{sp.log_tail()}")

    def stop(self, name: str | None = None) -> None:
        targets = [p for p in self.processes if name is None or p.name == name]
        for sp in targets:
            if sp.process.poll() is None:
                sp.process.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + STOP_TIMEOUT
        for sp in targets:
            try:
                sp.process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                log.warning("%s did not stop in %.0fs; killing", sp.name, STOP_TIMEOUT)
                sp.process.kill()
                sp.process.wait()
        self.processes = [p for p in self.processes if p not in targets]

    def __enter__(self) -> ServiceGroup:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.stop()
