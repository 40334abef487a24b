"""A Microsoft identity platform (v2.0) stand-in for one tenant, registered on a pytest-httpserver.

Serves OIDC discovery, an auto-consenting authorize endpoint (query or form_post response) and the
token endpoint: authorization_code with PKCE (S256), refresh_token with rotation, revocation as
``invalid_grant`` with the AADSTS number a test picks, and scripted faults. id_token and
client_info are shaped so MSAL's ``get_accounts()`` works. Access tokens expire after
``access_token_lifetime`` and resolve to the user they were issued to, which the local Graph uses
to route and check bearer tokens. Thread-safe.
"""

from __future__ import annotations

import hashlib
import html
import json
import secrets
import threading
import time
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from services.ops.local_providers.unsigned_jwt import b64url, unsigned_jwt

TENANT_ID = "9188040d-6c67-4c5b-b112-36a304b66dad"
CLIENT_ID = "11111111-2222-3333-4444-555555555555"
CLIENT_SECRET = "local-client-secret"  # noqa: S105  (a test fixture value)


@dataclass(frozen=True)
class LocalUser:
    oid: str = "00000000-0000-0000-66f3-3332eca7ea81"
    tid: str = TENANT_ID
    preferred_username: str = "recruiter@contoso.test"
    name: str = "Casey Recruiter"

    @property
    def home_account_id(self) -> str:
        return f"{self.oid}.{self.tid}"  # MSAL builds it from client_info uid.utid


@dataclass(frozen=True)
class TokenRequest:
    """One token endpoint call, as the fake saw it."""

    grant_type: str
    client_id: str
    scope: str
    refresh_token: str | None
    status: int


@dataclass
class _Grant:
    user: LocalUser
    code_challenge: str | None = None
    nonce: str | None = None  # echoed in the id_token; MSAL's auth code flow checks it


@dataclass
class _Fault:
    status: int
    body: dict[str, Any]
    headers: dict[str, str] = field(default_factory=dict)


