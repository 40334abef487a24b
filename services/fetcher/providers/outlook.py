"""Outlook / Microsoft 365 mailboxes: Microsoft Graph over httpx, delegated tokens from MSAL.

Credentials are the integration's serialized MSAL token cache (one account). Azure AD rotates
refresh tokens, so the changed cache comes back from ``updated_credentials()``. Listing reads
the inbox (``/me/messages`` also has Teams chats) from a ``receivedDateTime`` cursor and matches
subjects here: ``$search`` matches word prefixes and cannot be combined with ``$filter``.

TLS: ``verify`` (bool or ``ssl.SSLContext``) is for Graph; MSAL uses requests, which needs a CA
bundle path: ``ca_file``, when given, is trusted by both. Environment CA and proxy variables are
ignored by both, so the trust configured here is the trust used.
"""

from __future__ import annotations

import logging
import ssl
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import quote, urlsplit

import httpx
import msal
import requests
from msal.exceptions import MsalServiceError

from services.domain.mail_delta import delta_token_unusable, next_delta_cursor
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

GRAPH_BASE_URL = "https://graph.microsoft.com/v1.0"
MAIL_READ_SCOPES = ("https://graph.microsoft.com/Mail.Read",)
FIRST_SYNC_LOOKBACK = timedelta(days=30)
# under Graph's 10080-minute maximum for messages; renewed daily (services.domain.push)
SUBSCRIPTION_LIFETIME = timedelta(days=6)
_LIST_QUERY = (
    "$orderby=receivedDateTime%20desc"
    "&$select=id,subject,receivedDateTime,internetMessageId,conversationId"
)
_DELTA_SELECT = "$select=id,subject,receivedDateTime,internetMessageId,conversationId"
# Immutable ids survive moves between folders, so the processed-email ledger key stays stable.
_PREFER = 'IdType="ImmutableId"'
_REVOKED = frozenset({"invalid_grant", "interaction_required"})
_UNAVAILABLE = frozenset({"temporarily_unavailable", "server_error"})


class _MsalSession(requests.Session):
    """MSAL applies ``timeout`` only to a session it builds itself; this one brings its own."""

    def __init__(self, *, timeout: Timeouts, verify: str | bool) -> None:
        super().__init__()
        self.verify = verify
        self.trust_env = False  # else REQUESTS_CA_BUNDLE / CURL_CA_BUNDLE replace ``verify``
        self._timeout = timeout

    def request(self, *args: Any, **kwargs: Any) -> requests.Response:
        kwargs.setdefault("timeout", (self._timeout.connect, self._timeout.read))
        return super().request(*args, **kwargs)


