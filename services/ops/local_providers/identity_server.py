"""Local HTTPS test servers and a Microsoft identity platform (v2.0) stand-in for real MSAL.

MSAL insists on an ``https`` authority with a tenant segment, so everything here runs over TLS
with a throwaway trustme CA (its pytest fixtures live in ``tests.providers.identity_server``).

``LocalIdentityProvider`` serves OIDC discovery, an auto-consenting authorize endpoint and the
token endpoint (authorization_code with PKCE, refresh_token with rotation, revocation as
``invalid_grant``), with id_token and client_info shaped so ``get_accounts()`` works.
``mint_token_cache`` signs a user in through it and returns the serialized MSAL cache.

``identity_provider`` holds the provider, ``msal_sign_in`` the MSAL side; this module is the one
place the tests and the bench import them from.
"""

from __future__ import annotations

from services.ops.local_providers.identity_provider import (
    CLIENT_ID,
    CLIENT_SECRET,
    TENANT_ID,
    LocalIdentityProvider,
    LocalUser,
    TokenRequest,
)
from services.ops.local_providers.msal_sign_in import (
    GRAPH_MAIL_READ,
    REDIRECT_URI,
    MintedCache,
    mint_token_cache,
    msal_session,
    read_cache_secrets,
)
from services.ops.local_providers.unsigned_jwt import unsigned_jwt

TLS_ENV_VARS = ("REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE", "SSL_CERT_FILE", "SSL_CERT_DIR")

__all__ = [
    "CLIENT_ID",
    "CLIENT_SECRET",
    "GRAPH_MAIL_READ",
    "REDIRECT_URI",
    "TENANT_ID",
    "TLS_ENV_VARS",
    "LocalIdentityProvider",
    "LocalUser",
    "MintedCache",
    "TokenRequest",
    "mint_token_cache",
    "msal_session",
    "read_cache_secrets",
    "unsigned_jwt",
]
