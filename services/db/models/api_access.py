"""Who may call the API and the pages: hashed API keys, browser sessions signed in with one, and
single-use OAuth connect attempts. Only hashes or ciphertext of secrets are stored."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    ForeignKey,
    String,
    Text,
    func,
)
from sqlalchemy.orm import Mapped, mapped_column

from services.db.models.base import Base


class ApiKey(Base):
    """A tenant's API key. Only the SHA-256 of the raw key is stored; the raw key is shown once."""

    __tablename__ = "api_keys"

    id: Mapped[int] = mapped_column(primary_key=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenants.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    # the first characters of the raw key, so people can tell their keys apart
    key_prefix: Mapped[str] = mapped_column(String(8))
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())
    revoked_at: Mapped[datetime | None]
    # None: the key lives until revoked
    expires_at: Mapped[datetime | None]


class ApiSession(Base):
    """A browser's read-only session on the run-history page, signed in with an API key. Only the
    SHA-256 of the session token is stored; revoking the key ends its sessions at once."""

    __tablename__ = "api_sessions"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    api_key_id: Mapped[int] = mapped_column(ForeignKey("api_keys.id"), index=True)
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime] = mapped_column(index=True)


class OAuthState(Base):
    """One OAuth connect attempt: bound to tenant, user and provider, then (at the start endpoint)
    to one browser; single use, short-lived. The callback carries no API key, so this row and the
    browser's cookie are what authenticate it. Nothing here is usable on its own: the state and
    the browser nonce are stored as SHA-256 hashes, the PKCE verifier (or MSAL's flow) encrypted.
    """

    __tablename__ = "oauth_states"

    state_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenants.id"))
    user_id: Mapped[int] = mapped_column(ForeignKey("portal_users.id"))
    provider: Mapped[str] = mapped_column(String(20))
    # set once, by the first browser that opens the start URL
    browser_hash: Mapped[str | None] = mapped_column(String(64))
    # CredentialCipher token of {"code_verifier"} (Google) or {"flow"} (MSAL's auth-code flow)
    secrets_encrypted: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime] = mapped_column(index=True)
