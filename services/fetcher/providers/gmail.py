"""Gmail through google-api-python-client: a subject search with an ``after:`` cursor, raw fetch.

With push (``incremental=True``, the deployment has a Pub/Sub topic) a sync reads the changes
since the cursor's ``history_id`` with ``users.history.list`` (messageAdded in the inbox, all
pages) and filters their subjects like the search does; an expired history id (404) falls back to
the search from the cursor's ``after_epoch``, looking back at most as far as a first sync. The
cursor carries both, so either path can continue where the other stopped. ``watch``/``stop_watch``
start and end the mailbox's Pub/Sub notifications.

One instance serves one sync: one httplib2 connection (not thread-safe) and google-auth
credentials that refresh on expiry or a 401. Requests run with ``num_retries=0``: the fetcher
owns retries (the library's ignore Retry-After). Errors map to ``base``'s taxonomy, without tokens.
"""

from __future__ import annotations

import base64
import binascii
import http.client
import json
import logging
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from email.header import decode_header, make_header
from email.utils import parsedate_to_datetime
from typing import Any

# neither ships type information (types-httplib2 is not a dev dependency)
import google_auth_httplib2  # type: ignore[import-untyped]
import httplib2  # type: ignore[import-untyped]
from google.auth.exceptions import RefreshError, TransportError
from google.oauth2.credentials import Credentials
from googleapiclient.discovery import build
from googleapiclient.errors import HttpError

from services.fetcher.handler import MessageRef, subject_matches
from services.fetcher.providers.base import (
    AuthRevoked,
    Cursor,
    MessageGone,
    ProviderConfigError,
    RateLimited,
    Timeouts,
    Transient,
)

log = logging.getLogger(__name__)

GOOGLE_TOKEN_URI = "https://oauth2.googleapis.com/token"
GMAIL_READONLY = "https://www.googleapis.com/auth/gmail.readonly"
# seconds re-listed before the cursor: Gmail's search index lags delivery, so a message received
# just before the last listing may become searchable only later; the ledger drops the repeats
CURSOR_SLACK = 60
DAILY_QUOTA_RETRY_AFTER = 3600.0  # seconds; the daily quota does not come back within a sync
# characters per subject clause, more keywords → several searches: Gmail documents no q limit,
# this keeps URLs far below the usual 8 KiB front-end ceilings
MAX_CLAUSE_CHARS = 1500
MAX_PAGE_SIZE = 500  # Gmail's ceiling for messages.list maxResults
METADATA_HEADERS = ["Subject", "Date", "Message-ID"]

# error reasons, normalised (lower case, no underscores) so that the legacy ``errors[].reason``
# ("userRateLimitExceeded") and google.rpc ErrorInfo ("RATE_LIMIT_EXCEEDED") spellings both match
_RATE_REASONS = {"ratelimitexceeded", "userratelimitexceeded"}
_AUTH_REASONS = {"insufficientpermissions", "domainpolicy", "accesstokenscopeinsufficient"}
# the app's OAuth client is broken: an ops problem, not the user's, so don't disable integrations
_CLIENT_GRANT_ERRORS = {"invalid_client", "unauthorized_client"}


