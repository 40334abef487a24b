"""The provider interface every mailbox implementation follows, and its error taxonomy.

A provider object serves one sync of one integration: the fetcher builds it from the
integration's settings and decrypted credentials, lists candidates newer than the stored cursor,
fetches the raw bytes of the ≤ 50 it selects (oldest first), and — only after those raw emails
are acknowledged on email.raw — stores ``next_cursor(...)`` and any ``updated_credentials()``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol, runtime_checkable

from services.domain.errors import ReqstreamError
from services.fetcher.handler import MessageRef

Cursor = dict[str, Any]


@dataclass(frozen=True)
class Timeouts:
    """Seconds a provider waits to connect and for each read: short, so a silent or slow server
    holds one of the fetcher's sync slots for seconds, not minutes."""

    connect: float = 10.0
    read: float = 30.0

    @classmethod
    def of(cls, timeout: Timeouts | float) -> Timeouts:
        """A bare number is both timeouts (the providers' older signature)."""
        return timeout if isinstance(timeout, Timeouts) else cls(timeout, timeout)


class ProviderError(ReqstreamError):
    """A mailbox provider failed. The fetcher decides what each kind means for the sync (retry
    with the seed's table, integration.error, skip); none reaches the consumer engine."""


class AuthRevoked(ProviderError):  # noqa: N818  (named for what happened, as in the retry table)
    """Credentials are expired or revoked: never retried; the integration is disabled."""


class RateLimited(ProviderError):
    """The provider throttled us (HTTP 429, Gmail 403 rate limits, Graph 429/503)."""

    def __init__(self, message: str, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after  # seconds, from Retry-After when the provider sent one


class Transient(ProviderError):
    """Network or server fault (timeouts, 5xx): retried with backoff."""


class ProviderConfigError(ProviderError):
    """The integration's provider configuration is unusable (missing path, bad host)."""


class MessageGone(ProviderError):  # noqa: N818  (named for what happened)
    """A listed message was deleted before its raw bytes were fetched: skip it, sync the rest."""


class MailProvider(Protocol):
    def list_matching(self, *, keywords: Sequence[str], cursor: Cursor | None) -> list[MessageRef]:
        """Every message newer than ``cursor`` whose subject may match one of ``keywords``
        (the fetcher re-checks subjects), following all pages. Order does not matter."""
        ...

    def fetch_raw(self, ref: MessageRef) -> bytes:
        """The whole RFC 822 message, never marking it read."""
        ...

    def next_cursor(
        self, *, cursor: Cursor | None, published: Sequence[MessageRef], backlog: bool
    ) -> Cursor | None:
        """The cursor to store once ``published`` (oldest first) are durably on email.raw.

        ``backlog`` is True when more matching messages were listed than published; the cursor
        must then not pass the oldest unpublished one, so the next sync continues there.
        Messages at or before the cursor may be listed again: the ledger skips them.
        """
        ...

    def updated_credentials(self) -> dict[str, Any] | None:
        """Credentials that changed during the sync (refreshed tokens, MSAL cache), else None."""
        ...

    def close(self) -> None: ...


@runtime_checkable
class GraphSubscriber(Protocol):
    """A provider whose changes Microsoft Graph notifies to a URL (``POST /push/graph``)."""

    def subscribe(
        self, *, notification_url: str, client_state: str, subscription_id: str | None
    ) -> tuple[str, datetime]:
        """Renew ``subscription_id`` or create a subscription with ``client_state``; its id
        and expiry (a new id means a new subscription, with ``client_state``)."""
        ...


@runtime_checkable
class PushWatch(Protocol):
    """A provider that can notify changes: the fetcher (re-)establishes the watch during a sync
    when it is due, the API stops it on disconnect. Raises this module's errors."""

    def watch(self, topic: str) -> datetime:
        """Start or renew notifications of new inbox mail to ``topic``; returns their expiry."""
        ...

    def stop_watch(self) -> None:
        """No more notifications for this mailbox."""
        ...
