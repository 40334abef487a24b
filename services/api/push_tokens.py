"""Pub/Sub push authentication: the OIDC id token Google attaches to every push delivery.

google-auth checks the signature against Google's published keys (``google_certs_url``, fetched
over HTTPS and kept for ``CERTS_CACHE_SECONDS``), the expiry and the audience; the issuer and
the signing service account are checked by ``services.domain.push.push_claims_problem``. The
token is never logged.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Mapping
from typing import Any

import google.auth.exceptions
import google.auth.transport.requests
import requests
from google.oauth2 import id_token

from services.domain.push import push_claims_problem

log = logging.getLogger(__name__)

CERTS_CACHE_SECONDS = 300.0  # Google rotates its signing keys daily, with overlap
CERTS_TIMEOUT_SECONDS = 10.0


class PushAuthUnavailable(Exception):  # noqa: N818  (named for what happened)
    """Google's keys could not be fetched: the delivery is neither accepted nor rejected (503,
    Pub/Sub delivers it again)."""


class _CachedCertsRequest(google.auth.transport.requests.Request):
    """google-auth's transport, with a short timeout and the keys' answer kept for a while:
    every delivery would otherwise fetch them again."""

    def __init__(self, session: requests.Session) -> None:
        super().__init__(session)
        self._lock = threading.Lock()
        self._cached: dict[str, tuple[float, Any]] = {}

    def __call__(
        self,
        url: str,
        method: str = "GET",
        body: Any = None,
        headers: Any = None,
        timeout: float | None = None,
        **kwargs: Any,
    ) -> Any:
        now = time.monotonic()
        with self._lock:
            hit = self._cached.get(url) if method == "GET" else None
        if hit is not None and hit[0] > now:
            return hit[1]
        response = super().__call__(  # type: ignore[no-untyped-call]  # google-auth's
            url, method, body, headers, timeout or CERTS_TIMEOUT_SECONDS, **kwargs
        )
        if method == "GET" and response.status == 200:
            with self._lock:
                self._cached[url] = (now + CERTS_CACHE_SECONDS, response)
        return response


class PushTokenVerifier:
    def __init__(
        self,
        *,
        audience: str | None,
        service_account: str,
        certs_url: str,
        session: requests.Session | None = None,
    ) -> None:
        self._audience = audience
        self._service_account = service_account
        self._certs_url = certs_url
        self._request = _CachedCertsRequest(session or requests.Session())

    def verified(self, authorization: str | None) -> bool:
        """Whether ``authorization`` (``Bearer <token>``) is our push subscription's token.
        Raises PushAuthUnavailable when Google's keys cannot be fetched."""
        scheme, _, token = (authorization or "").partition(" ")
        if scheme.lower() != "bearer" or not token.strip() or not self._audience:
            return False
        try:
            claims: Mapping[str, Any] = id_token.verify_token(
                token.strip(), self._request, audience=self._audience, certs_url=self._certs_url
            )
        except google.auth.exceptions.TransportError as exc:
            raise PushAuthUnavailable("could not fetch Google's signing keys") from exc
        except (ValueError, google.auth.exceptions.GoogleAuthError) as exc:
            # the reason names no part of the token (signature, expiry, audience, malformed)
            log.info("push token refused: %s", type(exc).__name__)
            return False
        problem = push_claims_problem(claims, service_account=self._service_account)
        if problem is not None:
            log.info("push token refused: %s", problem)
            return False
        return True
