"""Connecting to a tenant's IMAP server safely: resolve once (within the connect timeout: the
system resolver's own waits are not ours to choose), check every address against the
deployment's policy, connect to the checked address (a DNS rebinding between check and connect
cannot swap it) while TLS still verifies the certificate against the host name; and turn any
failure into a fixed category, so the server's own bytes never reach the tenant."""

from __future__ import annotations

import errno
import imaplib
import ipaddress
import logging
import socket
import ssl as ssl_lib
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from typing import Any

from imapclient import IMAPClient, imap4, tls
from imapclient.exceptions import LoginError

from services.domain.connect_failures import ConnectFailure
from services.domain.network import IpAddress, MailServerPolicy

log = logging.getLogger(__name__)

Resolver = Callable[[str, int], list[IpAddress]]
# RFC 5530 response codes that say "try again later" rather than "your credentials are bad"
TEMPORARY_CODES = frozenset({"UNAVAILABLE", "INUSE", "LIMIT", "SERVERBUG", "THROTTLED"})
_UNREACHABLE = frozenset({errno.ENETUNREACH, errno.EHOSTUNREACH, errno.EADDRNOTAVAIL})
# what IMAPClient (or our reading of its results) raises on a response it cannot parse, e.g.
# int(b"<server text>") for a UIDVALIDITY: the message quotes the server, so it is categorised
MALFORMED_RESPONSE: tuple[type[Exception], ...] = (ValueError, KeyError, IndexError, TypeError)


# lookups run here so a caller can stop waiting; a lookup nobody waits for any more still holds
# its worker until the system resolver gives up, so a flood of slow names queues behind these
# few workers (and times out) instead of piling up threads
_LOOKUPS = ThreadPoolExecutor(max_workers=8, thread_name_prefix="imap-resolve")


class ResolveTimedOut(socket.gaierror):
    """The name did not resolve within the connect timeout (shown as "host not found")."""


class AddressRefused(Exception):  # noqa: N818  (named for what happened)
    """The host resolved to an address the deployment's policy refuses."""


# everything talking to a tenant's server may raise; each becomes a category (failure_of)
CONNECTION_FAILURES: tuple[type[Exception], ...] = (
    imaplib.IMAP4.error,
    OSError,
    AddressRefused,
    *MALFORMED_RESPONSE,
)


def resolve_host(host: str, port: int) -> list[IpAddress]:
    """Every address ``host`` resolves to, in the resolver's order (socket.gaierror if none)."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    addresses = (ipaddress.ip_address(str(info[4][0]).split("%")[0]) for info in infos)
    return list(dict.fromkeys(addresses))


def resolve_within(resolve: Resolver, host: str, port: int, *, timeout: float) -> list[IpAddress]:
    """``resolve(host, port)``, or ResolveTimedOut once ``timeout`` seconds have passed: a slow
    name never holds a fetcher's sync slot longer than a silent server would."""
    lookup = _LOOKUPS.submit(resolve, host, port)
    try:
        return lookup.result(timeout=timeout)
    except FutureTimeout:
        lookup.cancel()  # still queued behind slow lookups: never started
        raise ResolveTimedOut(socket.EAI_AGAIN, f"no answer within {timeout:g} s") from None


def checked_address(
    host: str, port: int, *, policy: MailServerPolicy, resolve: Resolver, timeout: float
) -> IpAddress:
    """The address to connect to, resolved within ``timeout`` seconds; AddressRefused when any
    address of ``host`` is refused."""
    addresses = resolve_within(resolve, host, port, timeout=timeout)
    refused = policy.refused_addresses(host, addresses)
    if refused or not addresses:
        log.warning("IMAP host %r refused: resolves to %s", host, ", ".join(refused) or "nothing")
        raise AddressRefused(host)
    return addresses[0]


class _PinnedTLS(tls.IMAP4_TLS):  # type: ignore[misc]  # imapclient ships no types
    def __init__(
        self, host: str, port: int, ctx: ssl_lib.SSLContext | None, timeout: Any, address: str
    ) -> None:
        self._address = address
        super().__init__(host, port, ctx, timeout)

    def _create_socket(self, timeout: float | None = None) -> socket.socket:
        sock = socket.create_connection((self._address, self.port), timeout or self._timeout)
        return tls.wrap_socket(sock, self.ssl_context, self.host)  # type: ignore[no-any-return]  # untyped


class _PinnedPlain(imap4.IMAP4WithTimeout):  # type: ignore[misc]  # imapclient ships no types
    def __init__(self, host: str, port: int, timeout: Any, address: str) -> None:
        self._address = address
        super().__init__(host, port, timeout)

    def _create_socket(self, timeout: float | None = None) -> socket.socket:
        return socket.create_connection((self._address, self.port), timeout or self._timeout)


class PinnedIMAPClient(IMAPClient):  # type: ignore[misc]  # imapclient ships no types
    """IMAPClient connecting to ``address``; ``host`` is kept for TLS server-name checks."""

    def __init__(self, host: str, *, address: IpAddress, **kwargs: Any) -> None:
        self._address = str(address)
        super().__init__(host, **kwargs)

    def _create_IMAP4(self) -> imaplib.IMAP4:  # noqa: N802  (IMAPClient's name)
        timeout = self._timeout.connect
        if self.ssl:
            return _PinnedTLS(self.host, self.port, self.ssl_context, timeout, self._address)
        return _PinnedPlain(self.host, self.port, timeout, self._address)


def response_code(exc: BaseException) -> str | None:
    text = str(exc)
    start = text.find("[")
    if start < 0:
        return None
    code = text[start + 1 :].split("]", 1)[0].split(" ", 1)[0]
    return code if code.replace("-", "").isalpha() and code.isupper() else None


def failure_of(
    exc: BaseException,
    *,
    connected: bool,
    rejected: ConnectFailure = ConnectFailure.COMMAND_REJECTED,
) -> ConnectFailure:
    """The category a tenant is shown for ``exc`` (raised while connecting when not
    ``connected``, else by a command on an open connection, which the server ``rejected``)."""
    if isinstance(exc, AddressRefused):
        return ConnectFailure.ADDRESS_NOT_ALLOWED
    if isinstance(exc, LoginError):
        code = response_code(exc)
        if code in TEMPORARY_CODES:
            return ConnectFailure.TEMPORARILY_UNAVAILABLE
        if code == "PRIVACYREQUIRED":  # plain IMAP configured where the server wants TLS
            return ConnectFailure.TLS_REQUIRED
        return ConnectFailure.AUTH_FAILED
    if isinstance(exc, socket.gaierror):
        return ConnectFailure.HOST_NOT_FOUND
    if isinstance(exc, ssl_lib.SSLError | ssl_lib.CertificateError):
        return ConnectFailure.TLS_FAILED
    if isinstance(exc, TimeoutError):
        return ConnectFailure.TIMED_OUT
    if isinstance(exc, ConnectionRefusedError):
        return ConnectFailure.REFUSED
    if isinstance(exc, OSError) and exc.errno in _UNREACHABLE:
        return ConnectFailure.UNREACHABLE
    if isinstance(exc, imaplib.IMAP4.error) and response_code(exc) in TEMPORARY_CODES:
        return ConnectFailure.TEMPORARILY_UNAVAILABLE
    if isinstance(exc, MALFORMED_RESPONSE):
        return ConnectFailure.PROTOCOL
    if not connected:  # a greeting that is not IMAP (another service's banner), or a BYE
        return ConnectFailure.PROTOCOL
    if isinstance(exc, imaplib.IMAP4.abort | OSError):
        return ConnectFailure.CONNECTION_LOST
    return rejected
