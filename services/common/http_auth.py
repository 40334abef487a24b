"""API-key authentication shared by the HTTP apps: X-API-Key or Authorization: Bearer.

The key store is the caller's (services.db.api_keys): this runtime module only reads the
headers and turns a failed lookup into a 401."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from fastapi import HTTPException, Security, status
from fastapi.security import APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer

api_key_header = APIKeyHeader(name="X-API-Key", auto_error=False)
bearer = HTTPBearer(auto_error=False)
ApiKeyHeader = Annotated[str | None, Security(api_key_header)]
BearerHeader = Annotated[HTTPAuthorizationCredentials | None, Security(bearer)]
TenantLookup = Callable[[str], int | None]  # raw key → tenant of a live key, else None


def resolve_tenant(
    tenant_for_key: TenantLookup,
    api_key: str | None,
    authorization: HTTPAuthorizationCredentials | None,
) -> int:
    """The caller's tenant; 401 when the key is missing, unknown or revoked."""
    raw_key = api_key or (authorization.credentials if authorization else None)
    tenant_id = tenant_for_key(raw_key) if raw_key else None
    if tenant_id is None:
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED,
            "missing or invalid API key",
            headers={"WWW-Authenticate": "Bearer"},
        )
    return tenant_id
