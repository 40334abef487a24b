"""The freshness bench's mailboxes: Gmail, Outlook and IMAP accounts on the local providers.

A delivery puts a message into an account's mailbox and returns when it is there. While the
account is watched, the provider's notification follows as the real one's would, off the
delivering thread: the Gmail fake's watch makes a Pub/Sub push (an OIDC-signed ``POST
/push/gmail``), each Graph subscription of the mailbox gets a ``created`` change notification at
its ``notificationUrl``, and Dovecot answers its IDLE clients itself.
"""

from __future__ import annotations

import logging
import tempfile
import threading
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
from imapclient import IMAPClient

from schemas.contracts.models import Provider
from services.ops.local_providers.dovecot import DovecotServer, running_dovecot
from services.ops.local_providers.gmail_accounts import GmailAccounts
from services.ops.local_providers.gmail_server import CLIENT_ID as GOOGLE_CLIENT_ID
from services.ops.local_providers.gmail_server import CLIENT_SECRET as GOOGLE_CLIENT_SECRET
from services.ops.local_providers.gmail_server import extra_listener
from services.ops.local_providers.google_pubsub import (
    PUSH_AUDIENCE,
    PUSH_SERVICE_ACCOUNT,
    LocalPushSigner,
    push_body,
    running_certs_server,
)
from services.ops.local_providers.graph_accounts import GraphAccounts, created_notification
from services.ops.local_providers.identity_server import (
    CLIENT_ID as MICROSOFT_CLIENT_ID,
)
from services.ops.local_providers.identity_server import (
    CLIENT_SECRET as MICROSOFT_CLIENT_SECRET,
)
from services.ops.local_providers.identity_server import (
    LocalIdentityProvider,
    LocalUser,
    mint_token_cache,
)
from services.ops.local_providers.microsoft import tls_server

log = logging.getLogger(__name__)
PUBSUB_TOPIC = "projects/reqstream-bench/topics/gmail-push"
NOTIFIERS = 4  # threads posting notifications: Pub/Sub and Graph deliver concurrently too
NOTIFY_TIMEOUT = 30.0  # seconds per notification POST


@dataclass
class Account:
    """One mailbox: what its integration stores, and how mail is delivered into it."""

    provider: Provider
    address: str
    config: dict[str, Any]
    credentials: dict[str, str]
    deliver: Callable[[bytes, str], None]  # raw message, subject