class LocalIdentityProvider:
    """login.microsoftonline.com for one tenant, registered on a pytest-httpserver."""

    def __init__(
        self,
        server: HTTPServer,
        *,
        tenant: str = TENANT_ID,
        client_id: str = CLIENT_ID,
        client_secret: str = CLIENT_SECRET,
        user: LocalUser | None = None,
        access_token_lifetime: int = 3600,  # seconds; MSAL treats < 300 as already expired
    ) -> None:
        self.server = server
        self.tenant = tenant
        self.client_id = client_id
        self.client_secret = client_secret
        self.user = user or LocalUser()  # who signs in at the authorize endpoint by default
        self.users: dict[str, LocalUser] = {}  # login_hint -> user, for other sign-ins
        self.access_token_lifetime = access_token_lifetime
        self.token_requests: list[TokenRequest] = []
        self.issued_access_tokens: list[str] = []
        self.issued_refresh_tokens: list[str] = []
        self._lock = threading.Lock()
        self._codes: dict[str, _Grant] = {}
        self._refresh_tokens: dict[str, LocalUser] = {}
        self._revoked: dict[str, int] = {}  # refresh token -> AADSTS code answered
        self._access_tokens: dict[str, float] = {}  # token -> expiry (epoch seconds)
        self._access_token_users: dict[str, LocalUser] = {}  # whose mailbox a token opens
        self._faults: deque[_Fault] = deque()
        base = f"/{tenant}"
        server.expect_request(f"{base}/v2.0/.well-known/openid-configuration").respond_with_json(
            self.openid_configuration()
        )
        server.expect_request(f"{base}/oauth2/v2.0/authorize").respond_with_handler(self._authorize)
        server.expect_request(f"{base}/oauth2/v2.0/token", method="POST").respond_with_handler(
            self._token
        )

    @property
    def base_url(self) -> str:
        return self.server.url_for("/").rstrip("/")

    @property
    def authority(self) -> str:
        return f"{self.base_url}/{self.tenant}"

    @property
    def issuer(self) -> str:
        return f"{self.base_url}/{self.user.tid}/v2.0"

    def openid_configuration(self) -> dict[str, Any]:
        return {
            "issuer": self.issuer,
            "authorization_endpoint": f"{self.authority}/oauth2/v2.0/authorize",
            "token_endpoint": f"{self.authority}/oauth2/v2.0/token",
            "jwks_uri": f"{self.base_url}/{self.tenant}/discovery/v2.0/keys",
            "response_types_supported": ["code", "id_token", "code id_token", "token id_token"],
            "scopes_supported": ["openid", "profile", "email", "offline_access"],
            "subject_types_supported": ["pairwise"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "token_endpoint_auth_methods_supported": ["client_secret_post", "client_secret_basic"],
        }

    # --- scripting -----------------------------------------------------------------------

    def authorization_code(self, user: LocalUser | None = None) -> str:
        """A one-time code, as if the user had signed in and consented."""
        code = "code." + secrets.token_urlsafe(16)
        with self._lock:
            self._codes[code] = _Grant(user or self.user)
        return code

    def seed_refresh_token(self, user: LocalUser | None = None) -> str:
        """A refresh token from elsewhere (for ``acquire_token_by_refresh_token`` migrations)."""
        with self._lock:
            return self._new_refresh_token(user or self.user)

    def revoke_refresh_tokens(self, *, error_code: int = 70008) -> None:
        """Every refresh token issued so far now answers 400 invalid_grant (70008 expired by
        inactivity, 700082 expired by max age, 50173 password changed, 700084 SPA lifetime)."""
        with self._lock:
            for token in self._refresh_tokens:
                self._revoked[token] = error_code

    def expire_access_tokens(self) -> None:
        """Resources reject every access token issued so far (clients' caches still hold them)."""
        with self._lock:
            self._access_tokens = dict.fromkeys(self._access_tokens, 0.0)

    def is_valid_access_token(self, token: str) -> bool:
        with self._lock:
            return self._access_tokens.get(token, 0.0) > time.time()

    def user_of_access_token(self, token: str) -> LocalUser | None:
        """Whom a valid access token was issued to (None: unknown or expired)."""
        with self._lock:
            if self._access_tokens.get(token, 0.0) <= time.time():
                return None
            return self._access_token_users.get(token)

    def fail_next_token_request(
        self,
        status: int,
        error: str,
        *,
        error_codes: Sequence[int] = (),
        headers: dict[str, str] | None = None,
    ) -> None:
        number = error_codes[0] if error_codes else 0
        body: dict[str, Any] = {
            "error": error,
            "error_description": f"AADSTS{number}: scripted failure.",
            "error_codes": list(error_codes),
        }
        with self._lock:
            self._faults.append(_Fault(status, body, headers or {}))

    # --- endpoints -----------------------------------------------------------------------

    def _authorize(self, request: Request) -> Response:
        """Auto-consent: redirect straight back with a code (and the caller's state)."""
        redirect_uri = request.args.get("redirect_uri", "")
        if request.args.get("client_id") != self.client_id or not redirect_uri:
            return _oauth_error(400, "unauthorized_client", 700016)
        if request.args.get("code_challenge_method", "S256") != "S256":
            return _oauth_error(400, "invalid_request", 50175)
        user = self.users.get(request.args.get("login_hint", ""), self.user)
        code = self.authorization_code(user)
        with self._lock:
            self._codes[code].code_challenge = request.args.get("code_challenge")
            self._codes[code].nonce = request.args.get("nonce")
        query = {"code": code, "state": request.args.get("state", "")}
        if request.args.get("client_info"):
            query["client_info"] = self._client_info(user)
        if request.args.get("response_mode") == "form_post":  # the browser POSTs it back
            fields = "".join(
                f'<input type="hidden" name="{k}" value="{html.escape(v)}"/>'
                for k, v in query.items()
            )
            return Response(
                f'<html><body onload="document.forms[0].submit()"><form method="POST" '
                f'action="{html.escape(redirect_uri)}">{fields}</form></body></html>',
                200,
                content_type="text/html; charset=utf-8",
            )
        return Response(status=302, headers={"Location": f"{redirect_uri}?{urlencode(query)}"})

    def _token(self, request: Request) -> Response:
        form = request.form
        client_id, secret = form.get("client_id", ""), form.get("client_secret")
        if request.authorization and request.authorization.type == "basic":
            client_id = request.authorization.username or client_id
            secret = request.authorization.password
        response = self._token_response(form, client_id, secret)
        with self._lock:
            self.token_requests.append(
                TokenRequest(
                    grant_type=form.get("grant_type", ""),
                    client_id=client_id,
                    scope=form.get("scope", ""),
                    refresh_token=form.get("refresh_token"),
                    status=response.status_code,
                )
            )
        return response

    def _token_response(self, form: Any, client_id: str, secret: str | None) -> Response:
        with self._lock:
            if self._faults:
                fault = self._faults.popleft()
                return Response(
                    json.dumps(fault.body),
                    fault.status,
                    fault.headers,
                    content_type="application/json",
                )
        if client_id != self.client_id:
            return _oauth_error(400, "unauthorized_client", 700016)
        if secret != self.client_secret:
            return _oauth_error(401, "invalid_client", 7000215)
        grant_type = form.get("grant_type")
        with self._lock:
            if grant_type == "authorization_code":
                grant = self._codes.pop(form.get("code", ""), None)
                if grant is None:
                    return _oauth_error(400, "invalid_grant", 54005)  # unknown or redeemed
                if grant.code_challenge and grant.code_challenge != _pkce_s256(
                    form.get("code_verifier", "")
                ):
                    return _oauth_error(400, "invalid_grant", 501481)
                user, nonce = grant.user, grant.nonce
            elif grant_type == "refresh_token":
                token = form.get("refresh_token", "")
                if token in self._revoked:
                    return _oauth_error(400, "invalid_grant", self._revoked[token])
                if token not in self._refresh_tokens:
                    return _oauth_error(400, "invalid_grant", 9002313)
                user, nonce = self._refresh_tokens[token], None
            else:
                return _oauth_error(400, "unsupported_grant_type", 70003)
            scopes = form.get("scope", "").split()
            # AAD rotates: every redemption returns a new refresh token (the old one stays
            # usable until it expires, which is why the client must keep the newest).
            body: dict[str, Any] = {
                "token_type": "Bearer",
                "scope": " ".join(s for s in scopes if s != "offline_access"),
                "expires_in": self.access_token_lifetime,
                "ext_expires_in": self.access_token_lifetime,
                "access_token": self._new_access_token(user),
                "refresh_token": self._new_refresh_token(user),
                "id_token": self._id_token(user, nonce),
            }
        if form.get("client_info") == "1":
            body["client_info"] = self._client_info(user)
        return Response(
            json.dumps(body),
            200,
            {"Cache-Control": "no-store", "Pragma": "no-cache"},
            content_type="application/json",
        )

    # --- token minting (callers hold the lock) --------------------------------------------

    def _new_access_token(self, user: LocalUser) -> str:
        token = "at." + secrets.token_urlsafe(24)
        self._access_tokens[token] = time.time() + self.access_token_lifetime
        self._access_token_users[token] = user
        self.issued_access_tokens.append(token)
        return token

    def _new_refresh_token(self, user: LocalUser) -> str:
        token = "rt." + secrets.token_urlsafe(24)
        self._refresh_tokens[token] = user
        self.issued_refresh_tokens.append(token)
        return token

    def _id_token(self, user: LocalUser, nonce: str | None) -> str:
        now = int(time.time())
        claims: dict[str, Any] = {
            "aud": self.client_id,
            "iss": self.issuer,
            "iat": now,
            "nbf": now,
            "exp": now + 3600,
            "name": user.name,
            "oid": user.oid,
            "preferred_username": user.preferred_username,
            "sub": "sub-" + user.oid,
            "tid": user.tid,
            "ver": "2.0",
        }
        if nonce:
            claims["nonce"] = nonce
        return unsigned_jwt(claims)

    @staticmethod
    def _client_info(user: LocalUser) -> str:
        return b64url(json.dumps({"uid": user.oid, "utid": user.tid}).encode())


def _pkce_s256(verifier: str) -> str:
    return b64url(hashlib.sha256(verifier.encode("ascii")).digest())


def _oauth_error(status: int, error: str, code: int) -> Response:
    """AAD's error shape: MSAL branches on ``error``; ``error_codes`` carry the AADSTS number."""
    body = {
        "error": error,
        "error_description": f"AADSTS{code}: scripted by the local identity provider.",
        "error_codes": [code],
        "timestamp": time.strftime("%Y-%m-%d %H:%M:%SZ", time.gmtime()),
        "trace_id": secrets.token_hex(8),
        "correlation_id": secrets.token_hex(8),
        "error_uri": f"https://login.microsoftonline.com/error?code={code}",
    }
    return Response(json.dumps(body), status, content_type="application/json")
