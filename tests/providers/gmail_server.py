"""The local Gmail (``services.ops.local_providers.gmail_server``) and its pytest fixtures."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from services.ops.local_providers.gmail_server import *  # noqa: F403  (the tests' names)
from services.ops.local_providers.gmail_server import FakeGmail, running_fake_gmail


@pytest.fixture
def gmail_server() -> Iterator[FakeGmail]:
    with running_fake_gmail() as fake:
        yield fake


@pytest.fixture(scope="session")
def gmail_server_session() -> Iterator[FakeGmail]:
    """One fake for the whole session: service processes started once point at it."""
    with running_fake_gmail() as fake:
        yield fake
