"""Signing a test client in as a browser does: load the form (which sets its token's cookie),
then post it back with the key."""

from __future__ import annotations

import re
from typing import Any, Protocol

from services.api.csrf import CSRF_FIELD


def form_token(page: str) -> str:
    found = re.search(rf"name='{CSRF_FIELD}' value='([^']+)'", page)
    assert found, "the sign-in form carries no token"
    return found.group(1)


class Response(Protocol):
    @property
    def text(self) -> str: ...


class Browser(Protocol):  # a TestClient, or an httpx.Client against a served app
    def get(self, url: str) -> Response: ...
    def post(self, url: str, *, data: dict[str, str], follow_redirects: bool) -> Response: ...


def sign_in(
    client: Browser,
    key: str,
    *,
    next_page: str | None = None,
) -> Any:
    """POST the sign-in form loaded from /runs (not followed); ``next_page`` as its ``next``."""
    token = form_token(client.get("/runs").text)
    data = {"key": key, CSRF_FIELD: token} | ({"next": next_page} if next_page else {})
    return client.post("/runs/sign-in", data=data, follow_redirects=False)
