"""The run-history page: server-rendered HTML of the tenant's recent sync runs, each expandable
to its emails and what became of them. No front-end build; it refreshes itself every 10 s.

The sign-in that lets a browser read it lives in ``services.api.routes.page_sessions``; its
routes are part of this router (same tag, same place in the API description).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Query, Request, status
from fastapi.responses import HTMLResponse, Response

from services.api import crud
from services.api.deps import ContextDep, SessionDep
from services.api.integration_html import integrations_table
from services.api.models import SyncEmail, SyncRunSummary
from services.api.routes import page_sessions
from services.api.routes.page_sessions import (
    CSRF_COOKIE,
    SESSION_COOKIE,
    PageCallerDep,
    clear_legacy_cookie,
    sign_in_page,
)
from services.api.run_history_html import PAGE_PATH, render_page
from services.db import push

router = APIRouter(tags=["pages"])


@router.get(
    PAGE_PATH,
    response_class=HTMLResponse,
    response_model=None,
    responses={status.HTTP_401_UNAUTHORIZED: {"description": "Not signed in: the sign-in form"}},
)
def run_history(
    request: Request,
    session: SessionDep,
    caller: PageCallerDep,
    context: ContextDep,
    integration_id: Annotated[int | None, Query(description="only this integration's")] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
) -> Response:
    """Run-history page (HTML); API key by header, or a session cookie from the sign-in form."""
    tenant_id = caller.tenant_id
    if tenant_id is None:
        return sign_in_page(request, failed=caller.offered)

    integrations = {row.id: row for row in crud.list_integrations(session, tenant_id=tenant_id)}
    runs = crud.list_sync_runs(
        session, tenant_id=tenant_id, integration_id=integration_id, limit=limit
    )
    outcomes = crud.sync_run_emails(session, tenant_id=tenant_id, sync_ids=[r.id for r in runs])
    emails = {
        sync_id: [SyncEmail.from_outcome(o) for o in found] for sync_id, found in outcomes.items()
    }
    titles = crud.job_titles(
        session,
        tenant_id=tenant_id,
        job_ids=[job_id for found in emails.values() for e in found for job_id in e.job_ids],
    )
    shown = [i for i in integrations.values() if integration_id in (None, i.id)]
    now = datetime.now(UTC)
    body = render_page(
        integrations_html=integrations_table(
            shown,
            push.push_rows(session, integration_ids=[i.id for i in shown]),
            now=now,
            policy=context.settings.token_lapse_policy(),
        ),
        runs=[(SyncRunSummary.from_row(r), emails[r.id]) for r in runs],
        providers={i.id: i.provider for i in integrations.values()},
        titles=titles,
        now=now,
    )
    response = HTMLResponse(body, headers={"Cache-Control": "no-store"})
    clear_legacy_cookie(request, response)
    return response


# after the page's own route, so the API description lists the routes in their old order
router.include_router(page_sessions.router)

__all__ = ["CSRF_COOKIE", "PAGE_PATH", "SESSION_COOKIE", "PageCallerDep", "router", "sign_in_page"]
