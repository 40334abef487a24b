"""One message, however many mailboxes of a tenant received it.

A vendor blast lands in several recruiters' mailboxes of one agency: the same RFC 5322
Message-ID, or without one the same body. ``message_key`` is what the jobwriter compares within
a tenant (never across tenants): the Message-ID when there is one, else the body digest.
"""

from __future__ import annotations

import hashlib


def digest_body(text: str) -> str:
    """SHA-256 (hex) of the body with case and whitespace normalized: a mail client that
    rewraps lines or a gateway that changes line endings does not make another message."""
    # str.split() splits at what re's \s matches: the old sub(r"\s+", " ").strip(), faster
    return hashlib.sha256(" ".join(text.split()).lower().encode()).hexdigest()


def message_key(message_id: str | None, body_digest: str | None) -> str | None:
    if message_id and message_id.strip():
        return "mid:" + message_id.strip().strip("<>").lower()
    if body_digest:
        return "body:" + body_digest
    return None
