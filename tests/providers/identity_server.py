"""Local HTTPS test servers (pytest fixtures) and the Microsoft identity platform stand-in
(``services.ops.local_providers.identity_server``).

pytest finds fixtures by name, so import them into the test module (or a conftest) and mention
them once, which keeps ruff's F401/F811 quiet::

    from tests.providers.identity_server import (
        ca_pem_file, clean_tls_env, client_ssl_context, https_server, https_server_session,
        httpserver_ssl_context, trustme_ca,
    )
    FIXTURES = (ca_pem_file, clean_tls_env, client_ssl_context, https_server, ...)

``https_server`` is one HTTPS pytest-httpserver per session, cleared before each test.
``httpserver_ssl_context`` would also turn pytest-httpserver's own ``httpserver`` fixture into
HTTPS, but that server is session-scoped and built once: override it only where every test of
the session wants HTTPS.
"""

from __future__ import annotations

import ssl
from collections.abc import Iterator

import pytest
import trustme
from pytest_httpserver import HTTPServer

from services.ops.local_providers.identity_server import *  # noqa: F403  (the tests' names)
from services.ops.local_providers.identity_server import TLS_ENV_VARS


@pytest.fixture(scope="session")
def trustme_ca() -> trustme.CA:
    return trustme.CA()


@pytest.fixture(scope="session")
def ca_pem_file(trustme_ca: trustme.CA, tmp_path_factory: pytest.TempPathFactory) -> str:
    """The CA certificate as a PEM file: what requests (and so MSAL) needs for ``verify``."""
    path = tmp_path_factory.mktemp("trustme") / "ca.pem"
    trustme_ca.cert_pem.write_to_path(str(path))
    return str(path)


@pytest.fixture(scope="session")
def httpserver_ssl_context(trustme_ca: trustme.CA) -> ssl.SSLContext:
    """Server side TLS for localhost, 127.0.0.1 and ::1."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    trustme_ca.issue_cert("localhost", "127.0.0.1", "::1").configure_cert(context)
    return context


@pytest.fixture(scope="session")
def client_ssl_context(ca_pem_file: str) -> ssl.SSLContext:
    """Client side TLS trusting only the test CA (httpx 0.28 wants a context, not a path)."""
    return ssl.create_default_context(cafile=ca_pem_file)


@pytest.fixture(scope="session")
def https_server_session(httpserver_ssl_context: ssl.SSLContext) -> Iterator[HTTPServer]:
    # one server per session: stopping a werkzeug server takes ~0.5 s (its poll interval)
    server = HTTPServer(host="localhost", port=0, ssl_context=httpserver_ssl_context)
    server.start()
    yield server
    server.clear()
    if server.is_running():
        server.stop()


@pytest.fixture
def https_server(https_server_session: HTTPServer) -> Iterator[HTTPServer]:
    """The session's HTTPS server with no handlers, an empty log, and handler errors raised."""
    server = https_server_session
    server.clear()
    try:
        yield server
        server.check_handler_errors()  # a crashing fake handler must fail the test
    finally:
        server.clear()


@pytest.fixture
def clean_tls_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """Some CI images set these; with requests they silently replace ``Session.verify``."""
    for name in TLS_ENV_VARS:
        monkeypatch.delenv(name, raising=False)
