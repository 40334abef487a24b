"""An IMAP mailbox (IMAPClient), one folder, read-only, with a UID cursor.

Cursor: ``{"folder", "uidvalidity", "last_uid"}``. A different folder or UIDVALIDITY means the
UIDs were renumbered: the cursor is dropped and the folder re-listed from ``since_days`` ago;
the processed-email ledger skips what was already published.
"""

from __future__ import annotations

import imaplib
import logging
import re
import ssl as ssl_lib
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from datetime import UTC, datetime, timedelta
from email.header import decode_header, make_header
from email.parser import HeaderParser
from email.policy import compat32
from typing import Any

from imapclient import SocketTimeout

from services.domain.connect_failures import TRANSIENT_FAILURES, ConnectFailure, tenant_message
from services.domain.network import MailServerPolicy
from services.domain.wire_text import require_wire_safe
from services.fetcher.handler import MessageRef, subject_matches
from services.fetcher.providers.base import (
    AuthRevoked,
    Cursor,
    ProviderConfigError,
    ProviderError,
    Timeouts,
    Transient,
)
from services.fetcher.providers.imap_connect import (
    CONNECTION_FAILURES,
    PinnedIMAPClient,
    Resolver,
    checked_address,
    failure_of,
    resolve_host,
)

log = logging.getLogger(__name__)

HEADERS = "BODY.PEEK[HEADER.FIELDS (SUBJECT MESSAGE-ID)]"  # PEEK: listing never sets \Seen
FETCH_BATCH = 500  # UIDs per FETCH: lines stay under the ~8 KB clients should send (RFC 7162)
_HEADER_PARSER = HeaderParser(policy=compat32)  # compat32 never raises on malformed headers


def _decoded(value: str | None) -> str:
    """An RFC 2047 header value as text; undecodable words are kept as they are."""
    if value is None:
        return ""
    unfolded = re.sub(r"\r?\n(?=[ \t])", "", value)
    try:
        return str(make_header(decode_header(unfolded)))
    except (ValueError, LookupError, UnicodeError):
        return unfolded


def _subject_any(terms: Sequence[str]) -> list[str]:
    """``OR SUBJECT a OR SUBJECT b SUBJECT c``: IMAP OR takes exactly two keys.

    Flat on purpose: IMAPClient encodes nested criteria lists without the UTF-8 charset.
    """
    criteria: list[str] = []
    for term in terms[:-1]:
        criteria += ["OR", "SUBJECT", term]
    return [*criteria, "SUBJECT", terms[-1]]