class GmailProvider:
    def __init__(
        self,
        *,
        credentials: dict[str, Any],
        client_id: str,
        client_secret: str,
        token_uri: str = GOOGLE_TOKEN_URI,
        api_endpoint: str | None = None,
        timeout: Timeouts | float = Timeouts(),  # noqa: B008  (frozen, never mutated)
        page_size: int = 100,
        first_sync_after: datetime | None = None,
        incremental: bool = False,
    ) -> None:
        refresh_token = credentials.get("refresh_token")
        if not isinstance(refresh_token, str) or not refresh_token:
            raise ProviderConfigError("gmail credentials have no refresh_token")
        if not client_id or not client_secret:
            raise ProviderConfigError("gmail OAuth client id or secret is not configured")
        # built directly: from_authorized_user_info would replace token_uri with Google's;
        # google-auth's __init__ is unannotated
        self._creds = Credentials(  # type: ignore[no-untyped-call]
            token=credentials.get("token") or None,
            refresh_token=refresh_token,
            token_uri=token_uri,
            client_id=client_id,
            client_secret=client_secret,
            scopes=[GMAIL_READONLY],
            expiry=_naive_utc(credentials.get("expiry")),
        )
        self._initial = (self._creds.token, self._creds.refresh_token)
        self._http = google_auth_httplib2.AuthorizedHttp(
            # httplib2 has one socket timeout, for connect and reads alike: the read one
            self._creds,
            http=httplib2.Http(timeout=Timeouts.of(timeout).read),
        )
        service = build(
            "gmail",
            "v1",
            http=self._http,
            static_discovery=True,  # the bundled discovery document: no fetch at start-up
            cache_discovery=False,
            client_options={"api_endpoint": api_endpoint} if api_endpoint else None,
        )
        self._users = service.users()
        self._messages = self._users.messages()
        self._incremental = incremental
        self._history_start: int | None = None  # the history id this sync read from
        self._history_latest: int | None = None  # where the next sync may read from
        self._history_record: dict[str, int] = {}  # gmail id → id of the record that added it
        self._matching: set[str] = set()  # gmail ids whose subject matched a keyword
        self._page_size = max(1, min(page_size, MAX_PAGE_SIZE))
        self._listed: dict[str, int] = {}  # gmail id → internalDate (epoch seconds)
        # without a cursor, an old mailbox would cost one metadata call per message ever sent
        self._first_after = int(first_sync_after.timestamp()) if first_sync_after else None

    def list_matching(self, *, keywords: Sequence[str], cursor: Cursor | None) -> list[MessageRef]:
        if not self._incremental:
            return self._search_matching(keywords, cursor)
        start = _history_id(cursor)
        resync = False
        if start is not None:
            try:
                refs = self._history_matching(start, keywords)
            except HistoryExpired:
                log.info("gmail history id expired; resyncing through the search")
                resync = True
            else:
                self._history_start = start
                return refs
        # the changes after this id are the next sync's: read before the search, so nothing
        # added during it is missed (what is listed twice, the ledger skips)
        self._history_latest = self._profile_history_id()
        refs = self._search_matching(keywords, cursor, bounded=resync)
        self._matching = {
            r.provider_message_id for r in refs if subject_matches(r.subject, keywords)
        }
        return refs

    def _search_matching(
        self, keywords: Sequence[str], cursor: Cursor | None, *, bounded: bool = False
    ) -> list[MessageRef]:
        after = _after_epoch(cursor)
        if after is None or (bounded and self._first_after is not None):
            # a resync after an expired history id looks back at most as far as a first sync
            after = max(after or 0, self._first_after or 0) or None
        since = f" after:{max(0, after - CURSOR_SLACK)}" if after is not None else ""
        refs: dict[str, MessageRef] = {}
        clauses = _subject_clauses(keywords)
        for clause in clauses:
            for message_id in self._search(clause + since):
                if message_id not in refs:
                    ref = self._metadata(message_id)
                    if ref is not None:
                        refs[message_id] = ref
        log.debug("gmail listed %d messages in %d searches", len(refs), len(clauses))
        return list(refs.values())

    def _history_matching(self, start: int, keywords: Sequence[str]) -> list[MessageRef]:
        """Messages added to the inbox after history id ``start``, every page; their subjects
        come from a metadata call each (history has no query), so they are filtered here."""
        added: dict[str, int] = {}
        latest = start
        page_token: str | None = None
        while True:
            with _mapped("list"):
                try:
                    page = (
                        self._users.history()
                        .list(
                            userId="me",
                            startHistoryId=str(start),
                            historyTypes="messageAdded",
                            labelId="INBOX",
                            maxResults=self._page_size,
                            pageToken=page_token,
                        )
                        .execute(num_retries=0)
                    )
                except HttpError as exc:
                    if exc.status_code == 404:
                        raise HistoryExpired("gmail history id expired") from exc
                    raise
            for record in page.get("history", []):
                for item in record.get("messagesAdded", []):
                    added.setdefault(str(item["message"]["id"]), int(record["id"]))
            latest = max(latest, _as_int(page.get("historyId")) or latest)
            page_token = page.get("nextPageToken")
            if not page_token:
                break
        self._history_latest = latest
        self._history_record = added
        refs = [ref for mid in added if (ref := self._metadata(mid)) is not None]
        self._matching = {
            r.provider_message_id for r in refs if subject_matches(r.subject, keywords)
        }
        log.debug("gmail history from %d: %d added, %d matching", start, len(added), len(refs))
        return refs

    def watch(self, topic: str) -> datetime:
        """users.watch on the inbox, notifying ``topic``: started, or renewed if in place."""
        body = {"topicName": topic, "labelIds": ["INBOX"], "labelFilterBehavior": "include"}
        with _mapped("watch"):
            answer = self._users.watch(userId="me", body=body).execute(num_retries=0)
        expiration = _as_int(answer.get("expiration"))
        if expiration is None:
            raise Transient("gmail watch: response has no expiration")
        return datetime.fromtimestamp(expiration / 1000, UTC)

    def stop_watch(self) -> None:
        with _mapped("stop"):
            self._users.stop(userId="me").execute(num_retries=0)

    def _profile_history_id(self) -> int | None:
        with _mapped("list"):
            profile = self._users.getProfile(userId="me").execute(num_retries=0)
        return _as_int(profile.get("historyId"))

    def fetch_raw(self, ref: MessageRef) -> bytes:
        msg = self._get("fetch", ref.provider_message_id, format="raw")
        if msg is None:  # deleted since listing: the fetcher skips it
            raise MessageGone("gmail fetch: message no longer exists")
        raw = msg.get("raw")
        if not isinstance(raw, str):
            raise Transient("gmail fetch: response has no raw message")
        try:
            return base64.urlsafe_b64decode(raw + "=" * (-len(raw) % 4))
        except (binascii.Error, ValueError) as exc:
            raise Transient("gmail fetch: raw message is not base64url") from exc

    def next_cursor(
        self, *, cursor: Cursor | None, published: Sequence[MessageRef], backlog: bool
    ) -> Cursor | None:
        after = self._after_cursor(cursor=cursor, published=published, backlog=backlog)
        if not self._incremental:
            return after
        history = self._next_history_id(published, backlog)
        merged = {k: v for k, v in (after or cursor or {}).items() if k != "history_id"}
        if history is not None:
            merged["history_id"] = history
        return merged or None

    def _next_history_id(self, published: Sequence[MessageRef], backlog: bool) -> int | None:
        """Where the next sync reads history from. With a backlog, just before the record that
        added the oldest matching message not yet published (so it is read again); a backlog
        found by a search (first sync, resync) has no records: the next sync searches again."""
        if not backlog:
            return self._history_latest
        if self._history_start is None:
            return None
        done = {ref.provider_message_id for ref in published}
        pending = [
            record
            for mid, record in self._history_record.items()
            if mid not in done and mid in self._matching
        ]
        return max(self._history_start, min(pending) - 1) if pending else self._history_latest

    def _after_cursor(
        self, *, cursor: Cursor | None, published: Sequence[MessageRef], backlog: bool
    ) -> Cursor | None:
        previous = _after_epoch(cursor)
        seconds = self._listed  # published ⊆ listed: one instance serves one sync
        if backlog:
            done = {ref.provider_message_id for ref in published}
            # messages at or before the previous cursor were re-listed by the slack and were
            # settled by an earlier sync: they must not drag the cursor back
            floor = previous if previous is not None else -1
            pending = [s for mid, s in seconds.items() if mid not in done and s > floor]
            candidate = min(pending) - 1 if pending else None
        else:
            candidate = max(seconds.values(), default=None)
        if candidate is None:
            return cursor
        if previous is not None:
            candidate = max(candidate, previous)
        return {"after_epoch": candidate}

    def updated_credentials(self) -> dict[str, Any] | None:
        creds = self._creds
        if (creds.token, creds.refresh_token) == self._initial:
            return None
        expiry = creds.expiry.replace(tzinfo=UTC).isoformat() if creds.expiry else None
        return {"refresh_token": creds.refresh_token, "token": creds.token, "expiry": expiry}

    def close(self) -> None:
        self._http.close()

    def _search(self, q: str) -> Iterator[str]:
        page_token: str | None = None
        while True:
            with _mapped("list"):
                page = self._messages.list(
                    userId="me", q=q, maxResults=self._page_size, pageToken=page_token
                ).execute(num_retries=0)
            for item in page.get("messages", []):  # absent when nothing matches
                yield item["id"]
            page_token = page.get("nextPageToken")
            if not page_token:
                return

    def _get(self, action: str, message_id: str, **params: Any) -> dict[str, Any] | None:
        """messages.get, or None when the message was deleted since it was listed."""
        with _mapped(action):
            try:
                msg: dict[str, Any] = self._messages.get(
                    userId="me", id=message_id, **params
                ).execute(num_retries=0)
            except HttpError as exc:
                if exc.status_code == 404:
                    return None
                raise
        return msg

    def _metadata(self, message_id: str) -> MessageRef | None:
        msg = self._get("list", message_id, format="metadata", metadataHeaders=METADATA_HEADERS)
        if msg is None:
            return None  # deleted between list and get: nothing to sync
        headers = msg.get("payload", {}).get("headers", [])
        subject = next((h["value"] for h in headers if h["name"].lower() == "subject"), "")
        internal = str(msg.get("internalDate", ""))  # epoch milliseconds, as a string
        received_at = None
        if internal.isdigit():
            self._listed[message_id] = int(internal) // 1000
            received_at = datetime.fromtimestamp(int(internal) / 1000, UTC)
        return MessageRef(message_id, msg.get("threadId"), received_at, _decoded(subject))


