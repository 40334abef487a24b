"""The fetcher against hostile integrations (issue 12): SSRF through IMAP hosts, DNS rebinding,
banner reading, command injection and clear-text passwords. Real sockets, a real Dovecot and,
for the whole sync, real PostgreSQL; the resolver is the only stand-in (a test cannot own DNS)."""

from __future__ import annotations

import ipaddress
import socket
import socketserver
import threading
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
import stamina
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from schemas.contracts.models import Provider
from services.api.main import build_app
from services.common.crypto import CredentialCipher
from services.db.credentials import store_credentials
from services.db.models import EmailIntegration, SyncRun
from services.db.session import transaction
from services.domain.errors import RetriesExhausted
from services.domain.network import (
    AllowList,
    IpAddress,
    MailServerPolicy,
    parse_ports,
    refusal_reason,
)
from services.fetcher.providers.base import ProviderConfigError, Timeouts, Transient
from services.fetcher.providers.factory import ProviderFactory
from services.fetcher.providers.imap import ImapProvider
from services.fetcher.providers.imap_connect import resolve_host
from services.fetcher.settings import FetcherSettings
from services.fetcher.wiring import SyncProcessor, build_sync_mailbox
from tests.pipeline_fixtures import new_tenant
from tests.providers.dovecot import DovecotServer, dovecot  # noqa: F401
from tests.services.api.api_app import api_settings
from tests.services.fetcher.test_wiring import request_for

KEYWORDS = ["java developer"]
ANY_HIGH_PORT = parse_ports(["1024-65535"])  # the test servers listen on free ports
BANNER_SECRET = "internal-build-7f3a9c"
BANNERS = [
    f"SSH-2.0-OpenSSH_9.6p1 {BANNER_SECRET}\r\n",  # not an IMAP server at all
    f"* BYE {BANNER_SECRET} maintenance\r\n",  # an IMAP server refusing us, in its own words
]


class BannerServer(socketserver.ThreadingTCPServer):
    """A loopback listener that greets every connection with ``banner`` and hangs up."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, banner: str) -> None:
        self.banner = banner.encode()
        super().__init__(("127.0.0.1", 0), _Greet)

    @property
    def port(self) -> int:
        return int(self.server_address[1])


class _Greet(socketserver.BaseRequestHandler):
    def handle(self) -> None:
        assert isinstance(self.server, BannerServer)
        self.request.sendall(self.server.banner)


class _HostileImap(socketserver.StreamRequestHandler):
    """Speaks IMAP well enough to log in, then answers SELECT with a UIDVALIDITY that is text."""

    def handle(self) -> None:
        self.wfile.write(b"* OK [CAPABILITY IMAP4rev1] ready\r\n")
        for line in self.rfile:
            tag, command = (line.split() + [b"", b""])[:2]
            command = command.upper()
            if command in (b"SELECT", b"EXAMINE"):
                self.wfile.write(f"* OK [UIDVALIDITY {BANNER_SECRET}] UIDs\r\n".encode())
            elif command == b"CAPABILITY":
                self.wfile.write(b"* CAPABILITY IMAP4rev1\r\n")
            elif command == b"LOGOUT":
                self.wfile.write(b"* BYE\r\n" + tag + b" OK bye\r\n")
                return
            self.wfile.write(tag + b" OK done\r\n")


@pytest.fixture
def hostile_imap() -> Iterator[socketserver.ThreadingTCPServer]:
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), _HostileImap)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture(params=BANNERS, ids=["ssh", "bye"])
def banner_server(request: pytest.FixtureRequest) -> Iterator[BannerServer]:
    server = BannerServer(request.param)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def listener() -> Iterator[socket.socket]:
    """A bare listening socket: any connection attempt would wait in its backlog."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(8)
    sock.setblocking(False)
    yield sock
    sock.close()


