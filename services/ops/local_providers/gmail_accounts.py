"""Several local Gmail mailboxes behind one listener, as Google serves every account at one URL.

The token endpoint answers from the mailbox that knows the refresh token; every API call goes
to the mailbox that issued its bearer token. An unknown token reaches an empty mailbox, which
refuses it as Gmail would (``invalid_grant``, 401).
"""

from __future__ import annotations

import json
import threading
import uuid
from collections.abc import Callable

from services.ops.local_providers.gmail_server import FakeGmail, RecordedRequest

# (address, history id) of a watched mailbox's new message: where Pub/Sub would push
Notify = Callable[[str, int], None]


class GmailAccounts:
    def __init__(self) -> None:
        self.api_delay = 0.0  # seconds; every account's (GmailBackend)
        self._lock = threading.Lock()
        self._by_refresh_token: dict[str, FakeGmail] = {}
        self._by_access_token: dict[str, FakeGmail] = {}
        self._nobody = FakeGmail()

    def add_account(self, address: str, *, notify: Notify | None = None) -> tuple[FakeGmail, str]:
        """A new, empty mailbox of ``address`` and a refresh token that opens it. While watched,
        each added message calls ``notify(address, history id)``."""
        mailbox = FakeGmail()
        refresh_token = f"1//rt-{uuid.uuid4().hex}"
        mailbox.add_refresh_token(refresh_token)
        if notify is not None:
            mailbox.on_notify = lambda _fixed_address, history_id: notify(address, history_id)
        with self._lock:
            self._by_refresh_token[refresh_token] = mailbox
        return mailbox, refresh_token

    def handle(self, request: RecordedRequest) -> tuple[int, dict[str, str], bytes]:
        if request.path == "/token":
            with self._lock:
                refresh_token = request.form.get("refresh_token", [""])[0]
                mailbox = self._by_refresh_token.get(refresh_token, self._nobody)
            status, headers, body = mailbox.handle(request)
            if status == 200:
                with self._lock:
                    self._by_access_token[json.loads(body)["access_token"]] = mailbox
            return status, headers, body
        _, _, token = (request.authorization or "").partition(" ")
        with self._lock:
            mailbox = self._by_access_token.get(token, self._nobody)
        return mailbox.handle(request)
