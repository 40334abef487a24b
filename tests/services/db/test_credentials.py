"""Encrypted credentials on real PostgreSQL; the key CLI commands."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from cryptography.fernet import Fernet
from sqlalchemy.orm import Session, sessionmaker
from typer.testing import CliRunner

from services.cli import apikeys, keys
from services.common.crypto import CredentialCipher
from services.db import api_keys, credentials
from services.db.models import EmailIntegration
from services.db.session import transaction
from services.domain.errors import CredentialsUnreadable
from tests.pipeline_fixtures import new_tenant
from tests.services.db.scratch import scratch_database, sessions_for

pytestmark = pytest.mark.postgres
NOW = datetime(2026, 11, 28, 10, 0, tzinfo=UTC)
SECRET = {"refresh_token": "1//refresh-secret", "token": "ya29.access-secret"}


@pytest.fixture
def own_database(prepared: tuple[str, str]) -> Iterator[str]:
    """A migrated database of its own: rotation touches every row, other tests' rows included."""
    with scratch_database(prepared[1], prefix="rotate") as url:
        yield url


@pytest.fixture
def own_sessions(own_database: str) -> Iterator[sessionmaker[Session]]:
    with sessions_for(own_database) as own:
        yield own


def stored_token(sessions: sessionmaker[Session], integration_id: int) -> str | None:
    with transaction(sessions) as session:
        row = session.get(EmailIntegration, integration_id)
        assert row is not None
        return row.credentials_encrypted


def test_store_and_load_keep_only_ciphertext_in_the_row(sessions: sessionmaker[Session]) -> None:
    ids = new_tenant(sessions, mailbox=None, roles=["java"], provider="gmail")
    cipher = CredentialCipher([Fernet.generate_key()])

    with transaction(sessions) as session:
        assert (
            credentials.load_credentials(session, integration_id=ids.integration_id, cipher=cipher)
            is None
        )
        credentials.store_credentials(
            session, integration_id=ids.integration_id, cipher=cipher, credentials=SECRET
        )

    token = stored_token(sessions, ids.integration_id)
    assert token is not None and "refresh-secret" not in token
    with transaction(sessions) as session:
        loaded = credentials.load_credentials(
            session, integration_id=ids.integration_id, cipher=cipher, lock=True
        )
    assert loaded == SECRET


def test_store_into_a_missing_integration_fails(sessions: sessionmaker[Session]) -> None:
    cipher = CredentialCipher([Fernet.generate_key()])

    with pytest.raises(LookupError), transaction(sessions) as session:
        credentials.store_credentials(session, integration_id=-1, cipher=cipher, credentials=SECRET)


def test_rotate_all_moves_every_row_to_the_newest_key(
    own_sessions: sessionmaker[Session],
) -> None:
    sessions = own_sessions
    old_key, new_key = Fernet.generate_key(), Fernet.generate_key()
    old = CredentialCipher([old_key])
    ids = [new_tenant(sessions, mailbox=None, roles=["qa"]).integration_id for _ in range(3)]
    with transaction(sessions) as session:
        for integration_id in ids[:2]:  # the third has no credentials
            credentials.store_credentials(
                session, integration_id=integration_id, cipher=old, credentials=SECRET
            )

    with transaction(sessions) as session:
        count = credentials.rotate_all(session, cipher=CredentialCipher([new_key, old_key]))

    assert count == 2
    with transaction(sessions) as session:
        new_only = CredentialCipher([new_key])
        for integration_id in ids[:2]:
            assert (
                credentials.load_credentials(
                    session, integration_id=integration_id, cipher=new_only
                )
                == SECRET
            )
            with pytest.raises(CredentialsUnreadable):
                credentials.load_credentials(session, integration_id=integration_id, cipher=old)
        assert credentials.load_credentials(session, integration_id=ids[2], cipher=new_only) is None


def test_rotate_all_aborts_on_an_unreadable_row(own_sessions: sessionmaker[Session]) -> None:
    sessions = own_sessions
    ids = new_tenant(sessions, mailbox=None, roles=["qa"])
    stray = CredentialCipher([Fernet.generate_key()])
    with transaction(sessions) as session:
        credentials.store_credentials(
            session, integration_id=ids.integration_id, cipher=stray, credentials=SECRET
        )
    before = stored_token(sessions, ids.integration_id)

    with (
        pytest.raises(CredentialsUnreadable, match=f"integration {ids.integration_id}"),
        transaction(sessions) as session,
    ):
        credentials.rotate_all(session, cipher=CredentialCipher([Fernet.generate_key()]))

    assert stored_token(sessions, ids.integration_id) == before


def test_cli_creates_a_key_and_rotates_credentials(
    own_database: str, own_sessions: sessionmaker[Session], monkeypatch: pytest.MonkeyPatch
) -> None:
    sessions = own_sessions
    ids = new_tenant(sessions, mailbox=None, roles=["qa"])
    old_key, new_key = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    with transaction(sessions) as session:
        credentials.store_credentials(
            session,
            integration_id=ids.integration_id,
            cipher=CredentialCipher([old_key.encode()]),
            credentials=SECRET,
        )
    monkeypatch.setenv("DATABASE_URL", own_database)
    monkeypatch.setenv("TOKEN_ENCRYPTION_KEYS", f"{new_key},{old_key}")
    runner = CliRunner()

    created = runner.invoke(
        apikeys.app, ["create", "--tenant-id", str(ids.tenant_id), "--name", "x"]
    )
    rotated = runner.invoke(keys.app, ["rotate"])
    generated = runner.invoke(keys.app, ["generate"])
    missing_tenant = runner.invoke(apikeys.app, ["create", "--tenant-id", "-1", "--name", "x"])

    assert created.exit_code == 0, created.output
    raw_key = created.stdout.strip().splitlines()[-1]
    with transaction(sessions) as session:
        assert api_keys.tenant_for_api_key(session, raw_key=raw_key) == ids.tenant_id
    assert rotated.exit_code == 0, rotated.output
    assert "re-encrypted 1 " in rotated.stdout
    with transaction(sessions) as session:
        loaded = credentials.load_credentials(
            session,
            integration_id=ids.integration_id,
            cipher=CredentialCipher([new_key.encode()]),
        )
    assert loaded == SECRET
    assert CredentialCipher.from_setting(generated.stdout.strip())
    assert missing_tenant.exit_code == 1


def test_cli_rotate_reports_a_bad_key_list_without_printing_it(
    prepared: tuple[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    good = Fernet.generate_key().decode()
    monkeypatch.setenv("DATABASE_URL", prepared[1])
    monkeypatch.setenv("TOKEN_ENCRYPTION_KEYS", f"{good},not-a-key")

    result = CliRunner().invoke(keys.app, ["rotate"])

    assert result.exit_code == 2
    assert "key #2 is not a Fernet key" in result.output
    assert good not in result.output and "not-a-key" not in result.output