def _subject_clauses(keywords: Sequence[str]) -> list[str]:
    """``subject:("java developer" OR "data engineer")``, split when it grows too long."""
    # Gmail's query syntax has no escape for a quote inside a phrase
    phrases = dict.fromkeys(" ".join(k.replace('"', " ").split()) for k in keywords)
    phrases.pop("", None)
    clauses: list[list[str]] = []
    for phrase in phrases:
        quoted = f'"{phrase}"'
        if not clauses or sum(len(p) + 4 for p in clauses[-1]) + len(quoted) > MAX_CLAUSE_CHARS:
            clauses.append([])
        clauses[-1].append(quoted)
    return [f"subject:({' OR '.join(group)})" for group in clauses]


class HistoryExpired(Exception):  # noqa: N818  (named for what happened)
    """history.list answered 404: the stored history id is too old."""


def _as_int(value: object) -> int | None:
    """Gmail sends uint64 ids and epoch milliseconds as decimal strings."""
    text = str(value) if value is not None else ""
    return int(text) if text.isdigit() else None


def _history_id(cursor: Cursor | None) -> int | None:
    return _as_int((cursor or {}).get("history_id"))


def _after_epoch(cursor: Cursor | None) -> int | None:
    value = (cursor or {}).get("after_epoch")
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _naive_utc(value: object) -> datetime | None:
    """google-auth compares expiry with a naive UTC clock: an aware value raises TypeError."""
    try:
        parsed = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    except ValueError:  # absent or unreadable: the token is used until a 401 forces a refresh
        return None
    if parsed.tzinfo is not None:
        parsed = parsed.astimezone(UTC).replace(tzinfo=None)
    return parsed


