"""The throwaway Dovecot (``services.ops.local_providers.dovecot``) as a session fixture."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from services.ops.local_providers.dovecot import *  # noqa: F403  (the tests' names)
from services.ops.local_providers.dovecot import (
    DovecotServer,
    DovecotUnavailable,
    _stop,
    start_dovecot,
)


@pytest.fixture(scope="session")
def dovecot() -> Iterator[DovecotServer]:
    root = Path(tempfile.mkdtemp(prefix="dovecot-"))
    process: subprocess.Popen[bytes] | None = None
    try:
        try:
            server, process = start_dovecot(root)
        except DovecotUnavailable as exc:
            pytest.fail(str(exc), pytrace=False)
        yield server
    finally:
        if process is not None:
            _stop(process)
        shutil.rmtree(root)
