"""API-key authentication shared by the HTTP apps: X-API-Key or Authorization: Bearer."""

from __future__ import annotations

from typing import Annotated

from fastapi import HTTPException, Security, status
from fastapi.security import APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.orm import Session

from services.db.credentials import tenant_for_api_key

api_key_header = APIKeyHeader(name="X-API-Key", auto_error=False)
bearer = HTTPBearer(auto_error=False)
ApiKeyHeader = Annotated[str | None, Security(api_key_header)]
BearerHeader = Annotated[HTTPAuthorizationCredentials | None, Security(bearer)]


def resolve_tenant(
    session: Session, api_key: str | None, authorization: HTTPAuthorizationCredentials | None
) -> int:
    """The caller's tenant; 401 when the key is missing, unknown or revoked."""
    raw_key = api_key or (authorization.credentials if authorization else None)
    tenant_id = tenant_for_api_key(session, raw_key=raw_key) if raw_key else None
    if tenant_id is None:
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED,
            "missing or invalid API key",
            headers={"WWW-Authenticate": "Bearer"},
        )
    return tenant_id