def nobody_connected(sock: socket.socket) -> bool:
    try:
        conn, _ = sock.accept()  # non-blocking: only a connection already made is returned
    except BlockingIOError:
        return True
    conn.close()
    return False


def resolver(*answers: str) -> tuple[list[str], Any]:
    """A resolver answering each lookup with the next address; the list records the names."""
    asked: list[str] = []
    queue = [ipaddress.ip_address(a) for a in answers]

    def resolve(host: str, port: int) -> list[IpAddress]:
        asked.append(host)
        return [queue[min(len(asked), len(queue)) - 1]]

    return asked, resolve


def test_a_name_resolving_to_loopback_is_refused_before_any_connection(
    listener: socket.socket,
) -> None:
    port = listener.getsockname()[1]
    asked, resolve = resolver("127.0.0.1")
    provider = ImapProvider(
        host="mail.attacker.example",
        port=port,
        username="u",
        password="p",
        policy=MailServerPolicy(ports=ANY_HIGH_PORT),  # no allow-list: loopback is refused
        resolve=resolve,
    )

    with pytest.raises(ProviderConfigError) as caught:
        provider.list_matching(keywords=KEYWORDS, cursor=None)

    assert str(caught.value) == f"IMAP mail.attacker.example:{port}: address not allowed"
    assert asked == ["mail.attacker.example"]
    assert nobody_connected(listener)


def test_a_name_that_does_not_resolve_in_time_fails_as_host_not_found(
    listener: socket.socket,
) -> None:
    """A resolver that hangs (a tenant's slow DNS) fails the connect within the connect timeout;
    before, the sync waited for the resolver, holding a fetcher slot."""
    port = listener.getsockname()[1]
    asked, answered, release = threading.Event(), threading.Event(), threading.Event()

    def hanging(host: str, port: int) -> list[ipaddress.IPv4Address | ipaddress.IPv6Address]:
        asked.set()
        release.wait(timeout=5)  # the old code waited all of this, then connected
        answered.set()
        return [ipaddress.ip_address("127.0.0.1")]

    provider = ImapProvider(
        host="slow.attacker.example",
        port=port,
        username="u",
        password="p",
        timeout=Timeouts(connect=0.2, read=1),
        policy=MailServerPolicy(ports=ANY_HIGH_PORT),
        resolve=hanging,
    )
    try:
        with pytest.raises(Transient) as caught:
            provider.list_matching(keywords=KEYWORDS, cursor=None)
        assert not answered.is_set()  # gave up while the resolver still hung
    finally:
        release.set()

    assert asked.is_set()
    assert str(caught.value) == f"IMAP slow.attacker.example:{port}: host not found"
    assert nobody_connected(listener)


def test_the_real_resolver_refuses_this_machines_own_name(listener: socket.socket) -> None:
    """The machine's host name resolves (/etc/hosts) to one of its own addresses."""
    host, port = socket.gethostname(), listener.getsockname()[1]
    try:
        addresses = resolve_host(host, port)
    except OSError:
        pytest.skip(f"{host!r} does not resolve here")
    if any(refusal_reason(a) is None for a in addresses):
        pytest.skip(f"{host!r} resolves to a public address here")
    provider = ImapProvider(
        host=host,
        port=port,
        username="u",
        password="p",
        policy=MailServerPolicy(ports=ANY_HIGH_PORT),
    )

    with pytest.raises(ProviderConfigError, match="address not allowed$"):
        provider.list_matching(keywords=KEYWORDS, cursor=None)
    assert nobody_connected(listener)


def test_the_factory_refuses_internal_addresses_with_the_deployment_policy(
    listener: socket.socket,
) -> None:
    """Through the settings the fetcher runs with (no allow-list: the default)."""
    port = listener.getsockname()[1]
    settings = FetcherSettings(
        kafka_bootstrap_servers="unused:9092",
        database_url="postgresql://unused/unused",
        imap_allowed_ports=("1024-65535",),
    )
    policy = ProviderFactory(settings, cipher=None).settings.mail_server_policy()
    for host in ("127.0.0.1", "169.254.169.254", "10.0.0.8", "::ffff:127.0.0.1"):
        with pytest.raises(ProviderConfigError, match="is not allowed"):
            ImapProvider(host=host, port=port, username="u", password="p", policy=policy)
    assert nobody_connected(listener)


