"""What the credential store needs of a cipher; services.common.crypto provides one."""

from __future__ import annotations

from typing import Any, Protocol


class Cipher(Protocol):
    """Encrypts credentials at rest. ``decrypt`` and ``rotate`` raise
    services.domain.errors.CredentialsUnreadable when no configured key opens a token."""

    def encrypt(self, data: dict[str, Any]) -> str: ...

    def decrypt(self, token: str) -> dict[str, Any]: ...

    def rotate(self, token: str) -> str:
        """``token`` re-encrypted with the newest key."""
        ...
