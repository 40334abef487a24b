"""PostgreSQL from the session fixture, and the native cluster's own life cycle."""

import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa

from services.infra.postgres_native import (
    PostgresStartError,
    find_pg_bindir,
    start_native_postgres,
)
from services.infra.process import pid_alive, wait_gone


def bindir_or_skip() -> Path:
    try:
        return find_pg_bindir()
    except PostgresStartError as exc:
        pytest.skip(str(exc))


@pytest.mark.postgres
def test_select_and_create_table(database_url: str) -> None:
    engine = sa.create_engine(database_url)
    try:
        with engine.begin() as conn:
            assert conn.execute(sa.text("SELECT 1")).scalar_one() == 1
            conn.execute(sa.text("CREATE TABLE infra_probe (id int PRIMARY KEY, note text)"))
            conn.execute(sa.text("INSERT INTO infra_probe VALUES (1, 'ok')"))
            assert conn.execute(sa.text("SELECT note FROM infra_probe")).scalar_one() == "ok"
            conn.execute(sa.text("DROP TABLE infra_probe"))
    finally:
        engine.dispose()


@pytest.mark.postgres
def test_stop_ends_process_and_removes_dir() -> None:
    pg = start_native_postgres(bindir=bindir_or_skip(), pdeathsig=True)
    assert pg.is_running()
    assert pg.url.endswith("/reqstream")
    pg.stop()
    assert not pid_alive(pg.pid, pg.process)
    assert not pg.base_dir.exists()


# Starts a cluster tied to its own life, reports it, then waits to be killed.
CHILD = """
import json, sys, time
from services.infra.postgres_native import find_pg_bindir, start_native_postgres
pg = start_native_postgres(bindir=find_pg_bindir(), pdeathsig=True)
print(json.dumps({"pid": pg.pid, "dir": str(pg.base_dir)}), flush=True)
time.sleep(120)
"""


@pytest.mark.postgres
def test_server_dies_with_its_parent() -> None:
    bindir_or_skip()
    parent = subprocess.Popen([sys.executable, "-c", CHILD], stdout=subprocess.PIPE, text=True)
    try:
        assert parent.stdout is not None
        started = json.loads(parent.stdout.readline())
    finally:
        os.kill(parent.pid, signal.SIGKILL)  # no chance to clean up: only the kernel can help
        parent.wait()
    try:
        assert wait_gone(started["pid"], None, timeout=20), "postgres outlived its parent"
    finally:
        shutil.rmtree(started["dir"], ignore_errors=True)


def test_bindir_override_without_initdb_is_rejected(tmp_path: Path) -> None:
    with pytest.raises(PostgresStartError, match="no initdb"):
        find_pg_bindir(tmp_path)