class OutlookProvider:
    def __init__(
        self,
        *,
        client_id: str,
        client_secret: str,
        authority: str,
        token_cache: str | None,
        account_id: str | None,
        graph_base_url: str = GRAPH_BASE_URL,
        scopes: Sequence[str] = MAIL_READ_SCOPES,
        verify: ssl.SSLContext | bool = True,
        ca_file: str | None = None,
        timeout: Timeouts | float = Timeouts(),  # noqa: B008  (frozen, never mutated)
        page_size: int = 50,
        first_sync_after: datetime | None = None,  # default: FIRST_SYNC_LOOKBACK ago
    ) -> None:
        if not 1 <= page_size <= 1000:
            raise ProviderConfigError(f"Graph $top must be 1..1000, got {page_size}")
        self._cache = msal.SerializableTokenCache()
        try:
            self._cache.deserialize(token_cache or None)
            graph_verify: ssl.SSLContext | bool = verify
            if verify is True and ca_file:
                graph_verify = ssl.create_default_context(cafile=ca_file)
        except (ValueError, OSError) as exc:  # not JSON; unreadable CA file
            raise ProviderConfigError(f"unusable Outlook credentials or CA: {exc}") from None
        self._client_id, self._client_secret, self._authority = client_id, client_secret, authority
        self._scopes = list(scopes)
        self._account_id = account_id
        self._graph = graph_base_url.rstrip("/")
        self._page_size = page_size
        self._first_sync_after = first_sync_after
        timeouts = Timeouts.of(timeout)
        self._session = _MsalSession(
            timeout=timeouts, verify=(ca_file or True) if verify else False
        )
        self._http = httpx.Client(
            verify=graph_verify,
            timeout=httpx.Timeout(timeouts.read, connect=timeouts.connect),
            trust_env=False,
            headers={"Prefer": _PREFER},
        )
        self._app: Any = None  # msal.ConfidentialClientApplication, built on first use
        self._account: dict[str, Any] | None = None
        self._listed: list[MessageRef] = []
        self._newest: datetime | None = None
        self._delta_link: str | None = None  # where the next sync's delta round starts
        self._cache_changed = False

    def _msal_app(self) -> Any:
        if self._app is None:
            try:  # the constructor fetches the tenant's OpenID configuration
                self._app = msal.ConfidentialClientApplication(
                    self._client_id,
                    client_credential=self._client_secret,
                    authority=self._authority,
                    instance_discovery=False,
                    token_cache=self._cache,
                    http_client=self._session,
                )
            except ValueError as exc:  # not an https authority, or discovery answered 4xx
                raise ProviderConfigError(f"unusable authority {self._authority}: {exc}") from None
        return self._app

    def _resolve_account(self, app: Any) -> dict[str, Any]:
        if self._account is None:
            accounts: list[dict[str, Any]] = app.get_accounts()  # reads the cache only
            if self._account_id:
                accounts = [a for a in accounts if a.get("home_account_id") == self._account_id]
            if not accounts:
                raise AuthRevoked("no signed-in Microsoft account in the token cache")
            if len({a.get("home_account_id") for a in accounts}) > 1:
                raise ProviderConfigError("several accounts in the token cache; set account_id")
            self._account = accounts[0]
            self._account_id = str(accounts[0]["home_account_id"])
        return self._account

    def _access_token(self, *, force_refresh: bool = False) -> str:
        try:
            app = self._msal_app()
            account = self._resolve_account(app)
            result: dict[str, Any] | None = app.acquire_token_silent_with_error(
                self._scopes, account, force_refresh=force_refresh
            )
        except (requests.RequestException, MsalServiceError, ValueError) as exc:
            # Network failure, identity platform 5xx (MsalServiceError) or a non-JSON answer.
            # MSAL replays 429/5xx from a per-app cache until Retry-After (default 5 s) passes:
            # drop the app so the fetcher's retry reaches the identity platform again.
            self._app = None
            raise Transient(f"Microsoft sign-in unavailable: {type(exc).__name__}") from None
        if result is None:  # no refresh token for this account: only a new sign-in helps
            raise AuthRevoked("no usable refresh token in the token cache; reconnect the mailbox")
        if "access_token" in result:
            return str(result["access_token"])
        # error_description is left out: it repeats user, trace and correlation ids
        error = f"{result.get('error')} (AADSTS {result.get('error_codes')})"
        if result.get("error") in _REVOKED:
            raise AuthRevoked(f"Microsoft refused the refresh token: {error}")
        if result.get("error") in _UNAVAILABLE:
            self._app = None
            raise Transient(f"Microsoft sign-in unavailable: {error}")
        # invalid_client (expired app secret), unauthorized_client, invalid_scope: ops must fix
        raise ProviderConfigError(f"Microsoft identity platform rejected the app: {error}")

    def _send(
        self, url: str, token: str, method: str = "GET", body: dict[str, Any] | None = None
    ) -> httpx.Response:
        headers = {"Authorization": f"Bearer {token}"}
        if "/messages/delta" in url:  # delta takes no $top: the page size is a preference
            headers["Prefer"] = f"{_PREFER}, odata.maxpagesize={self._page_size}"
        try:
            return self._http.request(method, url, headers=headers, json=body)
        except httpx.HTTPError as exc:  # connect/read errors and timeouts; no headers in str()
            raise Transient(f"Graph request failed: {type(exc).__name__}: {exc}") from None

    def _get(
        self, url: str, method: str = "GET", body: dict[str, Any] | None = None
    ) -> httpx.Response:
        response = self._send(url, self._access_token(), method, body)
        if response.status_code == 401:
            # Access tokens can be revoked before they expire (password reset, admin action):
            # one forced refresh; a second 401 means the grant itself is gone.
            log.info("Graph answered %s; refreshing the access token once", _describe(response))
            response = self._send(url, self._access_token(force_refresh=True), method, body)
            if response.status_code == 401:
                raise AuthRevoked(f"Graph rejected a refreshed token: {_describe(response)}")
        status = response.status_code
        if status < 300:
            return response
        if "/messages/delta" in url and delta_token_unusable(status, _error_code(response)):
            raise DeltaTokenUnusable(f"Graph refused the delta token: {_describe(response)}")
        retry_after = _retry_after(response.headers.get("Retry-After"))
        if status == 429 or (status in (503, 504) and retry_after is not None):
            raise RateLimited(f"Graph throttled the request: {_describe(response)}", retry_after)
        if status >= 500:
            raise Transient(f"Graph server error: {_describe(response)}")
        if status == 403:
            raise AuthRevoked(f"Graph denied mailbox access: {_describe(response)}")
        if status == 404 and (url.endswith("/$value") or "/subscriptions/" in url):
            raise MessageGone(f"message no longer in the mailbox: {_describe(response)}")
        raise ProviderConfigError(f"Graph refused the request: {_describe(response)}")

    def list_matching(self, *, keywords: Sequence[str], cursor: Cursor | None) -> list[MessageRef]:
        wanted = [" ".join(k.split()).lower() for k in keywords if k.strip()]
        self._newest = None
        self._delta_link = None
        found: dict[str, MessageRef] = {}
        link = (cursor or {}).get("delta_link")
        if link:
            try:
                self._read_pages(str(link), wanted, found)
            except DeltaTokenUnusable as exc:
                log.info("outlook delta token unusable (%s); resyncing through the search", exc)
                found.clear()
                self._newest = self._delta_link = None
                resync = True
            else:
                self._listed = list(found.values())
                return list(self._listed)
        else:
            resync = False
        floor = self._first_sync_after or datetime.now(UTC) - FIRST_SYNC_LOOKBACK
        since = _cursor_time(cursor) or floor
        if resync:  # bounded: a resync looks back at most as far as a first sync
            since = max(since, floor)
        # $orderby must name the $filter property first (else InefficientFilter); the time has
        # nothing to percent-encode, and spaces go out as %20, the form Graph documents
        self._read_pages(
            f"{self._graph}/me/mailFolders/inbox/messages?$filter=receivedDateTime%20ge%20"
            f"{_graph_time(since)}&{_LIST_QUERY}&$top={self._page_size}",
            wanted,
            found,
        )
        # The delta round starts at the newest message seen (ge: mail delivered meanwhile is
        # in it too); its first round lists those again, which the found map de-duplicates.
        start = self._newest or since
        self._read_pages(
            f"{self._graph}/me/mailFolders('inbox')/messages/delta?$filter=receivedDateTime"
            f"%20ge%20{_graph_time(start)}&{_DELTA_SELECT}",
            wanted,
            found,
        )
        self._listed = list(found.values())
        return list(self._listed)

    def _read_pages(self, url: str | None, wanted: list[str], found: dict[str, MessageRef]) -> None:
        """Every page from ``url`` on; matches go into ``found``, a final deltaLink is kept."""
        while url:
            try:
                page: dict[str, Any] = dict(self._get(url).json())
            except (ValueError, TypeError):
                raise Transient("Graph answered a listing with something other than JSON") from None
            for item in page.get("value") or []:
                if "@removed" in item:  # deleted or moved out: nothing to fetch
                    continue
                ref = _message_ref(item)
                assert ref.received_at is not None
                self._newest = max(self._newest or ref.received_at, ref.received_at)
                # mail arriving while paging shifts $skip pages: the same id can come twice
                if subject_matches(ref.subject, wanted):
                    found.setdefault(ref.provider_message_id, ref)
            url = page.get("@odata.nextLink")
            delta = page.get("@odata.deltaLink")
            # the bearer token goes wherever a link points: only to the configured Graph host
            for link in (url, delta):
                if link is not None and urlsplit(link)[:2] != urlsplit(self._graph)[:2]:
                    raise ProviderConfigError("Graph link leaves the Graph host; not following")
            if url is None and delta is not None:
                self._delta_link = str(delta)

    def fetch_raw(self, ref: MessageRef) -> bytes:
        message_id = quote(ref.provider_message_id, safe="")
        return self._get(f"{self._graph}/me/messages/{message_id}/$value").content

    def next_cursor(
        self, *, cursor: Cursor | None, published: Sequence[MessageRef], backlog: bool
    ) -> Cursor | None:
        after: str | None = None
        if backlog:
            # "ge" lists the oldest unpublished message again next time; the ledger skips
            # whatever else at that instant was already processed.
            done = {r.provider_message_id for r in published}
            pending = [r.received_at for r in self._listed if r.provider_message_id not in done]
            if pending:  # Graph always sends receivedDateTime
                after = _graph_time(min(t for t in pending if t))
        elif self._newest:
            # every listed message is published or never matched: resume at the newest one seen
            after = _graph_time(self._newest)
        return next_delta_cursor(
            cursor, received_after=after, delta_link=self._delta_link, backlog=backlog
        )

    def subscribe(
        self,
        *,
        notification_url: str,
        client_state: str,
        subscription_id: str | None,
        lifetime: timedelta = SUBSCRIPTION_LIFETIME,
    ) -> tuple[str, datetime]:
        """Renew the inbox's change-notification subscription ``subscription_id`` (PATCH), or
        create one (POST) when there is none or Graph no longer knows it; its id and expiry.
        Graph validates ``notification_url`` (the handshake) before it answers a creation."""
        expires = datetime.now(UTC) + lifetime
        if subscription_id is not None:
            try:
                self._get(
                    f"{self._graph}/subscriptions/{quote(subscription_id, safe='')}",
                    "PATCH",
                    {"expirationDateTime": _graph_time(expires)},
                )
                return subscription_id, expires
            except MessageGone:  # removed or lapsed: create a new one
                log.info("Graph subscription gone; creating a new one")
        created = self._get(
            f"{self._graph}/subscriptions",
            "POST",
            {
                "changeType": "created",
                "notificationUrl": notification_url,
                "lifecycleNotificationUrl": notification_url,
                "resource": "me/mailFolders('inbox')/messages",
                "expirationDateTime": _graph_time(expires),
                "clientState": client_state,
            },
        ).json()
        new_id = created.get("id") if isinstance(created, dict) else None
        if not isinstance(new_id, str) or not new_id:
            raise Transient("Graph created a subscription without an id")
        return new_id, expires

    def unsubscribe(self, subscription_id: str) -> None:
        """Delete the change-notification subscription ``subscription_id``; one Graph no
        longer knows (lapsed, removed) is already gone."""
        try:
            self._get(f"{self._graph}/subscriptions/{quote(subscription_id, safe='')}", "DELETE")
        except MessageGone:
            log.info("Graph subscription already gone")

    def updated_credentials(self) -> dict[str, Any] | None:
        # serialize() clears has_state_changed; the flag keeps a second call truthful
        self._cache_changed = self._cache_changed or self._cache.has_state_changed
        if not self._cache_changed:
            return None
        return {"token_cache": self._cache.serialize(), "account_id": self._account_id}

    def close(self) -> None:
        self._http.close()
        self._session.close()