@pytest.mark.imap
def test_the_checked_address_is_the_one_connected_to(dovecot: DovecotServer) -> None:  # noqa: F811
    """A rebinding resolver (loopback when checked, the metadata address after) gains nothing:
    the name is resolved once and the connection goes to the address that was checked. The
    name exists in no real DNS, so a second lookup by the IMAP library would fail the sync."""
    user, password = dovecot.new_user()
    asked, resolve = resolver("127.0.0.1", "169.254.169.254")
    provider = ImapProvider(
        host="mail.rebinding.example",
        port=dovecot.port,
        username=user,
        password=password,
        ssl=False,
        policy=MailServerPolicy(
            allow_list=AllowList.parse(["127.0.0.1"]), ports=ANY_HIGH_PORT, allow_plaintext=True
        ),
        resolve=resolve,
    )
    try:
        assert provider.list_matching(keywords=KEYWORDS, cursor=None) == []
    finally:
        provider.close()
    assert asked == ["mail.rebinding.example"]


@pytest.mark.imap
def test_tls_verifies_the_certificate_against_the_host_name(
    dovecot: DovecotServer,  # noqa: F811
) -> None:
    """Connected by address, verified by name: the test certificate names localhost and
    127.0.0.1, so the same server is trusted as localhost and refused as another name."""
    user, password = dovecot.new_user()
    policy = MailServerPolicy(
        allow_list=AllowList.parse(["localhost", "127.0.0.1"]), ports=ANY_HIGH_PORT
    )

    def provider(host: str) -> ImapProvider:
        return ImapProvider(
            host=host,
            port=dovecot.tls_port,
            username=user,
            password=password,
            ssl_context=dovecot.tls_context(),
            policy=policy,
            resolve=resolver("127.0.0.1")[1],
        )

    trusted, impostor = provider("localhost"), provider("imap.someone-else.example")
    try:
        assert trusted.list_matching(keywords=KEYWORDS, cursor=None) == []
        with pytest.raises(Transient) as caught:
            impostor.list_matching(keywords=KEYWORDS, cursor=None)
    finally:
        trusted.close()
        impostor.close()
    assert str(caught.value) == f"IMAP imap.someone-else.example:{dovecot.tls_port}: TLS failed"


def loopback_provider(port: int) -> ImapProvider:
    """Plain IMAP to a test server on loopback, as an operator allowing it would configure."""
    return ImapProvider(
        host="127.0.0.1",
        port=port,
        username="recruiter",
        password="pw-1234",
        ssl=False,
        policy=MailServerPolicy(
            allow_list=AllowList.parse(["127.0.0.1"]), ports=ANY_HIGH_PORT, allow_plaintext=True
        ),
    )


def test_a_servers_banner_is_never_shown_as_the_error(banner_server: BannerServer) -> None:
    provider = loopback_provider(banner_server.port)

    with pytest.raises(Transient) as caught:
        provider.list_matching(keywords=KEYWORDS, cursor=None)

    assert str(caught.value) == f"IMAP 127.0.0.1:{banner_server.port}: unexpected server response"
    # chained only for the operator's traceback, never shown: ``from None``
    assert caught.value.__cause__ is None and caught.value.__suppress_context__


