"""Signing in through the local identity provider with real MSAL, as a web app would.

``mint_token_cache`` runs the auth code flow with PKCE (form_post through the authorize endpoint)
and returns MSAL's serialized token cache; ``msal_session`` is the requests session MSAL needs to
trust the local CA and nothing from the environment.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass

import msal
import requests

from services.ops.local_providers.identity_provider import LocalIdentityProvider, LocalUser

GRAPH_MAIL_READ = ("https://graph.microsoft.com/Mail.Read",)
REDIRECT_URI = "https://localhost/auth/callback"
_HIDDEN_INPUT = re.compile(r'<input type="hidden" name="(\w+)" value="([^"]*)"/>')


def msal_session(ca_file: str) -> requests.Session:
    """requests for MSAL: trusts ``ca_file`` and ignores *_CA_BUNDLE/proxy variables."""
    session = requests.Session()
    session.trust_env = False
    session.verify = ca_file
    return session


@dataclass(frozen=True)
class MintedCache:
    token_cache: str  # SerializableTokenCache.serialize()
    account_id: str  # home_account_id
    refresh_token: str
    access_token: str


def mint_token_cache(
    idp: LocalIdentityProvider,
    *,
    ca_file: str,
    scopes: Sequence[str] = GRAPH_MAIL_READ,
    user: LocalUser | None = None,
) -> MintedCache:
    """Sign ``user`` in as a web app would (auth code flow with PKCE through the authorize
    endpoint) and return MSAL's cache blob."""
    hint = (user or idp.user).preferred_username
    idp.users[hint] = user or idp.user
    cache = msal.SerializableTokenCache()
    session = msal_session(ca_file)
    try:
        app = msal.ConfidentialClientApplication(
            idp.client_id,
            client_credential=idp.client_secret,
            authority=idp.authority,
            instance_discovery=False,
            token_cache=cache,
            http_client=session,
        )
        flow = app.initiate_auth_code_flow(
            list(scopes), redirect_uri=REDIRECT_URI, login_hint=hint, response_mode="form_post"
        )
        consent = session.get(flow["auth_uri"], allow_redirects=False)
        callback = {k: html.unescape(v) for k, v in _HIDDEN_INPUT.findall(consent.text)}
        result = app.acquire_token_by_auth_code_flow(flow, callback)
    finally:
        session.close()
    if "access_token" not in result:
        raise RuntimeError(f"local sign-in failed: {result.get('error')}")
    (account,) = app.get_accounts()
    return MintedCache(
        token_cache=cache.serialize(),
        account_id=str(account["home_account_id"]),
        refresh_token=str(result["refresh_token"]),
        access_token=str(result["access_token"]),
    )


def read_cache_secrets(serialized: str, credential_type: str) -> list[str]:
    """The secrets of one credential type ("RefreshToken", "AccessToken") in a cache blob."""
    cache = msal.SerializableTokenCache()
    cache.deserialize(serialized)
    return [str(entry["secret"]) for entry in cache.search(credential_type)]
