"""Dependencies (the template's api/deps.py): the app context, a DB session, the caller's tenant."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Annotated

from fastapi import Depends, HTTPException, Request, status
from sqlalchemy.orm import Session, sessionmaker

from schemas.contracts.models import Provider
from services.api.oauth_clients import OAuthConnector
from services.api.push_tokens import PushTokenVerifier
from services.api.redrive_jobs import RedriveJobs
from services.api.settings import ApiSettings
from services.common.crypto import CredentialCipher
from services.common.http_auth import ApiKeyHeader, BearerHeader, resolve_tenant
from services.common.trigger_quota import TriggerQuota
from services.db.api_keys import tenant_for_api_key
from services.db.session import transaction


@dataclass(frozen=True)
class AppContext:
    """Everything build_app assembles once; routes reach it through ContextDep."""

    settings: ApiSettings
    sessions: sessionmaker[Session]
    cipher: CredentialCipher
    oauth: Mapping[Provider, OAuthConnector]  # one per Connection.OAUTH provider
    redrive_jobs: RedriveJobs = field(default_factory=RedriveJobs)
    triggers: TriggerQuota = field(default_factory=TriggerQuota)
    push_tokens: PushTokenVerifier = field(
        default_factory=lambda: PushTokenVerifier(audience=None, service_account="", certs_url="")
    )


def oauth_connector(context: AppContext, provider: Provider) -> OAuthConnector:
    """The provider's OAuth flow; 404 for a provider connected otherwise (IMAP, maildir)."""
    connector = context.oauth.get(provider)
    if connector is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"{provider} is not connected by OAuth")
    return connector


def get_context(request: Request) -> AppContext:
    context: AppContext = request.app.state.context
    return context


ContextDep = Annotated[AppContext, Depends(get_context)]


def get_session(context: ContextDep) -> Iterator[Session]:
    with transaction(context.sessions) as session:
        yield session


# scope="function": commit before the response is sent, so a failed commit is a 5xx rather
# than a success the database never saw
SessionDep = Annotated[Session, Depends(get_session, scope="function")]


def get_tenant(session: SessionDep, api_key: ApiKeyHeader, authorization: BearerHeader) -> int:
    return resolve_tenant(
        lambda raw_key: tenant_for_api_key(session, raw_key=raw_key), api_key, authorization
    )


TenantDep = Annotated[int, Depends(get_tenant)]
