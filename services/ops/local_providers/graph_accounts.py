"""Several local Graph mailboxes at one ``/v1.0``, as Graph serves every user at one URL: each
request goes to the mailbox of the user its bearer token was issued to (an unknown or expired
token reaches an empty mailbox, which answers 401). ``created_notification`` is the change
notification Graph would POST to a subscription's ``notificationUrl`` for a new message.
"""

from __future__ import annotations

import re
import threading

from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from services.ops.local_providers.graph_server import FakeGraph, created_notification
from services.ops.local_providers.identity_server import LocalIdentityProvider, LocalUser


class GraphAccounts:
    def __init__(self, server: HTTPServer, idp: LocalIdentityProvider) -> None:
        self.server = server
        self.idp = idp
        self._lock = threading.Lock()
        self._by_oid: dict[str, FakeGraph] = {}
        self._nobody = FakeGraph(server, token_validator=lambda _token: False, route=False)
        server.expect_request(re.compile(r"^/v1\.0/")).respond_with_handler(self._route)

    @property
    def base_url(self) -> str:
        return self._nobody.base_url

    def add_account(self, user: LocalUser) -> FakeGraph:
        mailbox = FakeGraph(
            self.server, token_validator=self.idp.is_valid_access_token, route=False
        )
        with self._lock:
            self._by_oid[user.oid] = mailbox
        return mailbox

    def _route(self, request: Request) -> Response:
        auth = request.headers.get("Authorization", "")
        user = self.idp.user_of_access_token(auth[7:]) if auth.startswith("Bearer ") else None
        with self._lock:
            mailbox = self._by_oid.get(user.oid, self._nobody) if user else self._nobody
        return mailbox.dispatch(request)


__all__ = ["GraphAccounts", "created_notification"]