class DeltaTokenUnusable(Exception):
    """The stored delta link expired or is invalid: the sync falls back to a search."""


def _graph_time(value: datetime) -> str:
    # whole seconds, UTC, "Z": Graph's own format; truncating keeps "ge" inclusive
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _cursor_time(cursor: Cursor | None) -> datetime | None:
    value = (cursor or {}).get("received_after")
    try:
        parsed = datetime.fromisoformat(str(value)) if value else None
    except ValueError:
        raise ProviderConfigError(f"unreadable Outlook cursor: {value!r}") from None
    return parsed.replace(tzinfo=parsed.tzinfo or UTC) if parsed else None


def _message_ref(item: dict[str, Any]) -> MessageRef:
    try:
        received = datetime.fromisoformat(item["receivedDateTime"]).astimezone(UTC)
        return MessageRef(
            str(item["id"]), item.get("conversationId"), received, item.get("subject") or ""
        )
    except (KeyError, TypeError, ValueError):
        raise Transient("Graph listed a message without id or receivedDateTime") from None


def _retry_after(value: str | None) -> float | None:
    """Retry-After as delay-seconds or an HTTP-date (RFC 9110), in seconds from now."""
    if not value:
        return None
    if value.strip().isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, (when.replace(tzinfo=when.tzinfo or UTC) - datetime.now(UTC)).total_seconds())


def _error_code(response: httpx.Response) -> str | None:
    try:
        return str(response.json()["error"]["code"])
    except (ValueError, KeyError, TypeError):
        return None


def _describe(response: httpx.Response) -> str:
    """Status and Graph's error code: enough to act on, and never an echo of the request."""
    return f"HTTP {response.status_code} {_error_code(response) or '-'}"
