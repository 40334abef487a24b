"""The OAuth authorization-code flows: Google (plain HTTP form post) and Microsoft (MSAL).

Each is an ``OAuthConnector`` (begin → callback → finish), so the routes hold no per-provider
branch; ``services.api.main`` maps every ``Connection.OAUTH`` provider of the registry to one.

Both turn a callback's code into a ``Grant``: the credentials to encrypt (shapes documented in
services.db.credentials) and the mailbox address when the provider tells it. Errors carry the
provider's error *code* only: descriptions can echo request data.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import secrets
import ssl
import warnings
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Protocol
from urllib.parse import urlencode

import httpx
import msal
import requests

from services.domain.errors import ReqstreamError

GMAIL_SCOPES = ("https://www.googleapis.com/auth/gmail.readonly",)
# asked for at connect only, so Google names the mailbox (id_token ``email``) for the user to
# check; the fetcher's credentials keep GMAIL_SCOPES alone
GOOGLE_IDENTITY_SCOPES = ("openid", "email")
GOOGLE_IDENTITY_GRANTED = frozenset(
    {"openid", "email", "https://www.googleapis.com/auth/userinfo.email"}
)
# MSAL adds offline_access, openid and profile itself (and refuses them here)
OUTLOOK_SCOPES = ("https://graph.microsoft.com/Mail.Read",)
HTTP_TIMEOUT = 30.0  # seconds, per request to an identity provider

# MSAL warns on every flow that does not use response_mode=form_post. The callback takes the
# code from the query on purpose (one GET shape for Google and Microsoft); the code is
# single-use and PKCE-bound, and the access-log filter redacts it.
warnings.filterwarnings(
    "ignore", message="response_mode='form_post' is recommended", module=r"msal\."
)


class OAuthRefused(ReqstreamError):  # noqa: N818  (named for what happened)
    """The provider refused the code (expired, reused, wrong redirect): the user starts over."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class ProviderUnavailable(ReqstreamError):  # noqa: N818
    """The identity provider did not answer usefully (network, 5xx): try again later."""