def test_a_response_that_does_not_parse_is_not_quoted(
    hostile_imap: socketserver.ThreadingTCPServer,
) -> None:
    port = int(hostile_imap.server_address[1])
    provider = loopback_provider(port)

    with pytest.raises(Transient) as caught:
        provider.list_matching(keywords=KEYWORDS, cursor=None)

    assert str(caught.value) == f"IMAP 127.0.0.1:{port}: unexpected server response"


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("username", "recruiter\r\nA2 LOGOUT"),
        ("password", "pw\nA2 DELETE INBOX"),
        ("folder", "INBOX\r\nA3 EXPUNGE"),
        ("host", "imap.example.com\r\n"),
        ("username", "nul\x00byte"),
    ],
)
def test_control_characters_never_reach_the_server(
    listener: socket.socket, field: str, value: str
) -> None:
    settings: dict[str, Any] = {
        "host": "imap.example.com",
        "port": 993,
        "username": "recruiter",
        "password": "pw",
        "folder": "INBOX",
    }
    with pytest.raises(ProviderConfigError) as caught:
        ImapProvider(**(settings | {field: value}), resolve=resolver("127.0.0.1")[1])
    assert f"{field} contains control characters" in str(caught.value)
    assert value not in str(caught.value)


def test_plain_imap_is_refused_unless_the_operator_allows_it() -> None:
    with pytest.raises(ProviderConfigError, match="use_tls must be true"):
        ImapProvider(host="imap.example.com", port=143, username="u", password="p", ssl=False)
    allowed = MailServerPolicy(allow_plaintext=True)
    ImapProvider(
        host="imap.example.com", port=143, username="u", password="p", ssl=False, policy=allowed
    )


# --- the whole sync: what the tenant sees in last_sync_error, the run and the run page -------


@pytest.fixture(autouse=True)
def no_sleeping() -> Iterator[None]:
    with stamina.set_testing(True, attempts=2, cap=True):
        yield


@pytest.mark.postgres
def test_a_banner_reaches_neither_the_integration_nor_the_run_page(
    banner_server: BannerServer,
    sessions: sessionmaker[Session],
    prepared: tuple[str, str],
    token_keys: str,
    cipher: CredentialCipher,
) -> None:
    ids = new_tenant(sessions, mailbox=None, roles=["Java Developer"], provider="imap")
    with transaction(sessions) as session:
        row = session.get(EmailIntegration, ids.integration_id)
        assert row is not None
        row.config = {
            "host": "127.0.0.1",
            "port": banner_server.port,
            "username": "recruiter",
            "use_tls": False,
            "folder": "INBOX",
        }
        store_credentials(
            session, integration_id=row.id, cipher=cipher, credentials={"password": "pw"}
        )
    settings = FetcherSettings(
        kafka_bootstrap_servers="unused:9092",
        database_url=prepared[1],
        token_encryption_keys=token_keys,
        syncs_per_period=10_000,
        # an operator who runs an on-premise server on loopback, plain-text
        imap_allowed_hosts=("127.0.0.1",),
        imap_allowed_ports=("1024-65535",),
        imap_allow_plaintext=True,
    )
    processor = SyncProcessor(build_sync_mailbox(settings, sessions))
    sync_id = uuid.uuid4()
    request = request_for(ids, sync_id).model_copy(update={"provider": Provider.IMAP})

    with pytest.raises(RetriesExhausted) as exhausted:
        processor.process(request)

    with transaction(sessions) as session:
        integration = session.get(EmailIntegration, ids.integration_id)
        run = session.get(SyncRun, sync_id)
        assert integration is not None and run is not None
        shown = [integration.last_sync_error or "", run.message or "", exhausted.value.reason]
    expected = f"IMAP 127.0.0.1:{banner_server.port}: unexpected server response"
    assert all(expected in text for text in shown), shown
    with TestClient(build_app(api_settings(prepared[1]), sessions=sessions)) as client:
        page = client.get("/runs", headers={"X-API-Key": ids.api_key})
        runs = client.get(f"/syncs/{sync_id}", headers={"X-API-Key": ids.api_key})
    assert page.status_code == runs.status_code == 200
    assert "unexpected server response" in page.text
    for text in [*shown, page.text, runs.text]:
        assert BANNER_SECRET not in text