class LocalMailboxes:
    def __init__(
        self,
        *,
        gmail: GmailAccounts,
        gmail_url: str,
        signer: LocalPushSigner,
        idp: LocalIdentityProvider,
        graph: GraphAccounts,
        ca_file: str,
        dovecot: DovecotServer,
        notifier: ThreadPoolExecutor,
        http: httpx.Client,
        stack: ExitStack,
    ) -> None:
        self.gmail, self.gmail_url, self.signer = gmail, gmail_url, signer
        self.idp, self.graph, self.ca_file = idp, graph, ca_file
        self.dovecot = dovecot
        self._notifier = notifier
        self._stack = stack
        self._http = http
        self.api_url = ""  # where Pub/Sub pushes; set once the API runs
        self.notification_failures = 0  # deliveries the API did not answer with a 2xx
        self._failures_lock = threading.Lock()

    def service_env(self) -> dict[str, str]:
        """The providers' endpoints and app registrations in the services' settings."""
        return {
            "FETCHER_GMAIL_API_ENDPOINT": self.gmail_url + "/",
            "FETCHER_GOOGLE_TOKEN_URI": self.gmail_url + "/token",
            "FETCHER_GOOGLE_CLIENT_ID": GOOGLE_CLIENT_ID,
            "FETCHER_GOOGLE_CLIENT_SECRET": GOOGLE_CLIENT_SECRET,
            "FETCHER_MICROSOFT_CLIENT_ID": MICROSOFT_CLIENT_ID,
            "FETCHER_MICROSOFT_CLIENT_SECRET": MICROSOFT_CLIENT_SECRET,
            "FETCHER_MICROSOFT_AUTHORITY": self.idp.authority,
            "FETCHER_CA_FILE": self.ca_file,
            "FETCHER_GRAPH_BASE_URL": self.graph.base_url,
            # the local Dovecot listens on loopback, on a free port, in plain text
            "IMAP_ALLOWED_HOSTS": "127.0.0.1",
            "IMAP_ALLOWED_PORTS": "1024-65535",
            "IMAP_ALLOW_PLAINTEXT": "true",
            "API_GMAIL_PUSH_AUDIENCE": PUSH_AUDIENCE,
            "API_GMAIL_PUSH_SERVICE_ACCOUNT": PUSH_SERVICE_ACCOUNT,
            "API_GOOGLE_CERTS_URL": self.signer.certs_url,
        }

    def add(self, provider: Provider, label: str) -> Account:
        if provider is Provider.GMAIL:
            return self._add_gmail(label)
        if provider is Provider.OUTLOOK:
            return self._add_outlook(label)
        return self._add_imap()

    def _add_gmail(self, label: str) -> Account:
        address = f"{label}@gmail.test"
        mailbox, refresh_token = self.gmail.add_account(address, notify=self._push_gmail)

        def deliver(raw: bytes, _subject: str) -> None:
            mailbox.add_message(raw, internal_date=datetime.now(UTC))

        return Account(Provider.GMAIL, address, {}, {"refresh_token": refresh_token}, deliver)

    def _push_gmail(self, address: str, history_id: int) -> None:
        body = push_body(address, history_id)
        headers = {"Authorization": f"Bearer {self.signer.token()}"}
        self._notify(f"{self.api_url}/push/gmail", content=body, headers=headers)

    def _add_outlook(self, label: str) -> Account:
        user = LocalUser(oid=str(uuid.uuid4()), preferred_username=f"{label}@contoso.test")
        mailbox = self.graph.add_account(user)
        minted = mint_token_cache(self.idp, ca_file=self.ca_file, user=user)

        def deliver(raw: bytes, subject: str) -> None:
            message = mailbox.add_message(subject, datetime.now(UTC), raw=raw)
            for subscription in list(mailbox.subscriptions.values()):
                self._notify(
                    subscription["notificationUrl"],
                    json=created_notification(subscription, message),
                )

        credentials = {"token_cache": minted.token_cache, "account_id": minted.account_id}
        return Account(Provider.OUTLOOK, user.preferred_username, {}, credentials, deliver)

    def _add_imap(self) -> Account:
        user, password = self.dovecot.new_user()
        client = IMAPClient(self.dovecot.host, port=self.dovecot.port, ssl=False, timeout=30)
        client.login(user, password)
        self._stack.callback(client.logout)

        def deliver(raw: bytes, _subject: str) -> None:
            client.append("INBOX", raw, flags=(), msg_time=datetime.now(UTC))

        config = {
            "host": self.dovecot.host,
            "port": self.dovecot.port,
            "username": user,
            "use_tls": False,
            "folder": "INBOX",
        }
        return Account(Provider.IMAP, user, config, {"password": password}, deliver)

    def _notify(self, url: str, **request: Any) -> None:
        def post() -> None:
            try:
                failed = self._http.post(url, **request).status_code >= 300
            except httpx.HTTPError:
                log.warning("notification to %s failed", url, exc_info=True)
                failed = True
            if failed:
                with self._failures_lock:
                    self.notification_failures += 1

        self._notifier.submit(post)


@contextmanager
def local_mailboxes(work_dir: Path) -> Iterator[LocalMailboxes]:
    """Gmail (one listener, many accounts), a Pub/Sub signer, Microsoft's identity platform
    and Graph (one HTTPS server, many users) and a Dovecot, until the block ends."""
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # a line per request otherwise
    with ExitStack() as stack:
        gmail = GmailAccounts()
        gmail_url = stack.enter_context(extra_listener(gmail))
        signer = LocalPushSigner(stack.enter_context(running_certs_server()))
        ca_dir = work_dir / "microsoft-ca"
        ca_dir.mkdir(parents=True, exist_ok=True)
        server, ca_file = stack.enter_context(tls_server(ca_dir))
        idp = LocalIdentityProvider(server)
        graph = GraphAccounts(server, idp)
        # under /tmp, not work_dir: Dovecot's auth and mail processes run as other users and
        # must reach it (a work dir inside a private directory would refuse every login)
        dovecot_root = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="dovecot-")))
        dovecot = stack.enter_context(running_dovecot(dovecot_root))
        http = stack.enter_context(httpx.Client(timeout=NOTIFY_TIMEOUT))
        # entered after the client: its pending notifications are sent before the client closes
        notifier = stack.enter_context(ThreadPoolExecutor(NOTIFIERS, "notify"))
        yield LocalMailboxes(
            gmail=gmail,
            gmail_url=gmail_url,
            signer=signer,
            idp=idp,
            graph=graph,
            ca_file=ca_file,
            dovecot=dovecot,
            notifier=notifier,
            http=http,
            stack=stack,
        )
