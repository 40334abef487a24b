"""Provider timeouts: a silent mail server costs a sync the connect timeout, not minutes."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator

import pytest

from services.domain.network import AllowList, MailServerPolicy, parse_ports
from services.fetcher.providers.base import Timeouts, Transient
from services.fetcher.providers.imap import ImapProvider
from services.fetcher.settings import FetcherSettings

LOOPBACK_POLICY = MailServerPolicy(
    allow_list=AllowList.parse(["127.0.0.1"]),
    ports=parse_ports(["1024-65535"]),
    allow_plaintext=True,
)


@pytest.fixture
def silent_port() -> Iterator[int]:
    """A listener that completes TCP handshakes (the kernel's backlog) and never says a word."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(16)
        yield listener.getsockname()[1]


def test_defaults_are_short() -> None:
    settings = FetcherSettings(
        kafka_bootstrap_servers="unused:9092", database_url="postgresql://unused/unused"
    )
    assert settings.provider_connect_timeout_seconds == Timeouts().connect == 10.0
    assert settings.provider_read_timeout_seconds == Timeouts().read == 30.0
    assert Timeouts.of(5) == Timeouts(5, 5)


def test_silent_imap_server_fails_after_the_connect_timeout(silent_port: int) -> None:
    # the greeting is awaited under the connect timeout: with the read timeout (an hour here)
    # the sync would hang; the worker thread's bounded join says it did not
    provider = ImapProvider(
        host="127.0.0.1",
        port=silent_port,
        username="u",
        password="p",
        ssl=False,
        timeout=Timeouts(connect=0.5, read=3600),
        policy=LOOPBACK_POLICY,
    )
    failures: list[BaseException] = []

    def sync() -> None:
        try:
            provider.list_matching(keywords=["x"], cursor=None)
        except BaseException as exc:  # noqa: BLE001  (handed to the test thread)
            failures.append(exc)

    worker = threading.Thread(target=sync, daemon=True)
    worker.start()
    worker.join(timeout=60)
    assert not worker.is_alive(), "the sync waited on the silent server past its connect timeout"
    assert len(failures) == 1 and isinstance(failures[0], Transient)
    assert "timed out" in str(failures[0]).lower()
    provider.close()
