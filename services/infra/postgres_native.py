"""A throwaway PostgreSQL cluster run as a child process (kafka-native.md §7)."""

import logging
import os
import pwd
import shutil
import signal
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from services.domain.errors import ReqstreamError
from services.infra.process import (
    POLL_INTERVAL,
    free_ports,
    log_tail,
    pid_alive,
    pid_matches,
    spawn,
    stop_process,
)

logger = logging.getLogger(__name__)

PG_USER = "postgres"  # the OS user Debian's package creates; also the cluster's superuser
DATABASE = "reqstream"
READY_TIMEOUT = 60.0  # seconds
# Smart shutdown (SIGTERM) waits for clients to disconnect, and pooled connections may linger,
# so fall back to fast shutdown (SIGINT) after a short grace.
STOP_STEPS = ((signal.SIGTERM, 2.0), (signal.SIGINT, 20.0))
TEST_ONLY_SETTINGS = ("fsync=off", "synchronous_commit=off", "full_page_writes=off")


class PostgresStartError(ReqstreamError, RuntimeError):
    """The cluster did not come up; the message carries the log path and its tail."""


@dataclass
class NativePostgres:
    """A running throwaway cluster. ``process`` is None when re-attached from a state file."""

    url: str  # SQLAlchemy URL of the ``reqstream`` database
    port: int
    base_dir: Path
    pid: int
    process: subprocess.Popen[bytes] | None = field(default=None, compare=False, repr=False)
    keep_dir: bool = False  # a persistent data dir (the demo's) survives stop()

    @property
    def log_path(self) -> Path:
        return self.base_dir / "postgres.log"

    def to_state(self) -> dict[str, Any]:
        return {
            "url": self.url,
            "port": self.port,
            "base_dir": str(self.base_dir),
            "pid": self.pid,
            "keep_dir": self.keep_dir,
        }

    @classmethod
    def from_state(cls, state: dict[str, Any]) -> "NativePostgres":
        return cls(
            url=state["url"],
            port=int(state["port"]),
            base_dir=Path(state["base_dir"]),
            pid=int(state["pid"]),
            keep_dir=bool(state.get("keep_dir", False)),
        )

    def is_running(self) -> bool:
        return pid_alive(self.pid, self.process) and pid_matches(self.pid, str(self.base_dir))

    def stop(self) -> None:
        if self.process is not None or pid_matches(self.pid, str(self.base_dir)):
            stop_process(pid=self.pid, process=self.process, steps=STOP_STEPS, name="postgres")
        if not self.keep_dir:
            shutil.rmtree(self.base_dir, ignore_errors=True)


def restart_native_postgres(
    pg: NativePostgres,
    *,
    bindir: Path,
    pdeathsig: bool,
    pause: float = 0.0,
    timeout: float = READY_TIMEOUT,
) -> NativePostgres:
    """Fast shutdown (SIGINT: open transactions rolled back, clients cut off at once), ``pause``
    seconds without a database, then the same data dir on the same port again: what clients see
    of a database failover or a crash restart."""
    stop_process(pid=pg.pid, process=pg.process, steps=[(signal.SIGINT, 20.0)], name="postgres")
    time.sleep(pause)
    return _run_server(bindir, pg.base_dir, pg.port, pdeathsig, timeout, keep_dir=pg.keep_dir)


def find_pg_bindir(override: Path | None = None) -> Path:
    """PG_BINDIR if given, else the highest ``/usr/lib/postgresql/<major>/bin`` with initdb."""
    if override is not None:
        if not (override / "initdb").exists():
            raise PostgresStartError(f"PG_BINDIR={override} has no initdb")
        return override
    candidates = [p.parent for p in Path("/usr/lib/postgresql").glob("*/bin/initdb")]
    numeric = [p for p in candidates if p.parent.name.isdigit()]
    if not numeric:
        raise PostgresStartError(
            "no PostgreSQL server found under /usr/lib/postgresql/*/bin; install postgresql-15 "
            "or set PG_BINDIR (or DATABASE_URL to use a running server)"
        )
    return max(numeric, key=lambda p: int(p.parent.name))


def _as_postgres(command: list[str], *, pdeathsig: bool) -> list[str]:
    """initdb and postgres refuse to run as root: drop to the ``postgres`` user when we are root.

    setpriv execs the server (same pid, so signals reach it directly) and sets the death signal
    after the uid change, which would otherwise clear it.
    """
    if os.geteuid() != 0:
        return command
    drop = ["setpriv", f"--reuid={PG_USER}", f"--regid={PG_USER}", "--init-groups"]
    if pdeathsig:
        drop.append("--pdeathsig=TERM")
    return [*drop, *command]


