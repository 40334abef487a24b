"""A tenant's mailbox integrations: start an OAuth connect, add IMAP, list, disconnect."""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from fastapi import APIRouter, BackgroundTasks, HTTPException, Request, Response, status

from schemas.contracts.models import Provider
from services.api import crud
from services.api.deps import AppContext, ContextDep, SessionDep, TenantDep, oauth_connector
from services.api.models import AuthorizationUrl, ImapCreate, IntegrationPublic
from services.api.push_watch import stop_push_watch
from services.api.routes.status import SOURCE, get_sync_producer
from services.db import push
from services.db.oauth_states import create_oauth_state
from services.domain.errors import RetryableError
from services.domain.imap_watches import WatchRecord
from services.scheduler.imap_watches import announce, record_of

log = logging.getLogger(__name__)
router = APIRouter(prefix="/integrations", tags=["integrations"])


@router.get("/connect/{provider}")
def connect(
    provider: Provider,
    user_id: int,
    tenant_id: TenantDep,
    session: SessionDep,
    context: ContextDep,
) -> AuthorizationUrl:
    """Start connecting an OAuth mailbox (Gmail, Outlook): the URL to send the user's browser to
    (once; the first browser to open it is the only one that can finish the connect)."""
    connector = oauth_connector(context, provider)
    if not crud.user_in_tenant(session, user_id=user_id, tenant_id=tenant_id):
        raise HTTPException(status.HTTP_404_NOT_FOUND, "user not found")
    if not connector.configured:
        raise HTTPException(status.HTTP_503_SERVICE_UNAVAILABLE, f"{provider} is not configured")
    # the browser binds itself to the state at /oauth/{provider}/start (services.api.routes.oauth)
    state = create_oauth_state(
        session, tenant_id=tenant_id, user_id=user_id, provider=provider, now=datetime.now(UTC)
    )
    return AuthorizationUrl(authorization_url=context.settings.oauth_start_url(provider, state))


@router.post("/imap", status_code=status.HTTP_201_CREATED)
def create_imap(
    body: ImapCreate,
    tenant_id: TenantDep,
    session: SessionDep,
    context: ContextDep,
    request: Request,
    background: BackgroundTasks,
) -> IntegrationPublic:
    """Connect an IMAP mailbox; the password is stored encrypted and never returned. The IMAP
    watchers start watching it once it is committed (integration.imap.active)."""
    try:
        host = context.settings.mail_server_policy().check_settings(
            host=body.host, port=body.port, use_tls=body.use_tls
        )
    except ValueError as exc:
        # the deployment's rules (no loopback/private/metadata addresses, IMAP ports, TLS);
        # the fetcher checks the addresses the name resolves to again at connect time
        error = {"loc": ["body", "host"], "msg": str(exc), "type": "value_error"}
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, [error]) from None
    if not crud.user_in_tenant(session, user_id=body.user_id, tenant_id=tenant_id):
        raise HTTPException(status.HTTP_404_NOT_FOUND, "user not found")
    row = crud.connect_integration(
        session,
        max_active=context.settings.max_integrations_per_tenant,
        tenant_id=tenant_id,
        user_id=body.user_id,
        provider=Provider.IMAP,
        # the login often is the address; otherwise the mailbox stays unnamed
        account_email=body.username if "@" in body.username else None,
        config={
            "host": host,
            "port": body.port,
            "username": body.username,
            "use_tls": body.use_tls,
            "folder": body.folder,
        },
        cipher=context.cipher,
        credentials={"password": body.password.get_secret_value()},
    )
    log.info("tenant %s connected imap integration %s", tenant_id, row.id)
    record = record_of(
        integration_id=row.id, tenant_id=row.tenant_id, config=row.config or {}, active=True
    )
    background.add_task(_announce_imap_watch, request, context, record)
    return IntegrationPublic.from_row(row)


@router.get("")
def list_integrations(
    tenant_id: TenantDep, session: SessionDep, context: ContextDep
) -> list[IntegrationPublic]:
    """The tenant's integrations with their status, sync statistics and connection health."""
    rows = crud.list_integrations(session, tenant_id=tenant_id)
    pushes = push.push_rows(session, integration_ids=[row.id for row in rows])
    now = datetime.now(UTC)
    policy = context.settings.token_lapse_policy()
    return [
        IntegrationPublic.from_row(row, pushes.get(row.id), now=now, policy=policy) for row in rows
    ]


@router.delete("/{integration_id}", status_code=status.HTTP_204_NO_CONTENT)
def disconnect(
    integration_id: int,
    tenant_id: TenantDep,
    session: SessionDep,
    context: ContextDep,
    request: Request,
    background: BackgroundTasks,
) -> Response:
    """Disconnect an integration: syncing stops, its push watch is stopped and its credentials
    are erased."""
    row = crud.get_integration(session, tenant_id=tenant_id, integration_id=integration_id)
    if row is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "integration not found")
    # while the credentials are still there: they authorise the provider's stop
    stop_push_watch(session, integration=row, settings=context.settings, cipher=context.cipher)
    crud.disconnect_integration(session, integration=row, now=datetime.now(UTC))
    log.info("tenant %s disconnected integration %s", tenant_id, integration_id)
    if row.provider == Provider.IMAP:
        tombstone = record_of(
            integration_id=row.id, tenant_id=row.tenant_id, config={}, active=False
        )
        background.add_task(_announce_imap_watch, request, context, tombstone)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


def _announce_imap_watch(request: Request, context: AppContext, record: WatchRecord) -> None:
    """After the commit (a background task runs after the response): the integration's record
    on integration.imap.active, or its tombstone. Best effort: without a broker the
    scheduler's reconcile publishes it within SCHEDULER_IMAP_RECONCILE_SECONDS."""
    try:
        announce(get_sync_producer(request, context), [record], source=SOURCE)
    except (HTTPException, RetryableError) as exc:
        log.warning("integration %s: imap watch not announced: %s", record.key, exc)
