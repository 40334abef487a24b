"""Child-process plumbing shared by the native Kafka and PostgreSQL starters."""

import ctypes
import ctypes.util
import logging
import os
import signal
import socket
import subprocess
import time
from collections.abc import Callable, Sequence
from contextlib import ExitStack
from pathlib import Path

logger = logging.getLogger(__name__)

_PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>
POLL_INTERVAL = 0.05  # seconds


def free_ports(count: int) -> list[int]:
    """Distinct free TCP ports on 127.0.0.1 (each socket stays bound until all are chosen)."""
    with ExitStack() as stack:
        ports = []
        for _ in range(count):
            sock = stack.enter_context(socket.socket(socket.AF_INET, socket.SOCK_STREAM))
            sock.bind(("127.0.0.1", 0))
            ports.append(int(sock.getsockname()[1]))
        return ports


def port_open(port: int, host: str = "127.0.0.1") -> bool:
    try:
        with socket.create_connection((host, port), timeout=0.5):
            return True
    except OSError:
        return False


def pdeathsig_preexec() -> Callable[[], None]:
    """A ``preexec_fn`` asking the kernel to SIGTERM the child when this process dies.

    libc is resolved here, before the fork, because loading libraries between fork and exec is
    not safe in a multi-threaded parent. The signal fires when the *thread* that forked exits,
    so start servers from the main thread.
    """
    prctl = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True).prctl
    parent = os.getpid()

    def preexec() -> None:
        if prctl(_PR_SET_PDEATHSIG, int(signal.SIGTERM), 0, 0, 0) != 0:
            os._exit(126)
        # The parent may have died between fork and prctl; then nobody would ever signal us.
        if os.getppid() != parent:
            os._exit(126)

    return preexec


def spawn(
    command: Sequence[str], *, log_path: Path, cwd: Path, pdeathsig: bool
) -> subprocess.Popen[bytes]:
    """Start ``command`` in its own session with stdout and stderr appended to ``log_path``.

    A new session keeps a terminal's Ctrl-C away from the server, so the parent decides the order
    of shutdown; detached servers also survive the parent's terminal closing.
    """
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with log_path.open("ab") as log:
        return subprocess.Popen(
            list(command),
            cwd=cwd,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            preexec_fn=pdeathsig_preexec() if pdeathsig else None,
        )


def _proc_state(pid: int) -> str | None:
    """The one-letter state from /proc/<pid>/stat, or None if there is no such process."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return None
    # The command name in parentheses may contain spaces; the state follows the last ')'.
    return stat.rsplit(")", 1)[1].split()[0]


def pid_alive(pid: int, process: subprocess.Popen[bytes] | None = None) -> bool:
    if process is not None:
        return process.poll() is None
    return _proc_state(pid) not in (None, "Z", "X")


def pid_matches(pid: int, marker: str) -> bool:
    """True if the process's command line mentions ``marker``: guards against recycled pids."""
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
    except (FileNotFoundError, ProcessLookupError, PermissionError):
        return False
    return marker.encode() in cmdline


def wait_gone(pid: int, process: subprocess.Popen[bytes] | None, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while pid_alive(pid, process):
        if time.monotonic() >= deadline:
            return False
        time.sleep(POLL_INTERVAL)
    return True


def stop_process(
    *,
    pid: int,
    process: subprocess.Popen[bytes] | None,
    steps: Sequence[tuple[signal.Signals, float]],
    name: str,
) -> None:
    """Send each (signal, grace seconds) in turn until the process is gone, then SIGKILL."""
    for sig, grace in [*steps, (signal.SIGKILL, 10.0)]:
        if not pid_alive(pid, process):
            return
        logger.debug("sending %s to %s (pid %d)", sig.name, name, pid)
        try:
            os.kill(pid, sig)
        except ProcessLookupError:
            return
        if wait_gone(pid, process, grace):
            return
        logger.warning("%s (pid %d) still running %.0f s after %s", name, pid, grace, sig.name)
    raise RuntimeError(f"{name} (pid {pid}) survived SIGKILL")


def log_tail(path: Path, lines: int = 40) -> str:
    try:
        text = path.read_text(errors="replace")
    except FileNotFoundError:
        return "(no log written)"
    return "\n".join(text.splitlines()[-lines:])
