"""Credentials at rest: JSON encrypted with Fernet under an ordered key list (newest first).

``TOKEN_ENCRYPTION_KEYS="newest,older"``: MultiFernet encrypts with the first key and decrypts
with any, so rotation is (1) prepend a new key and deploy, (2) ``reqstream keys rotate``
re-encrypts every row with it, (3) drop the old key and deploy. Nothing here logs plaintext,
ciphertext or keys, and no error message carries them.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet

from services.domain.errors import CredentialsUnreadable

__all__ = ["CredentialCipher", "generate_key", "parse_keys"]


def generate_key() -> str:
    """A new Fernet key (32 random bytes, url-safe base64), for TOKEN_ENCRYPTION_KEYS."""
    return Fernet.generate_key().decode("ascii")


def parse_keys(value: str) -> list[bytes]:
    """``"newest,older,..."`` → Fernet keys, newest first; ValueError naming the bad position.

    Errors say which key is wrong but never echo it: they end up in start-up logs."""
    if not value.strip():
        raise ValueError(
            "TOKEN_ENCRYPTION_KEYS is empty: set one or more Fernet keys, newest first "
            "(`reqstream keys generate` makes one)"
        )
    keys: list[bytes] = []
    for position, part in enumerate(value.split(","), start=1):
        key = part.strip().encode("ascii", errors="replace")
        if not key:
            raise ValueError(f"TOKEN_ENCRYPTION_KEYS: key #{position} is empty (stray comma?)")
        try:
            Fernet(key)
        except ValueError:  # binascii.Error is a ValueError too
            raise ValueError(
                f"TOKEN_ENCRYPTION_KEYS: key #{position} is not a Fernet key "
                "(32 url-safe base64-encoded bytes; `reqstream keys generate` makes one)"
            ) from None
        if key in keys:
            raise ValueError(f"TOKEN_ENCRYPTION_KEYS: key #{position} repeats an earlier key")
        keys.append(key)
    return keys


class CredentialCipher:
    """Encrypts credential dicts with the newest key; decrypts with any configured key."""

    def __init__(self, keys: Sequence[bytes]) -> None:
        if not keys:
            raise ValueError("CredentialCipher needs at least one key")
        self._fernet = MultiFernet([Fernet(key) for key in keys])

    @classmethod
    def from_setting(cls, value: str) -> CredentialCipher:
        return cls(parse_keys(value))

    def __repr__(self) -> str:
        return "CredentialCipher(<keys hidden>)"

    def encrypt(self, data: dict[str, Any]) -> str:
        plaintext = json.dumps(data, separators=(",", ":"), sort_keys=True).encode("utf-8")
        return self._fernet.encrypt(plaintext).decode("ascii")

    def decrypt(self, token: str) -> dict[str, Any]:
        data = json.loads(self._open(token))
        if not isinstance(data, dict):
            raise CredentialsUnreadable("stored credentials are not a JSON object")
        return data

    def rotate(self, token: str) -> str:
        """The same plaintext under the newest key (Fernet keeps the original timestamp)."""
        try:
            return self._fernet.rotate(_token_bytes(token)).decode("ascii")
        except InvalidToken:
            raise CredentialsUnreadable(_UNREADABLE) from None

    def _open(self, token: str) -> bytes:
        try:
            return self._fernet.decrypt(_token_bytes(token))
        except InvalidToken:
            # `from None`: the context would only repeat that no key matched
            raise CredentialsUnreadable(_UNREADABLE) from None


_UNREADABLE = "no configured TOKEN_ENCRYPTION_KEYS key decrypts the stored credentials"


def _token_bytes(token: str) -> bytes:
    try:
        return token.encode("ascii")
    except UnicodeEncodeError:
        # Fernet tokens are ASCII; anything else was never produced by encrypt()
        raise CredentialsUnreadable("stored credentials are not a Fernet token") from None
