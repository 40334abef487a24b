"""Microsoft's side for service processes: one HTTPS server per session carrying the identity
platform (``LocalIdentityProvider``) and a Graph mailbox (``FakeGraph``), so the processes
started once per session (the pipeline's fetcher, the API) can point at it. They trust
``ca_file``, a throwaway CA of their own (not the ``trustme_ca`` of in-process tests).
"""

from __future__ import annotations

import ssl
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import trustme
from pytest_httpserver import HTTPServer

from services.ops.local_providers.graph_server import FakeGraph
from services.ops.local_providers.identity_server import (
    CLIENT_ID,
    CLIENT_SECRET,
    LocalIdentityProvider,
)


@dataclass(frozen=True)
class MicrosoftServers:
    idp: LocalIdentityProvider
    graph: FakeGraph
    ca_file: str  # PEM of the CA that signed the server's certificate

    def environment(self, prefix: str) -> dict[str, str]:
        """The app registration and endpoints in a service's settings (``FETCHER_``, ``API_``)."""
        return {
            f"{prefix}MICROSOFT_CLIENT_ID": CLIENT_ID,
            f"{prefix}MICROSOFT_CLIENT_SECRET": CLIENT_SECRET,
            f"{prefix}MICROSOFT_AUTHORITY": self.idp.authority,
            f"{prefix}CA_FILE": self.ca_file,
        }

    def client_tls(self) -> ssl.SSLContext:
        return ssl.create_default_context(cafile=self.ca_file)


@contextmanager
def tls_server(ca_dir: Path) -> Iterator[tuple[HTTPServer, str]]:
    """A started HTTPS server for localhost and the path of its CA's PEM (in ``ca_dir``)."""
    ca = trustme.CA()
    ca_file = ca_dir / "ca.pem"
    ca.cert_pem.write_to_path(str(ca_file))
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ca.issue_cert("localhost", "127.0.0.1", "::1").configure_cert(context)
    server = HTTPServer(host="localhost", port=0, ssl_context=context)
    server.start()
    try:
        yield server, str(ca_file)
    finally:
        server.clear()
        server.stop()


@contextmanager
def running_microsoft_servers(ca_dir: Path) -> Iterator[MicrosoftServers]:
    """The identity platform and Graph on one HTTPS server; its CA's PEM goes into ``ca_dir``."""
    # MSAL wants an https authority; Graph shares the server under /v1.0
    with tls_server(ca_dir) as (server, ca_file):
        idp = LocalIdentityProvider(server)
        graph = FakeGraph(server, token_validator=idp.is_valid_access_token)
        yield MicrosoftServers(idp, graph, ca_file)