class ImapProvider:
    """One sync's read-only view of one folder; connects on first use, never sets \\Seen."""

    def __init__(
        self,
        *,
        host: str,
        port: int = 993,
        username: str,
        password: str,
        ssl: bool = True,
        ssl_context: ssl_lib.SSLContext | None = None,
        folder: str = "INBOX",
        timeout: Timeouts | float = Timeouts(),  # noqa: B008  (frozen, never mutated)
        since_days: int = 30,  # how far back a sync without a usable cursor looks
        policy: MailServerPolicy = MailServerPolicy(),  # noqa: B008  (frozen, never mutated)
        resolve: Resolver = resolve_host,
    ) -> None:
        try:  # the API checked all this; integrations stored before it did are checked here
            host = policy.check_settings(host=host, port=port, use_tls=ssl)
            for name, value in (("username", username), ("password", password), ("folder", folder)):
                require_wire_safe(name, value)
        except ValueError as exc:
            raise ProviderConfigError(f"IMAP integration: {exc}") from None
        self._policy, self._resolve = policy, resolve
        self._host, self._port, self._ssl, self._ssl_context = host, port, ssl, ssl_context
        self._username, self._password = username, password
        self._folder, self._timeout, self._since_days = folder, Timeouts.of(timeout), since_days
        self._imap: Any = None  # IMAPClient once connected
        self._uidvalidity: int | None = None
        self._uidnext: int | None = None
        self._listed: dict[int, MessageRef] = {}
        self._uid_of: dict[str, int] = {}
        self._keywords: list[str] = []

    def _safe(self, text: str) -> str:
        # servers do not echo passwords, but this text ends up in the DB and in logs
        return text.replace(self._password, "***") if self._password else text

    @contextmanager
    def _errors(self, rejected: ConnectFailure = ConnectFailure.COMMAND_REJECTED) -> Iterator[None]:
        connected = self._imap is not None
        try:
            yield
        except CONNECTION_FAILURES as exc:
            self._disconnect()
            failure = failure_of(exc, connected=connected, rejected=rejected)
            # the server's own words are for the operator's log only (repr: no line breaks)
            log.warning(
                "IMAP %s:%s (%s): %s: %s: %r",
                self._host,
                self._port,
                self._username,
                failure,
                type(exc).__name__,
                self._safe(str(exc))[:500],
            )
            raise self._provider_error(failure) from None

    def _provider_error(self, failure: ConnectFailure) -> ProviderError:
        message = tenant_message(failure, host=self._host, port=self._port)
        if failure is ConnectFailure.AUTH_FAILED:
            return AuthRevoked(message)
        if failure in TRANSIENT_FAILURES:
            return Transient(message)
        return ProviderConfigError(message)

    def _client(self) -> Any:
        if self._imap is None:
            address = checked_address(
                self._host,
                self._port,
                policy=self._policy,
                resolve=self._resolve,
                timeout=self._timeout.connect,
            )
            client = PinnedIMAPClient(
                self._host,
                address=address,
                port=self._port,
                ssl=self._ssl,
                ssl_context=self._ssl_context,
                timeout=SocketTimeout(self._timeout.connect, self._timeout.read),
            )
            client.normalise_times = False  # aware INTERNALDATEs, not naive local times
            try:
                client.login(self._username, self._password)
            except (imaplib.IMAP4.error, OSError):
                with suppress(OSError, imaplib.IMAP4.error):
                    client.shutdown()
                raise
            self._imap = client
        return self._imap

    def _disconnect(self) -> None:
        client, self._imap = self._imap, None
        if client is not None:
            with suppress(OSError, imaplib.IMAP4.error):
                client.shutdown()

    def _usable_last_uid(self, cursor: Cursor | None) -> int | None:
        if not cursor:
            return None
        last_uid, validity = cursor.get("last_uid"), cursor.get("uidvalidity")
        if cursor.get("folder", self._folder) != self._folder or not isinstance(last_uid, int):
            return None
        return last_uid if validity == self._uidvalidity else None

    def list_matching(self, *, keywords: Sequence[str], cursor: Cursor | None) -> list[MessageRef]:
        self._listed.clear()
        self._uid_of.clear()
        self._keywords = list(dict.fromkeys(k for k in keywords if k))
        if not self._keywords:
            return []  # no subject can match; don't list the whole folder
        with self._errors():
            client = self._client()
        with self._errors(rejected=ConnectFailure.FOLDER_UNAVAILABLE):
            # re-selected per listing, so UIDVALIDITY/UIDNEXT are current
            info = client.select_folder(self._folder, readonly=True)
        with self._errors():
            self._uidvalidity = int(info[b"UIDVALIDITY"])
            self._uidnext = int(info[b"UIDNEXT"]) if b"UIDNEXT" in info else None
            last_uid = self._usable_last_uid(cursor)
            if cursor and last_uid is None:
                log.info(
                    "IMAP %s/%s: cursor %s no longer applies (UIDVALIDITY now %s); "
                    "re-listing the last %d days",
                    self._username,
                    self._folder,
                    cursor,
                    self._uidvalidity,
                    self._since_days,
                )
            if last_uid is None:
                since = (datetime.now(UTC) - timedelta(days=self._since_days)).date()
                scope: list[Any] = ["SINCE", since]
            else:
                scope = ["UID", f"{last_uid + 1}:*"]
            found = client.search(scope + _subject_any(self._keywords), charset="UTF-8")
            # `UID n:*` always contains the highest UID, even when it is below n (RFC 3501)
            uids = sorted(u for u in found if last_uid is None or u > last_uid)
            for start in range(0, len(uids), FETCH_BATCH):
                batch = uids[start : start + FETCH_BATCH]
                for uid, data in client.fetch(batch, [HEADERS, "INTERNALDATE"]).items():
                    self._remember(uid, data)
        return list(self._listed.values())

    def _remember(self, uid: int, data: dict[bytes, Any]) -> None:
        # the response key echoes the section as the server spells it, so match on its start
        block = next((v for k, v in data.items() if k.startswith(b"BODY[HEADER")), None)
        headers = _HEADER_PARSER.parsestr((block or b"").decode("utf-8", "replace"))
        message_id = _decoded(headers.get("Message-ID")).strip().strip("<>").strip()
        message_id = message_id or f"uid:{self._uidvalidity}:{uid}"
        internal = data.get(b"INTERNALDATE")  # always carries a zone (normalise_times=False)
        received = internal.astimezone(UTC) if internal is not None else None
        self._listed[uid] = MessageRef(message_id, None, received, _decoded(headers["Subject"]))
        self._uid_of.setdefault(message_id, uid)  # duplicates: the ledger keeps one anyway

    def fetch_raw(self, ref: MessageRef) -> bytes:
        uid = self._uid_of.get(ref.provider_message_id)
        if uid is None:
            raise KeyError(f"{ref.provider_message_id!r} was not listed by this provider")
        with self._errors():
            data = self._client().fetch([uid], ["BODY.PEEK[]"])  # PEEK: never sets \Seen
        raw = data.get(uid, {}).get(b"BODY[]")
        if raw is None:  # expunged since the listing; the next sync will not list it
            raise Transient(f"IMAP {self._folder} UID {uid} is gone")
        return bytes(raw)

    def next_cursor(
        self, *, cursor: Cursor | None, published: Sequence[MessageRef], backlog: bool
    ) -> Cursor | None:
        if self._uidvalidity is None:
            return cursor  # never listed: nothing learnt
        if backlog:
            done = {r.provider_message_id for r in published}
            waiting = [
                uid
                for uid, ref in self._listed.items()
                if ref.provider_message_id not in done
                and subject_matches(ref.subject, self._keywords)
            ]
            if waiting:
                return self._cursor(min(waiting) - 1)
        # Everything below UIDNEXT (read before the search) was searched: skip it next time even
        # when nothing matched, so a quiet folder is not re-searched by date on every sync.
        floors = [*self._listed, (self._uidnext or 1) - 1]
        previous = self._usable_last_uid(cursor)
        return self._cursor(max([*floors, previous or 0]))

    def _cursor(self, last_uid: int) -> Cursor:
        return {"folder": self._folder, "uidvalidity": self._uidvalidity, "last_uid": last_uid}

    def updated_credentials(self) -> dict[str, Any] | None:
        return None

    def close(self) -> None:
        client, self._imap = self._imap, None
        if client is not None:
            with suppress(OSError, imaplib.IMAP4.error):
                client.logout()
        self._listed.clear()
        self._uid_of.clear()
