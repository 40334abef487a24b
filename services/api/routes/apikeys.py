"""The caller's own API keys: list them, revoke one (tenant-scoped; creating keys is the
operator's ``reqstream apikeys create``)."""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from fastapi import APIRouter, HTTPException, status

from services.api.deps import SessionDep, TenantDep
from services.api.models import ApiKeyPublic
from services.db.api_keys import list_api_keys, revoke_api_key

log = logging.getLogger(__name__)
router = APIRouter(prefix="/apikeys", tags=["apikeys"])


@router.get("")
def list_keys(tenant_id: TenantDep, session: SessionDep) -> list[ApiKeyPublic]:
    """The tenant's keys, revoked ones included; prefixes only, never the keys."""
    return [ApiKeyPublic.model_validate(row) for row in list_api_keys(session, tenant_id=tenant_id)]


@router.post("/{key_id}/revoke")
def revoke_key(key_id: int, tenant_id: TenantDep, session: SessionDep) -> ApiKeyPublic:
    """Revoke one of the tenant's keys (also the one making the request); effective at once."""
    row = revoke_api_key(session, key_id=key_id, tenant_id=tenant_id, now=datetime.now(UTC))
    if row is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "API key not found")
    log.info("tenant %s revoked API key %s", tenant_id, key_id)
    return ApiKeyPublic.model_validate(row)
