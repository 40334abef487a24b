"""Microsoft's side for service processes (``services.ops.local_providers.microsoft``), as a
session fixture."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from services.ops.local_providers.microsoft import *  # noqa: F403  (the tests' names)
from services.ops.local_providers.microsoft import MicrosoftServers, running_microsoft_servers


@pytest.fixture(scope="session")
def microsoft_servers_session(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[MicrosoftServers]:
    with running_microsoft_servers(tmp_path_factory.mktemp("microsoft-ca")) as servers:
        yield servers
