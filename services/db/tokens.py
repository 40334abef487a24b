"""Random bearer tokens and the one-way hash under which they are stored.

A lookup by SHA-256 of a 256-bit random token needs no constant-time compare: timing reveals
nothing about the token, and the hash cannot be turned back into it."""

from __future__ import annotations

import hashlib
import secrets

TOKEN_BYTES = 32  # 256 bits of randomness per token


def new_token(prefix: str = "") -> str:
    return prefix + secrets.token_urlsafe(TOKEN_BYTES)


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()
