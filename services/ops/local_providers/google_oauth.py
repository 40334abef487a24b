"""Google's OAuth endpoints as the local Gmail serves them, for one account and one client.

An authorize page that consents at once (back to ``redirect_uri`` with a single-use code), and a
token endpoint with the authorization_code grant (only with the redirect_uri the code was issued
for, as Google) and the refresh_token grant; an id_token names ``ACCOUNT_EMAIL``. Access tokens
are bearer tokens the Gmail API accepts until ``expire_access_tokens()``; every token ever issued
stays listed for secret scans. Thread-safe.
"""

from __future__ import annotations

import itertools
import secrets
import threading
from urllib.parse import urlencode

from services.ops.local_providers.gmail_wire import Answer, json_answer
from services.ops.local_providers.unsigned_jwt import unsigned_jwt

CLIENT_ID = "fake-client.apps.googleusercontent.com"
CLIENT_SECRET = "fake-client-secret"
GMAIL_READONLY = "https://www.googleapis.com/auth/gmail.readonly"
AUTH_PATH = "/o/oauth2/v2/auth"
ACCOUNT_EMAIL = "recruiter@gmail.test"  # who signs in at the authorize page


class GoogleOAuthEndpoints:
    """Refresh tokens, authorization codes and access tokens of one Google client."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._ids = itertools.count(1)  # shared with the mailbox's message ids (subclass)
        self._refresh_tokens: set[str] = set()
        self._codes: dict[str, str] = {}  # authorization code → the redirect_uri it was sent to
        self._access_tokens: set[str] = set()
        self._ever_issued: set[str] = set()  # for secret scans: expiry does not forget them

    def add_refresh_token(self, token: str) -> None:
        with self._lock:
            self._refresh_tokens.add(token)

    def revoke_refresh_token(self, token: str) -> None:
        with self._lock:
            self._refresh_tokens.discard(token)

    def issued_refresh_tokens(self) -> set[str]:
        """Every refresh token the token endpoint accepts (issued or added)."""
        with self._lock:
            return set(self._refresh_tokens)

    def issue_access_token(self) -> str:
        with self._lock:
            # unique across mailboxes too: GmailAccounts routes API calls by token
            token = f"ya29.fake-{next(self._ids)}-{secrets.token_hex(6)}"
            self._access_tokens.add(token)
            self._ever_issued.add(token)
        return token

    def issued_access_tokens(self) -> set[str]:
        with self._lock:
            return set(self._ever_issued)

    def expire_access_tokens(self) -> None:
        with self._lock:
            self._access_tokens.clear()

    def _authorized(self, header: str | None) -> bool:
        scheme, _, token = (header or "").partition(" ")
        with self._lock:
            return scheme.lower() == "bearer" and token in self._access_tokens

    def _token(self, form: dict[str, list[str]]) -> Answer:
        def one(name: str) -> str:
            return form.get(name, [""])[0]

        if one("client_id") != CLIENT_ID or one("client_secret") != CLIENT_SECRET:
            return json_answer(
                401, {"error": "invalid_client", "error_description": "Unauthorized"}
            )
        if one("grant_type") == "authorization_code":
            return self._redeem_code(one("code"), one("redirect_uri"))
        if one("grant_type") != "refresh_token":
            return json_answer(400, {"error": "unsupported_grant_type"})
        with self._lock:
            known = one("refresh_token") in self._refresh_tokens
        if not known:
            return json_answer(
                400,
                {
                    "error": "invalid_grant",
                    "error_description": "Token has been expired or revoked.",
                },
            )
        return json_answer(
            200,
            {
                "access_token": self.issue_access_token(),
                "expires_in": 3599,
                "scope": GMAIL_READONLY,
                "token_type": "Bearer",
            },
        )

    def _authorize(self, query: dict[str, list[str]]) -> Answer:
        """The consent page, consenting at once: back to ``redirect_uri`` with a code."""

        def one(name: str) -> str:
            return query.get(name, [""])[0]

        redirect_uri = one("redirect_uri")
        if one("client_id") != CLIENT_ID or not redirect_uri or one("response_type") != "code":
            return json_answer(400, {"error": "invalid_request"})
        if GMAIL_READONLY not in one("scope").split():
            return json_answer(400, {"error": "invalid_scope"})
        code = f"4/fake-code-{secrets.token_urlsafe(12)}"
        with self._lock:
            self._codes[code] = redirect_uri
        back = urlencode({"code": code, "state": one("state"), "scope": GMAIL_READONLY})
        return 302, {"Location": f"{redirect_uri}?{back}"}, b""

    def _redeem_code(self, code: str, redirect_uri: str) -> Answer:
        """Single use, and only with the redirect_uri the code was issued for (as Google)."""
        with self._lock:
            issued_for = self._codes.pop(code, None)
        if issued_for is None or issued_for != redirect_uri:
            return json_answer(400, {"error": "invalid_grant", "error_description": "Bad Request"})
        refresh_token = f"1//fake-rt-{secrets.token_urlsafe(12)}"
        self.add_refresh_token(refresh_token)
        id_token = unsigned_jwt({"email": ACCOUNT_EMAIL, "email_verified": True})
        return json_answer(
            200,
            {
                "access_token": self.issue_access_token(),
                "refresh_token": refresh_token,
                "expires_in": 3599,
                "scope": GMAIL_READONLY,
                "token_type": "Bearer",
                "id_token": id_token,
            },
        )
