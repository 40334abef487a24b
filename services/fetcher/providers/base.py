"""The provider interface every mailbox implementation follows, and its error taxonomy."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

from services.common.errors import RetryableError
from services.fetcher.handler import MessageRef


class AuthRevoked(Exception):  # noqa: N818  (named for what happened, as in the retry table)
    """Credentials are expired or revoked: never retried; the integration is disabled."""


class RateLimited(RetryableError):
    def __init__(self, message: str, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class Transient(RetryableError):
    """Network or server fault: retried with backoff."""


class ProviderConfigError(Exception):
    """The integration's provider configuration is unusable (missing path, bad host)."""


class MailProvider(Protocol):
    def list_matching(
        self, *, keywords: Sequence[str], cursor: dict[str, Any] | None
    ) -> list[MessageRef]:
        """Messages whose subject may match ``keywords`` (the handler re-checks), newer than
        the cursor."""
        ...

    def fetch_raw(self, ref: MessageRef) -> bytes:
        """The whole RFC 822 message, never marking it read."""
        ...
