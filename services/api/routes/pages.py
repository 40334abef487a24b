"""The run-history page: server-rendered HTML of the tenant's recent sync runs, each expandable
to its emails and what became of them. No front-end build; it refreshes itself every 10 s.

Browsers cannot send an X-API-Key header, so a browser signs in: the page's form POSTs the key
to ``/runs/sign-in``, which answers with a short-lived, read-only session cookie (HttpOnly,
scoped to /runs, only its hash stored) and redirects to the page. The key never travels in a
URL, never sits in the browser, and is never written into the page; revoking the key ends its
sessions at once. Scripts and API clients may still send the key in a header.

The sign-in and sign-out POSTs refuse requests another site makes the browser send
(``services.api.csrf``): sign-in also needs the form's token, bound to a short-lived cookie.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Annotated
from urllib.parse import parse_qs, parse_qsl, urlencode, urlsplit

from fastapi import APIRouter, Depends, HTTPException, Query, Request, Security, status
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.security import APIKeyCookie

from services.api import crud, html, integration_html
from services.api.csrf import (
    CSRF_FIELD,
    CSRF_TTL_SECONDS,
    form_token,
    from_this_site,
    token_matches,
)
from services.api.deps import ContextDep, SessionDep, get_context
from services.api.integration_html import integrations_table
from services.api.models import EmailOutcome, SyncEmail, SyncRunSummary
from services.api.redact import redact
from services.api.requirement_html import nav
from services.common.http_auth import ApiKeyHeader, BearerHeader
from services.db import push
from services.db.api_keys import live_api_key, tenant_for_api_key
from services.db.api_sessions import (
    API_SESSION_TTL,
    create_api_session,
    end_api_session,
    tenant_for_api_session,
)

_text = html.text
_time = html.time_tag
log = logging.getLogger(__name__)
router = APIRouter(tags=["pages"])

PAGE_PATH = "/runs"
SIGN_IN_PATH = f"{PAGE_PATH}/sign-in"
SIGN_OUT_PATH = f"{PAGE_PATH}/sign-out"
SESSION_COOKIE = "reqstream_runs_session"
CSRF_COOKIE = "reqstream_runs_csrf"  # the sign-in form's token, sent to SIGN_IN_PATH only
# the cookie of earlier versions, which held the API key itself: cleared wherever it shows up
LEGACY_KEY_COOKIE = "reqstream_runs_key"
MAX_SIGN_IN_BODY = 4096  # bytes; a key is 47 characters
MAX_NEXT_PAGE = 2000  # characters of the page to return to after signing in
REFRESH_SECONDS = 10

session_cookie = APIKeyCookie(
    name=SESSION_COOKIE,
    auto_error=False,
    description=f"A read-only browser session from POST {SIGN_IN_PATH}.",
)
SessionCookie = Annotated[str | None, Security(session_cookie)]


@dataclass(frozen=True)
class PageCaller:
    tenant_id: int | None  # None: not signed in
    offered: bool  # a key or a session came, but it is unknown, revoked or expired


def page_caller(
    session: SessionDep,
    api_key: ApiKeyHeader,
    authorization: BearerHeader,
    session_token: SessionCookie,
) -> PageCaller:
    """Who reads a page (every page under PAGE_PATH): an API key by header, or the session
    cookie from the sign-in form, which no route outside PAGE_PATH accepts."""
    raw_key = api_key or (authorization.credentials if authorization else None)
    tenant_id: int | None = None
    if raw_key:
        tenant_id = tenant_for_api_key(session, raw_key=raw_key)
    elif session_token:
        tenant_id = tenant_for_api_session(session, token=session_token, now=datetime.now(UTC))
    return PageCaller(tenant_id, offered=bool(raw_key or session_token))


PageCallerDep = Annotated[PageCaller, Depends(page_caller)]


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
    _clear_legacy_cookie(request, response)
    return response


@dataclass(frozen=True)
class SignInForm:
    key: str
    # where the browser goes once signed in: the page that asked it to sign in
    next_page: str
    csrf: str  # the token the form was rendered with


async def sign_in_form(request: Request) -> SignInForm:
    """The ``key`` and ``next`` fields of a url-encoded form, read without python-multipart;
    bounded."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > MAX_SIGN_IN_BODY:
        raise HTTPException(status.HTTP_413_CONTENT_TOO_LARGE, "form too large")
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_SIGN_IN_BODY:
            raise HTTPException(status.HTTP_413_CONTENT_TOO_LARGE, "form too large")
    fields = parse_qs(body.decode("utf-8", errors="replace"), max_num_fields=10)
    key = (fields.get("key") or [""])[0].strip()
    return SignInForm(
        key,
        page_after_sign_in((fields.get("next") or [""])[0]),
        (fields.get(CSRF_FIELD) or [""])[0],
    )


