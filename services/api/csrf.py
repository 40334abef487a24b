"""Cross-site request forgery defence for the pages' forms (login CSRF: another site must not
sign a browser in with *its own* key, nor sign it out).

Two checks, both required of a state-changing POST under /runs:
- the browser's own word on where the request came from: ``Sec-Fetch-Site`` must say
  same-origin (or none: the user typed it); a browser without Fetch Metadata is judged by its
  ``Origin`` header, which must name this host when it names one (the pages' no-referrer
  policy makes browsers send ``Origin: null`` for our own forms);
- a double-submit token: the form page sets a random token in a short-lived HttpOnly,
  SameSite=Strict cookie scoped to the form's target and writes the same token into the form;
  the POST must carry both, equal. Another site can neither read the cookie nor make the
  browser send it cross-site, so it cannot fill in the field.
"""

from __future__ import annotations

import hmac
import secrets
from urllib.parse import urlsplit

from fastapi import Request

CSRF_FIELD = "csrf"
CSRF_TTL_SECONDS = 3600  # a sign-in form left open longer asks again
_TOKEN_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")


def form_token(cookie: str | None) -> str:
    """The token for a form: the browser's current one when well-formed, else a new one (two
    tabs showing the form both stay valid)."""
    if cookie and len(cookie) == 43 and set(cookie) <= _TOKEN_CHARS:
        return cookie
    return secrets.token_urlsafe(32)


def from_this_site(request: Request) -> bool:
    """False when the browser says the request came from another site (or an opaque origin)."""
    fetch_site = request.headers.get("sec-fetch-site")
    if fetch_site is not None:  # set by the browser itself, which no page can forge
        return fetch_site in ("same-origin", "none")
    origin = request.headers.get("origin")
    # "null": our pages' no-referrer policy makes browsers send it for our own forms; the
    # token still has to match
    if origin is None or origin == "null":
        return True
    return urlsplit(origin).netloc.lower() == request.headers.get("host", "").lower() != ""


def token_matches(cookie: str | None, submitted: str) -> bool:
    return bool(cookie and submitted) and hmac.compare_digest(
        (cookie or "").encode(), submitted.encode()
    )
