"""Google's OAuth endpoints for a web-server client, for the API's Gmail connect.

``LocalGoogleIdentity`` registers on a (plain HTTP) pytest-httpserver:

- ``/o/oauth2/v2/auth``: accounts.google.com's authorization endpoint. It checks client id,
  redirect URI, ``response_type=code`` and ``code_challenge_method`` (``S256`` or ``plain``, as
  Google accepts), consents at once and redirects to ``redirect_uri?state=…&code=…&scope=…``.
- ``/token``: oauth2.googleapis.com's token endpoint, ``authorization_code`` grant only. A code
  is redeemable once, with the same redirect URI, and, when its authorization request carried a
  PKCE challenge, only with the matching ``code_verifier``. Errors have Google's shape:
  ``{"error": "invalid_grant", "error_description": "Missing code verifier."}`` (or ``Invalid
  code verifier.``, ``Bad Request`` for an unknown or redeemed code).

As at Google, an ``id_token`` (unsigned here) comes back only when ``openid`` was requested, with
the ``email`` claim only for the ``email`` scope, which the token response names
``https://www.googleapis.com/auth/userinfo.email``. Refresh grants are the Gmail fake's
(tests/providers/gmail_server.py).
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import threading
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from tests.providers.identity_server import unsigned_jwt

USERINFO_EMAIL = "https://www.googleapis.com/auth/userinfo.email"


@dataclass
class _Code:
    redirect_uri: str
    scopes: list[str]
    code_challenge: str | None
    challenge_method: str


class LocalGoogleIdentity:
    def __init__(
        self, server: HTTPServer, *, client_id: str, client_secret: str, email: str
    ) -> None:
        self.client_id = client_id
        self.client_secret = client_secret
        self.email = email  # who signs in at the authorization endpoint
        self.auth_uri = server.url_for("/o/oauth2/v2/auth")
        self.token_uri = server.url_for("/token")
        self.issued_codes: list[str] = []
        self.issued_access_tokens: list[str] = []
        self.issued_refresh_tokens: list[str] = []
        self.token_requests: list[dict[str, str]] = []
        self._codes: dict[str, _Code] = {}
        self._lock = threading.Lock()
        server.expect_request("/o/oauth2/v2/auth").respond_with_handler(self._authorize)
        server.expect_request("/token", method="POST").respond_with_handler(self._token)

    def _authorize(self, request: Request) -> Response:
        args = request.args
        redirect_uri = args.get("redirect_uri", "")
        if args.get("client_id") != self.client_id or not redirect_uri:
            return Response("Error 401: invalid_client", 401)
        if args.get("response_type") != "code":
            return Response("Error 400: unsupported_response_type", 400)
        method = args.get("code_challenge_method", "plain")
        if method not in ("S256", "plain"):
            return Response("Error 400: invalid_request", 400)
        code = "4/0A" + secrets.token_urlsafe(24)
        scopes = args.get("scope", "").split()
        with self._lock:
            self._codes[code] = _Code(redirect_uri, scopes, args.get("code_challenge"), method)
            self.issued_codes.append(code)
        granted = " ".join(USERINFO_EMAIL if s == "email" else s for s in scopes)
        query = {"state": args.get("state", ""), "code": code, "scope": granted}
        return Response(status=302, headers={"Location": f"{redirect_uri}?{urlencode(query)}"})

    def _token(self, request: Request) -> Response:
        form = {key: request.form.get(key, "") for key in request.form}
        with self._lock:
            self.token_requests.append(form)
            return self._redeem(form)

    def _redeem(self, form: dict[str, str]) -> Response:
        if form.get("client_id") != self.client_id or form.get("client_secret") != (
            self.client_secret
        ):
            return _error(401, "invalid_client", "Unauthorized")
        if form.get("grant_type") != "authorization_code":
            return _error(400, "unsupported_grant_type", "Invalid grant_type: ")
        grant = self._codes.get(form.get("code", ""))
        if grant is None:
            return _error(400, "invalid_grant", "Bad Request")
        if form.get("redirect_uri") != grant.redirect_uri:
            return _error(400, "redirect_uri_mismatch", "Bad Request")
        if grant.code_challenge is not None:
            verifier = form.get("code_verifier", "")
            if not verifier:
                return _error(400, "invalid_grant", "Missing code verifier.")
            if _challenge(verifier, grant.challenge_method) != grant.code_challenge:
                return _error(400, "invalid_grant", "Invalid code verifier.")
        del self._codes[form["code"]]  # redeemed once
        access, refresh = "ya29." + secrets.token_urlsafe(24), "1//" + secrets.token_urlsafe(24)
        self.issued_access_tokens.append(access)
        self.issued_refresh_tokens.append(refresh)
        body: dict[str, Any] = {
            "access_token": access,
            "expires_in": 3599,
            "refresh_token": refresh,
            "scope": " ".join(USERINFO_EMAIL if s == "email" else s for s in grant.scopes),
            "token_type": "Bearer",
        }
        if "openid" in grant.scopes:
            claims: dict[str, Any] = {"iss": "https://accounts.google.com", "aud": self.client_id}
            if "email" in grant.scopes:
                claims.update(email=self.email, email_verified=True)
            body["id_token"] = unsigned_jwt(claims)
        return Response(json.dumps(body), 200, content_type="application/json")


def _challenge(verifier: str, method: str) -> str:
    if method == "plain":
        return verifier
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def _error(status: int, error: str, description: str) -> Response:
    body = json.dumps({"error": error, "error_description": description})
    return Response(body, status, content_type="application/json")