def page_after_sign_in(asked: str) -> str:
    """``asked`` when it is one of our pages (a path under PAGE_PATH, with its query), else
    PAGE_PATH: a sign-in never redirects to another site or outside the pages."""
    parts = urlsplit(asked)
    ours = parts.path == PAGE_PATH or parts.path.startswith(PAGE_PATH + "/")
    unsafe = (
        parts.scheme
        or parts.netloc
        or "\\" in asked
        or ".." in parts.path.split("/")
        or any(ord(char) < 0x20 or ord(char) == 0x7F for char in asked)
    )
    return asked if ours and not unsafe and len(asked) <= MAX_NEXT_PAGE else PAGE_PATH


@router.post(
    SIGN_IN_PATH,
    response_class=RedirectResponse,
    response_model=None,
    status_code=status.HTTP_303_SEE_OTHER,
    responses={
        status.HTTP_401_UNAUTHORIZED: {"description": "Unknown, revoked or expired key"},
        status.HTTP_403_FORBIDDEN: {"description": "Sent by another site, or the form expired"},
    },
)
def sign_in(
    request: Request,
    session: SessionDep,
    context: ContextDep,
    form: Annotated[SignInForm, Depends(sign_in_form)],
) -> Response:
    """Sign a browser in (form field ``key``): a read-only session cookie for the pages, then
    on to the page in ``next`` (one under /runs) or the run history. Only from this site's
    own form: its ``csrf`` field must match the form's cookie."""
    if not (from_this_site(request) and token_matches(request.cookies.get(CSRF_COOKIE), form.csrf)):
        log.warning(
            "sign-in refused: Sec-Fetch-Site %r, Origin %r, token cookie %s, token field %s",
            request.headers.get("sec-fetch-site"),
            request.headers.get("origin"),
            "sent" if request.cookies.get(CSRF_COOKIE) else "missing",
            "sent" if form.csrf else "missing",
        )
        return sign_in_page(request, failed=False, refused=True)
    now = datetime.now(UTC)
    row = live_api_key(session, raw_key=form.key, now=now)
    if row is None:
        return sign_in_page(request, failed=True)
    token = create_api_session(session, api_key_id=row.id, now=now)
    log.info("tenant %s signed in to the run history with key %s", row.tenant_id, row.id)
    response = RedirectResponse(form.next_page, status.HTTP_303_SEE_OTHER)
    response.set_cookie(
        SESSION_COOKIE,
        token,
        max_age=int(API_SESSION_TTL.total_seconds()),
        path=PAGE_PATH,
        httponly=True,
        # Lax lets the page open from a link; the session can only read, and the one POST
        # that takes it (sign-out) is not sent cross-site under Lax
        samesite="lax",
        secure=context.settings.secure_cookies or request.url.scheme == "https",
    )
    response.delete_cookie(CSRF_COOKIE, path=SIGN_IN_PATH)  # used: the next form gets a new one
    _clear_legacy_cookie(request, response)
    return response


@router.post(
    SIGN_OUT_PATH,
    response_class=RedirectResponse,
    response_model=None,
    status_code=status.HTTP_303_SEE_OTHER,
    responses={status.HTTP_403_FORBIDDEN: {"description": "Sent by another site"}},
)
def sign_out(request: Request, session: SessionDep, session_token: SessionCookie) -> Response:
    """End the browser's session (not at another site's request)."""
    if not from_this_site(request):
        raise HTTPException(status.HTTP_403_FORBIDDEN, "cross-site request refused")
    if session_token:
        end_api_session(session, token=session_token)
    response = RedirectResponse(PAGE_PATH, status.HTTP_303_SEE_OTHER)
    response.delete_cookie(SESSION_COOKIE, path=PAGE_PATH)
    return response