def start_native_postgres(
    *,
    bindir: Path,
    pdeathsig: bool,
    timeout: float = READY_TIMEOUT,
    data_dir: Path | None = None,
) -> NativePostgres:
    """initdb into a fresh temp dir (or reuse ``data_dir``), run ``postgres`` as a child, create
    the ``reqstream`` DB if missing."""
    # Not under pytest's tmp_path: its 0700 base dir would lock out the postgres user.
    if data_dir is None:
        base_dir = Path(tempfile.mkdtemp(prefix="reqstream-pg-"))
    else:
        # must be reachable by the postgres user: keep it out of 0700 homes (e.g. /var/tmp)
        base_dir = data_dir.resolve()
        base_dir.mkdir(parents=True, exist_ok=True)
    if os.geteuid() == 0:
        user = pwd.getpwnam(PG_USER)
        os.chown(base_dir, user.pw_uid, user.pw_gid)
    data = base_dir / "data"
    (port,) = free_ports(1)
    if (data / "PG_VERSION").exists():
        return _run_server(bindir, base_dir, port, pdeathsig, timeout, keep_dir=True)
    initdb = [str(bindir / "initdb"), "-D", str(data), "-U", PG_USER, "-A", "trust"]
    initdb += ["-E", "UTF8", "--locale=C.UTF-8", "--no-sync"]
    # cwd inside base_dir: the postgres user may not be allowed into the caller's cwd (e.g. /root).
    try:
        result = subprocess.run(
            _as_postgres(initdb, pdeathsig=False),
            cwd=base_dir,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    except BaseException:
        shutil.rmtree(base_dir, ignore_errors=True)
        raise
    if result.returncode != 0:
        if data_dir is None:
            shutil.rmtree(base_dir, ignore_errors=True)
        raise PostgresStartError(f"initdb failed ({result.returncode}):\n{result.stderr}")
    return _run_server(bindir, base_dir, port, pdeathsig, timeout, keep_dir=data_dir is not None)


def _run_server(
    bindir: Path, base_dir: Path, port: int, pdeathsig: bool, timeout: float, *, keep_dir: bool
) -> NativePostgres:
    data = base_dir / "data"

    server = [str(bindir / "postgres"), "-D", str(data), "-p", str(port), "-k", str(base_dir)]
    server += ["-c", "listen_addresses=127.0.0.1"]
    for setting in TEST_ONLY_SETTINGS:
        server += ["-c", setting]
    log_path = base_dir / "postgres.log"
    # Without setpriv there is nobody to set the death signal but us (prctl in the child).
    own_pdeathsig = pdeathsig and os.geteuid() != 0
    process = spawn(
        _as_postgres(server, pdeathsig=pdeathsig),
        log_path=log_path,
        cwd=base_dir,
        pdeathsig=own_pdeathsig,
    )
    pg = NativePostgres(
        url=f"postgresql+psycopg2://{PG_USER}@127.0.0.1:{port}/{DATABASE}",
        port=port,
        base_dir=base_dir,
        pid=process.pid,
        process=process,
        keep_dir=keep_dir,
    )
    try:
        _wait_and_create_database(pg, process, timeout)
    except BaseException:
        process.kill()
        process.wait()
        raise
    logger.info("postgres ready on port %d (dir %s)", port, base_dir)
    return pg


def database_answers(url: str, timeout: int = 2) -> bool:
    """One ``SELECT 1`` over a fresh connection; False on any connection failure."""
    engine = sa.create_engine(url, poolclass=sa.NullPool, connect_args={"connect_timeout": timeout})
    try:
        with engine.connect() as conn:
            conn.execute(sa.text("SELECT 1"))
    except sa.exc.OperationalError:
        return False
    finally:
        engine.dispose()
    return True


def _wait_and_create_database(
    pg: NativePostgres, process: subprocess.Popen[bytes], timeout: float
) -> None:
    admin_url = f"postgresql+psycopg2://{PG_USER}@127.0.0.1:{pg.port}/postgres"
    deadline = time.monotonic() + timeout
    while not database_answers(admin_url):
        if (code := process.poll()) is not None:
            raise _start_error(pg, f"postgres exited with code {code}")
        if time.monotonic() >= deadline:
            raise _start_error(pg, f"postgres not ready within {timeout:.0f} s")
        time.sleep(POLL_INTERVAL)
    # CREATE DATABASE cannot run inside a transaction block.
    engine = sa.create_engine(admin_url, poolclass=sa.NullPool, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            exists = conn.execute(
                sa.text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": DATABASE}
            ).first()
            if exists is None:
                conn.execute(sa.text(f'CREATE DATABASE "{DATABASE}"'))
    finally:
        engine.dispose()


def _start_error(pg: NativePostgres, reason: str) -> PostgresStartError:
    return PostgresStartError(
        f"{reason}; log: {pg.log_path}\n--- last lines ---\n{log_tail(pg.log_path)}"
    )
