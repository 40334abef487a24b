"""Signing a browser in to the pages under ``/runs`` (the run history, the requirements).

Browsers cannot send an X-API-Key header, so a browser signs in: the page's form POSTs the key
to ``/runs/sign-in``, which answers with a short-lived, read-only session cookie (HttpOnly,
scoped to /runs, only its hash stored) and redirects to the page. The key never travels in a
URL, never sits in the browser, and is never written into the page; revoking the key ends its
sessions at once. Scripts and API clients may still send the key in a header (``page_caller``).

The sign-in and sign-out POSTs refuse requests another site makes the browser send
(``services.api.csrf``): sign-in also needs the form's token, bound to a short-lived cookie.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Annotated
from urllib.parse import parse_qs, parse_qsl, urlencode, urlsplit

from fastapi import APIRouter, Depends, HTTPException, Request, Security, status
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.security import APIKeyCookie

from services.api import html
from services.api.csrf import (
    CSRF_FIELD,
    CSRF_TTL_SECONDS,
    form_token,
    from_this_site,
    token_matches,
)
from services.api.deps import ContextDep, SessionDep, get_context
from services.api.redact import redact
from services.api.run_history_html import PAGE_PATH, page_document
from services.common.http_auth import ApiKeyHeader, BearerHeader
from services.db.api_keys import live_api_key, tenant_for_api_key
from services.db.api_sessions import (
    API_SESSION_TTL,
    create_api_session,
    end_api_session,
    tenant_for_api_session,
)

_text = html.text
log = logging.getLogger(__name__)
# no tags here: services.api.routes.pages includes this router under its "pages" tag
router = APIRouter()

SIGN_IN_PATH = f"{PAGE_PATH}/sign-in"
SIGN_OUT_PATH = f"{PAGE_PATH}/sign-out"
SESSION_COOKIE = "reqstream_runs_session"
CSRF_COOKIE = "reqstream_runs_csrf"  # the sign-in form's token, sent to SIGN_IN_PATH only
# the cookie of earlier versions, which held the API key itself: cleared wherever it shows up
LEGACY_KEY_COOKIE = "reqstream_runs_key"
MAX_SIGN_IN_BODY = 4096  # bytes; a key is 47 characters
MAX_NEXT_PAGE = 2000  # characters of the page to return to after signing in

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
    clear_legacy_cookie(request, response)
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
    body = page_document(
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
    clear_legacy_cookie(request, response)
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


def clear_legacy_cookie(request: Request, response: Response) -> None:
    if LEGACY_KEY_COOKIE in request.cookies:
        response.delete_cookie(LEGACY_KEY_COOKIE, path=PAGE_PATH)