def sign_in_page(request: Request, *, failed: bool, refused: bool = False) -> HTMLResponse:
    """The sign-in form (401), or 403 when a sign-in was ``refused`` (cross-site, no token)."""
    error = "<p class='error'>Missing or invalid API key.</p>" if failed else ""
    if refused:
        error = "<p class='error'>The form expired or came from elsewhere; sign in again.</p>"
    token = form_token(request.cookies.get(CSRF_COOKIE))
    body = _document(
        "Sign in",
        f"<h1>Run history</h1>{error}"
        f"<form method='post' action='{SIGN_IN_PATH}'>{_next_field(request)}"
        f"<input type='hidden' name='{CSRF_FIELD}' value='{token}'><label>API key "
        "<input type='password' name='key' autocomplete='off' required></label> "
        "<button type='submit'>Sign in</button></form>"
        "<p class='muted'>Signing in keeps a read-only session for this page for "
        f"{int(API_SESSION_TTL.total_seconds() // 60)} minutes; the key itself is not kept.</p>",
        refresh=False,
    )
    response = HTMLResponse(
        body,
        status.HTTP_403_FORBIDDEN if refused else status.HTTP_401_UNAUTHORIZED,
        headers={"Cache-Control": "no-store"},
    )
    response.set_cookie(
        CSRF_COOKIE,
        token,
        max_age=CSRF_TTL_SECONDS,
        path=SIGN_IN_PATH,
        httponly=True,
        samesite="strict",  # never sent with a request another site starts
        secure=get_context(request).settings.secure_cookies or request.url.scheme == "https",
    )
    if SESSION_COOKIE in request.cookies:  # expired, revoked or made up
        response.delete_cookie(SESSION_COOKIE, path=PAGE_PATH)
    _clear_legacy_cookie(request, response)
    return response


def _next_field(request: Request) -> str:
    """The page asked for, sent back with the key so that signing in returns to it. A
    parameter that reads as a secret (a ``key``, an ``rqs_…`` value: what the log redaction
    hides) is left out: a key put in a URL by mistake is never written into a page."""
    kept = [
        (name, value)
        for name, value in parse_qsl(request.url.query, keep_blank_values=True)
        if redact(f"{name}={value}") == f"{name}={value}"
    ]
    asked = request.url.path + (f"?{urlencode(kept)}" if kept else "")
    if request.method != "GET" or page_after_sign_in(asked) != asked or asked == PAGE_PATH:
        return ""
    return f"<input type='hidden' name='next' value='{_text(asked)}'>"


def _clear_legacy_cookie(request: Request, response: Response) -> None:
    if LEGACY_KEY_COOKIE in request.cookies:
        response.delete_cookie(LEGACY_KEY_COOKIE, path=PAGE_PATH)


# --- rendering ---------------------------------------------------------------------------------


def render_page(
    *,
    integrations_html: str,
    runs: list[tuple[SyncRunSummary, list[SyncEmail]]],
    providers: dict[int, str],
    titles: dict[int, str],
    now: datetime,
) -> str:
    parts = [
        "<header><h1>Run history</h1>",
        nav(PAGE_PATH),
        f"<p class='muted'>Updated {_time(now)} · refreshes every {REFRESH_SECONDS} s</p>",
        "</header>",
        "<section><h2>Integrations</h2>",
        integrations_html,
        "</section>",
        f"<section><h2>Recent sync runs <span class='muted'>({len(runs)})</span></h2>",
    ]
    if not runs:
        parts.append("<p class='muted'>No sync runs yet.</p>")
    for index, (run, emails) in enumerate(runs):
        parts.append(_run(run, emails, providers=providers, titles=titles, open_=index == 0))
    parts.append("</section>")
    return _document("Run history", "".join(parts), refresh=True)