def _decoded(value: str) -> str:  # in case Gmail passes RFC 2047 encoded words through
    try:
        return str(make_header(decode_header(value)))
    except (ValueError, LookupError, UnicodeError):
        return value


def retry_after_seconds(value: str | None, now: datetime | None = None) -> float | None:
    """Retry-After as delay-seconds or an HTTP-date (RFC 9110 §10.2.3), as seconds from now."""
    if value and value.strip().isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value or "")
    except (TypeError, ValueError):
        return None
    when = when if when.tzinfo else when.replace(tzinfo=UTC)  # HTTP-dates are GMT
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


def _reasons(content: bytes) -> set[str]:
    try:
        error = json.loads(content)["error"]
        items = [*error.get("errors", []), *error.get("details", [])]
        return {str(i["reason"]).replace("_", "").lower() for i in items if "reason" in i}
    except (ValueError, TypeError, KeyError, AttributeError):
        return set()


def _http_error(action: str, exc: HttpError) -> Exception:
    status = int(exc.status_code)
    reasons = _reasons(exc.content)
    retry_after = retry_after_seconds(exc.resp.get("retry-after"))
    text = f"gmail {action}: HTTP {status} {','.join(sorted(reasons)) or '-'}: {exc.reason[:200]}"
    if status == 429 or (status == 403 and reasons & _RATE_REASONS):
        return RateLimited(text, retry_after)
    if status == 403 and "dailylimitexceeded" in reasons:
        return RateLimited(text, max(retry_after or 0.0, DAILY_QUOTA_RETRY_AFTER))
    # a 401 reaches us only after AuthorizedHttp refreshed the token and still got 401
    if status == 401 or (status == 403 and reasons & _AUTH_REASONS):
        return AuthRevoked(text)
    if status >= 500:
        return Transient(text) if retry_after is None else RateLimited(text, retry_after)
    return ProviderConfigError(text)


def _refresh_error(action: str, exc: RefreshError) -> Exception:
    data = exc.args[1] if len(exc.args) > 1 and isinstance(exc.args[1], dict) else {}
    code = data.get("error") if isinstance(data.get("error"), str) else ""
    text = f"gmail {action}: token refresh failed ({code or 'no error code'})"
    if code in _CLIENT_GRANT_ERRORS:
        return ProviderConfigError(text)
    if code != "invalid_grant" and getattr(exc, "retryable", False):
        return Transient(text)  # google-auth already retried the token endpoint 3 times
    return AuthRevoked(text)


@contextmanager
def _mapped(action: str) -> Iterator[None]:
    try:
        yield
    except RefreshError as exc:
        raise _refresh_error(action, exc) from exc
    except HttpError as exc:
        raise _http_error(action, exc) from exc
    # ssl.SSLError and socket timeouts are OSErrors; TransportError wraps them during a refresh;
    # http.client raises IncompleteRead/BadStatusLine for a connection cut mid-response
    except (TransportError, httplib2.HttpLib2Error, http.client.HTTPException, OSError) as exc:
        raise Transient(f"gmail {action}: {type(exc).__name__}: {str(exc)[:200]}") from exc
