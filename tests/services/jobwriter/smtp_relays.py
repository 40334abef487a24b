"""Local SMTP relays (aiosmtpd) for notifier and outbox tests: plain, or STARTTLS with a
throwaway trustme CA and AUTH required; handlers that record or refuse."""

from __future__ import annotations

import asyncio
import ssl
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.parser import BytesParser
from email.policy import default as default_policy
from pathlib import Path
from typing import Any

import trustme
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from services.demo.run import free_port

USERNAME = "reqstream-relay"
PASSWORD = "s3cret-relay-password-7f3a"  # noqa: S105  (a test relay's password)


@dataclass
class Delivered:
    message: EmailMessage
    authenticated_as: str | None
    tls: bool


@dataclass
class RecordingRelay:
    """Keeps every accepted message. The first ``refuse`` DATA commands get a 451 (not
    accepted); the first ``fail_quit`` QUIT commands a 421 (after the message was accepted)."""

    refuse: int = 0
    fail_quit: int = 0
    delay: float = 0.0  # seconds each DATA takes, so that concurrent senders overlap
    delivered: list[Delivered] = field(default_factory=list)
    refused: int = 0
    quits_failed: int = 0

    async def handle_QUIT(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        if self.quits_failed < self.fail_quit:
            self.quits_failed += 1
            return "421 4.3.2 shutting down"
        return "221 Bye"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        await asyncio.sleep(self.delay)
        if self.refused < self.refuse:
            self.refused += 1
            return "451 4.3.0 try again later"
        parsed = BytesParser(policy=default_policy).parsebytes(envelope.content)
        assert isinstance(parsed, EmailMessage)
        login = session.auth_data if session.authenticated else None
        self.delivered.append(Delivered(parsed, login, server._tls_protocol is not None))
        return "250 OK"


def _authenticate(
    server: Any, session: Any, envelope: Any, mechanism: str, auth_data: Any
) -> AuthResult:
    ok = isinstance(auth_data, LoginPassword) and (auth_data.login, auth_data.password) == (
        USERNAME.encode(),
        PASSWORD.encode(),
    )
    return AuthResult(success=ok, handled=False, auth_data=USERNAME if ok else None)


@dataclass(frozen=True)
class Relay:
    handler: RecordingRelay
    port: int
    ca_file: Path | None = None


@contextmanager
def plain_relay(handler: RecordingRelay) -> Iterator[Relay]:
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield Relay(handler, port)
    finally:
        controller.stop()


@contextmanager
def starttls_auth_relay(handler: RecordingRelay, tmp_path: Path) -> Iterator[Relay]:
    """STARTTLS required before anything, then AUTH required before MAIL."""
    ca = trustme.CA()
    server_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("127.0.0.1").configure_cert(server_context)
    ca_file = tmp_path / "relay-ca.pem"
    ca.cert_pem.write_to_path(str(ca_file))
    port = free_port()
    controller = Controller(
        handler,
        hostname="127.0.0.1",
        port=port,
        tls_context=server_context,
        require_starttls=True,
        auth_required=True,
        auth_require_tls=True,
        authenticator=_authenticate,
    )
    controller.start()
    try:
        yield Relay(handler, port, ca_file)
    finally:
        controller.stop()