def _run(
    run: SyncRunSummary,
    emails: list[SyncEmail],
    *,
    providers: dict[int, str],
    titles: dict[int, str],
    open_: bool,
) -> str:
    trigger = "manual" if run.manual_trigger else "scheduled"
    duration = f"{run.duration_seconds:.1f} s" if run.duration_seconds is not None else "—"
    found = run.emails_found if run.emails_found is not None else "?"
    message = f"<div class='message'>{_text(run.message)}</div>" if run.message else ""
    summary = (
        f"<summary>{_badge(run.status)} <strong>{_time(run.started_at)}</strong>"
        f" · integration #{run.integration_id} ({_text(providers.get(run.integration_id))})"
        f" · {trigger} · found {found}, processed {run.emails_processed},"
        f" jobs {run.jobs_created}, failed {run.emails_failed} · {duration}"
        f"{message}</summary>"
    )
    if emails:
        rows = "".join(_email(email, titles) for email in emails)
        table = (
            "<table class='emails'><thead><tr><th>Received</th><th>From</th><th>Subject</th>"
            "<th>Result</th><th>Skip reason</th><th>Category</th><th>Confidence</th>"
            "<th>Jobs</th></tr></thead><tbody>" + rows + "</tbody></table>"
        )
    else:
        table = "<p class='muted'>No emails in this run.</p>"
    meta = (
        f"<p class='muted small'>sync {run.sync_id} · requested {_time(run.requested_at)}"
        f" · fetched {_time(run.fetched_at)} · finished {_time(run.finished_at)}</p>"
    )
    return (
        f"<details class='run' id='run-{run.sync_id}' data-status='{_text(run.status)}'"
        f"{' open' if open_ else ''}>{summary}{meta}{table}</details>"
    )


def _email(email: SyncEmail, titles: dict[int, str]) -> str:
    jobs = (
        ", ".join(
            f"<a href='{_text(link.href)}'>#{link.id}</a> {_text(titles.get(link.id))}"
            for link in email.jobs
        )
        or "<span class='muted'>—</span>"
    )
    confidence = f"{email.confidence:.2f}" if email.confidence is not None else "—"
    subject = _text(email.subject) if email.subject else _text(email.provider_message_id)
    return (
        f"<tr class='email' data-result='{email.result.value}'>"
        f"<td>{_time(email.received_at)}</td><td>{_text(email.sender)}</td>"
        f"<td>{subject}</td><td>{_badge(email.result.value)}</td>"
        f"<td>{_text(email.skip_reason)}</td><td>{_text(email.category)}</td>"
        f"<td class='num'>{confidence}</td><td>{jobs}</td></tr>"
    )


_BADGE_CLASSES = {
    "success": "ok",
    "active": "ok",
    EmailOutcome.JOB_CREATED.value: "ok",
    "running": "info",
    EmailOutcome.PENDING.value: "info",
    EmailOutcome.SKIPPED.value: "muted-badge",
    "failed": "bad",
    "disabled": "bad",
    "disconnected": "muted-badge",
}


def _badge(value: str | None) -> str:
    if not value:
        return "<span class='muted'>—</span>"
    css = _BADGE_CLASSES.get(value, "info")
    return f"<span class='badge {css}'>{_text(value.replace('_', ' '))}</span>"


# keeps the runs a reader opened open across the auto-refresh
_SCRIPT = """
(function(){var k='reqstream-open-runs';var s=[];
try{s=JSON.parse(sessionStorage.getItem(k)||'[]')}catch(e){}
document.querySelectorAll('details.run').forEach(function(d){
if(s.indexOf(d.id)>=0){d.open=true}
d.addEventListener('toggle',function(){var o=[];
document.querySelectorAll('details.run[open]').forEach(function(x){o.push(x.id)});
try{sessionStorage.setItem(k,JSON.stringify(o))}catch(e){}});});})();
"""


def _document(title: str, body: str, *, refresh: bool) -> str:
    meta_refresh = f'<meta http-equiv="refresh" content="{REFRESH_SECONDS}">' if refresh else ""
    return html.document(
        title, body, head=meta_refresh, style=integration_html.STYLE, script=_SCRIPT
    )