@dataclass(frozen=True)
class Pkce:
    """RFC 7636 proof key: the verifier stays with us, the S256 challenge goes in the URL."""

    verifier: str
    challenge: str

    @classmethod
    def new(cls) -> Pkce:
        verifier = secrets.token_urlsafe(64)  # 86 characters, inside RFC 7636's 43..128
        digest = hashlib.sha256(verifier.encode("ascii")).digest()
        return cls(verifier, base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii"))


@dataclass(frozen=True)
class Grant:
    credentials: dict[str, Any]
    account_email: str | None


@dataclass(frozen=True)
class OAuthStart:
    """Where to send the user's browser, and the secrets its callback needs to redeem the code
    (a PKCE verifier, MSAL's flow); the routes store them encrypted with the state."""

    authorization_url: str
    secrets: dict[str, Any]


class OAuthConnector(Protocol):
    """One provider's authorization-code flow, as the start and callback routes use it."""

    @property
    def configured(self) -> bool: ...

    def begin(self, state: str) -> OAuthStart: ...

    def finish(self, *, code: str, state: str, secrets: dict[str, Any], now: datetime) -> Grant: ...


def build_http_client(ca_file: str | None) -> httpx.Client:
    verify: ssl.SSLContext | bool = True
    if ca_file:
        # httpx 0.28 deprecates verify="<path>"
        verify = ssl.create_default_context(cafile=ca_file)
    return httpx.Client(timeout=HTTP_TIMEOUT, verify=verify)


def build_msal_session(ca_file: str) -> requests.Session:
    session = requests.Session()
    session.verify = ca_file
    # with trust_env, REQUESTS_CA_BUNDLE/CURL_CA_BUNDLE would override `verify`
    session.trust_env = False
    return session


class GoogleOAuth:
    def __init__(
        self,
        *,
        client_id: str,
        client_secret: str,
        auth_uri: str,
        token_uri: str,
        redirect_uri: str,
        http: httpx.Client,
    ) -> None:
        self._client_id = client_id
        self._client_secret = client_secret
        self._auth_uri = auth_uri
        self._token_uri = token_uri
        self._redirect_uri = redirect_uri
        self._http = http

    @property
    def configured(self) -> bool:
        return bool(self._client_id and self._client_secret)

    def authorization_url(self, state: str, *, code_challenge: str) -> str:
        query = {
            "response_type": "code",
            "client_id": self._client_id,
            "redirect_uri": self._redirect_uri,
            "scope": " ".join((*GOOGLE_IDENTITY_SCOPES, *GMAIL_SCOPES)),
            # offline + consent: Google sends a refresh token on every connect, also a reconnect
            "access_type": "offline",
            "prompt": "consent",
            "state": state,
            # PKCE (Google supports S256 for web-server clients too): a code intercepted on its
            # way back is useless without the verifier
            "code_challenge": code_challenge,
            "code_challenge_method": "S256",
        }
        return f"{self._auth_uri}?{urlencode(query)}"

    def begin(self, state: str) -> OAuthStart:
        pkce = Pkce.new()
        url = self.authorization_url(state, code_challenge=pkce.challenge)
        return OAuthStart(url, {"code_verifier": pkce.verifier})

    def finish(self, *, code: str, state: str, secrets: dict[str, Any], now: datetime) -> Grant:
        verifier = secrets.get("code_verifier")
        if not isinstance(verifier, str):
            raise OAuthRefused("no_code_verifier")
        return self.exchange(code, code_verifier=verifier, now=now)

    def exchange(self, code: str, *, code_verifier: str, now: datetime) -> Grant:
        form = {
            "grant_type": "authorization_code",
            "code": code,
            "code_verifier": code_verifier,
            "redirect_uri": self._redirect_uri,
            "client_id": self._client_id,
            "client_secret": self._client_secret,
        }
        try:
            response = self._http.post(self._token_uri, data=form)
        except httpx.HTTPError as exc:
            raise ProviderUnavailable(f"Google token endpoint: {type(exc).__name__}") from None
        body = _json_object(response)
        if response.status_code >= 500 or response.status_code == 429:
            raise ProviderUnavailable(f"Google token endpoint answered {response.status_code}")
        if response.status_code != 200:
            raise OAuthRefused(str(body.get("error") or f"http_{response.status_code}"))
        access_token, refresh_token = body.get("access_token"), body.get("refresh_token")
        if not isinstance(access_token, str) or not isinstance(refresh_token, str):
            raise OAuthRefused("no_refresh_token")
        expires_in = body.get("expires_in")
        lifetime = float(expires_in) if isinstance(expires_in, int | float) else 3600.0
        scope = body.get("scope")
        granted = scope.split() if isinstance(scope, str) else list(GMAIL_SCOPES)
        credentials = {
            "token": access_token,
            "refresh_token": refresh_token,
            "expiry": (now + timedelta(seconds=lifetime)).isoformat(),
            "token_uri": self._token_uri,
            "scopes": [s for s in granted if s not in GOOGLE_IDENTITY_GRANTED],
        }
        return Grant(credentials, _email_from_id_token(body.get("id_token")))


class MicrosoftOAuth:
    def __init__(
        self,
        *,
        client_id: str,
        client_secret: str,
        authority: str,
        redirect_uri: str,
        http_client: requests.Session | None,
    ) -> None:
        self._client_id = client_id
        self._client_secret = client_secret
        self._authority = authority
        self._redirect_uri = redirect_uri
        self._http_client = http_client

    @property
    def configured(self) -> bool:
        return bool(self._client_id and self._client_secret)

    def start(self, state: str) -> dict[str, Any]:
        """MSAL's auth-code flow to keep until the callback: ``auth_uri`` (with the S256 PKCE
        challenge MSAL always adds) and the verifier and OIDC nonce MSAL checks later."""
        try:
            flow = self._app(msal.SerializableTokenCache()).initiate_auth_code_flow(
                list(OUTLOOK_SCOPES), redirect_uri=self._redirect_uri, state=state
            )
        except (requests.RequestException, ValueError) as exc:
            raise ProviderUnavailable(
                f"Microsoft identity platform: {type(exc).__name__}"
            ) from None
        return dict(flow)

    def begin(self, state: str) -> OAuthStart:
        flow = self.start(state)
        # the URL is not needed again, and it repeats the state in clear
        auth_uri = str(flow.pop("auth_uri"))
        return OAuthStart(auth_uri, {"flow": flow})

    def finish(self, *, code: str, state: str, secrets: dict[str, Any], now: datetime) -> Grant:
        flow = secrets.get("flow")
        if not isinstance(flow, dict):
            raise OAuthRefused("no_flow")
        return self.exchange(flow, code=code, state=state)

    def exchange(self, flow: dict[str, Any], *, code: str, state: str) -> Grant:
        cache = msal.SerializableTokenCache()
        app = self._app(cache)
        try:
            result = app.acquire_token_by_auth_code_flow(
                flow, {"code": code, "state": state}, scopes=list(OUTLOOK_SCOPES)
            )
        except requests.RequestException as exc:
            raise ProviderUnavailable(f"Microsoft token endpoint: {type(exc).__name__}") from None
        except (ValueError, RuntimeError):
            # MSAL: state mismatch (ValueError) or id_token nonce mismatch (RuntimeError); the
            # messages quote token content, so they are dropped
            raise OAuthRefused("invalid_response") from None
        if "error" in result:
            raise OAuthRefused(str(result["error"]))
        accounts = app.get_accounts()
        if not accounts:
            # without an account the fetcher cannot acquire tokens silently from the cache
            raise OAuthRefused("no_account")
        account = accounts[0]
        claims = result.get("id_token_claims") or {}
        email = claims.get("preferred_username") or claims.get("email") or account.get("username")
        credentials = {
            "token_cache": cache.serialize(),
            "account_id": str(account["home_account_id"]),
            "scopes": list(OUTLOOK_SCOPES),
        }
        return Grant(credentials, str(email) if email else None)

    def _app(self, cache: msal.SerializableTokenCache) -> msal.ConfidentialClientApplication:
        # A fresh app per flow: MSAL caches discovery and token errors per app, and one
        # integration's tokens must never share a cache with another's.
        # instance_discovery=False: the authority is our own configuration, so skip asking
        # login.microsoftonline.com to vouch for it (and let tests use a local identity server).
        try:
            return msal.ConfidentialClientApplication(
                self._client_id,
                client_credential=self._client_secret,
                authority=self._authority,
                token_cache=cache,
                http_client=self._http_client,
                instance_discovery=False,
                timeout=HTTP_TIMEOUT,
            )
        except (requests.RequestException, ValueError) as exc:
            raise ProviderUnavailable(
                f"Microsoft identity platform: {type(exc).__name__}"
            ) from None


def _json_object(response: httpx.Response) -> dict[str, Any]:
    try:
        body = response.json()
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}


def _email_from_id_token(id_token: object) -> str | None:
    """The ``email`` claim, unverified: the token came straight from the token endpoint over
    TLS, which OpenID Connect accepts in place of a signature check (Core §3.1.3.7)."""
    if not isinstance(id_token, str) or id_token.count(".") != 2:
        return None
    payload = id_token.split(".")[1]
    try:
        claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    except (binascii.Error, ValueError):
        return None
    email = claims.get("email") if isinstance(claims, dict) else None
    return email if isinstance(email, str) else None
