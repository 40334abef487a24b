"""One IDLE connection to a tenant's IMAP folder, through the fetcher's safe connect path:
the deployment's policy checks the settings, every resolved address is checked and the checked
one is the one connected to (``services.fetcher.providers.imap_connect``), so the watcher
refuses exactly what a sync refuses. Read-only: the folder is EXAMINEd, nothing is fetched."""

from __future__ import annotations

import imaplib
import ssl as ssl_lib
from contextlib import suppress
from dataclasses import dataclass, field
from typing import Any

from imapclient import SocketTimeout

from services.domain.network import MailServerPolicy
from services.domain.wire_text import require_wire_safe
from services.fetcher.providers.imap_connect import (
    PinnedIMAPClient,
    Resolver,
    checked_address,
    resolve_host,
)


class SettingsRefused(Exception):  # noqa: N818  (named for what happened)
    """The integration's settings break the deployment's policy (as the API would refuse)."""


@dataclass(frozen=True)
class WatchedMailbox:
    """An IMAP integration's folder, as the watcher connects to it."""

    integration_id: int
    host: str
    port: int
    use_tls: bool
    username: str
    folder: str
    password: str = field(repr=False)


class IdleConnection:
    """Connects, logs in and EXAMINEs the folder on ``open``; then IDLE rounds."""

    def __init__(
        self,
        mailbox: WatchedMailbox,
        *,
        policy: MailServerPolicy,
        ssl_context: ssl_lib.SSLContext | None,
        connect_timeout: float,
        resolve: Resolver = resolve_host,
    ) -> None:
        self._mailbox, self._policy, self._resolve = mailbox, policy, resolve
        self._ssl_context, self._connect_timeout = ssl_context, connect_timeout
        self._client: Any = None

    def open(self) -> None:
        """SettingsRefused for settings the policy refuses; else CONNECTION_FAILURES."""
        box = self._mailbox
        try:
            host = self._policy.check_settings(host=box.host, port=box.port, use_tls=box.use_tls)
            for name, value in (
                ("username", box.username),
                ("password", box.password),
                ("folder", box.folder),
            ):
                require_wire_safe(name, value)
        except ValueError as exc:
            raise SettingsRefused(str(exc)) from None
        address = checked_address(
            host,
            box.port,
            policy=self._policy,
            resolve=self._resolve,
            timeout=self._connect_timeout,
        )
        client = PinnedIMAPClient(
            host,
            address=address,
            port=box.port,
            ssl=box.use_tls,
            ssl_context=self._ssl_context,
            timeout=SocketTimeout(self._connect_timeout, self._connect_timeout),
        )
        self._client = client
        client.login(box.username, box.password)
        client.select_folder(box.folder, readonly=True)

    def start_idle(self) -> None:
        self._client.idle()

    def responses(self, timeout: float) -> list[Any]:
        """Untagged responses received within ``timeout`` seconds (none: an empty list)."""
        return list(self._client.idle_check(timeout=timeout))

    def end_idle(self) -> None:
        self._client.idle_done()

    def close(self) -> None:
        client, self._client = self._client, None
        if client is not None:
            with suppress(OSError, imaplib.IMAP4.error):
                client.shutdown()
