"""Unsigned JWTs (``alg: none``) for the local identity providers.

MSAL and google-auth read an id_token's claims without checking a signature when the token comes
straight from the token endpoint, so the fakes hand out claims in this form; nothing here signs.
"""

from __future__ import annotations

import base64
import json
from typing import Any


def b64url(data: bytes) -> str:
    """Base64url without padding, as JWTs and MSAL's client_info use it."""
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def unsigned_jwt(claims: dict[str, Any]) -> str:
    """An ``alg: none`` JWT: MSAL reads id_token claims without validating a signature."""
    header = b64url(json.dumps({"typ": "JWT", "alg": "none"}).encode())
    return f"{header}.{b64url(json.dumps(claims).encode())}."
