"""Real Kafka + PostgreSQL + the four service processes: fixtures for pipeline tests (a plugin)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from email.message import EmailMessage
from email.parser import BytesParser
from email.policy import default as default_policy
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, sessionmaker

from services.cli.settings import process_environment
from services.common.crypto import CredentialCipher, generate_key, parse_keys
from services.db.api_keys import create_api_key
from services.db.credentials import store_credentials
from services.db.models import Candidate, EmailIntegration, Notification, PortalUser, Tenant
from services.db.session import build_engine, build_sessionmaker, transaction
from services.demo.processes import ServiceGroup
from services.demo.run import StackConfig, free_port, prepare, start_services, wait_http_ready
from services.demo.seed import DemoIds
from tests.providers.dovecot import DovecotServer
from tests.providers.gmail_server import CLIENT_ID as GMAIL_CLIENT_ID
from tests.providers.gmail_server import CLIENT_SECRET as GMAIL_CLIENT_SECRET
from tests.providers.gmail_server import FakeGmail
from tests.providers.microsoft import MicrosoftServers


@pytest.fixture(scope="session")
def prepared(kafka_bootstrap: str, database_url: str) -> tuple[str, str]:
    prepare(kafka_bootstrap, database_url)
    return kafka_bootstrap, database_url


@pytest.fixture(scope="session")
def engine(prepared: tuple[str, str]) -> Iterator[Engine]:
    engine = build_engine(prepared[1])
    yield engine
    engine.dispose()


@pytest.fixture(scope="session")
def sessions(engine: Engine) -> sessionmaker[Session]:
    return build_sessionmaker(engine)


RATE_LIMIT = 10  # syncs
RATE_PERIOD = 2.0  # seconds
RETRY_DELAYS_S = (1.0, 2.0, 4.0)  # the 10s, 1m and 10m tiers, shortened


class RecordingHandler:
    """aiosmtpd handler keeping every delivered message."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []

    async def handle_DATA(self, server: object, session: object, envelope: Any) -> str:  # noqa: N802
        parsed = BytesParser(policy=default_policy).parsebytes(envelope.content)
        assert isinstance(parsed, EmailMessage)
        self.messages.append(parsed)
        return "250 OK"


def emails_settled(sessions: sessionmaker[Session], integration_id: int) -> bool:
    """No email about the integration waits in the outbox (each queued one was delivered)."""
    with transaction(sessions) as session:
        unsent = session.scalars(
            select(Notification.id).where(
                Notification.integration_id == integration_id, Notification.sent_at.is_(None)
            )
        ).all()
    return not unsent


@pytest.fixture(scope="session")
def smtp_server() -> Iterator[tuple[RecordingHandler, int]]:
    """A real SMTP server (aiosmtpd) on loopback that records what the jobwriter sends."""
    handler = RecordingHandler()
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield handler, port
    finally:
        controller.stop()


@pytest.fixture(scope="session")
def token_keys() -> str:
    """TOKEN_ENCRYPTION_KEYS for the session: one fresh Fernet key."""
    return generate_key()


@pytest.fixture(scope="session")
def cipher(token_keys: str) -> CredentialCipher:
    return CredentialCipher(parse_keys(token_keys))


@pytest.fixture(scope="session")
def pipeline(
    prepared: tuple[str, str],
    tmp_path_factory: pytest.TempPathFactory,
    smtp_server: tuple[RecordingHandler, int],
    token_keys: str,
    gmail_server_session: FakeGmail,
    microsoft_servers_session: MicrosoftServers,
) -> Iterator[tuple[ServiceGroup, str]]:
    """The four services and the API as processes, cron off (tests trigger syncs through the
    API)."""
    log_dir = tmp_path_factory.mktemp("service-logs")
    config = StackConfig(prepared[0], prepared[1], log_dir, free_port())
    env = {
        **process_environment(),
        "LOG_LEVEL": "INFO",
        "JOBWRITER_SMTP_HOST": "127.0.0.1",
        "JOBWRITER_SMTP_PORT": str(smtp_server[1]),
        # a short rate window: the limit is exercised in seconds, not minutes
        "FETCHER_SYNCS_PER_PERIOD": str(RATE_LIMIT),
        "FETCHER_RATE_PERIOD_SECONDS": str(RATE_PERIOD),
        "TOKEN_ENCRYPTION_KEYS": token_keys,
        # the test Dovecot listens on loopback, on free ports, with a plain-text port too
        "IMAP_ALLOWED_HOSTS": "127.0.0.1",
        "IMAP_ALLOWED_PORTS": "1024-65535",
        "IMAP_ALLOW_PLAINTEXT": "true",
        # retry tiers in seconds, and a short wait for row locks: retries run within a test
        "RETRY_DELAYS_S": ",".join(str(d) for d in RETRY_DELAYS_S),
        "DB_LOCK_TIMEOUT_MS": "300",
        # Gmail through the real client library, against the local fake
        "FETCHER_GMAIL_API_ENDPOINT": gmail_server_session.base_url + "/",
        "FETCHER_GOOGLE_TOKEN_URI": gmail_server_session.base_url + "/token",
        "FETCHER_GOOGLE_CLIENT_ID": GMAIL_CLIENT_ID,
        "FETCHER_GOOGLE_CLIENT_SECRET": GMAIL_CLIENT_SECRET,
        # Outlook through MSAL and Graph, against the local identity platform and Graph
        **microsoft_servers_session.environment("FETCHER_"),
        "FETCHER_GRAPH_BASE_URL": microsoft_servers_session.graph.base_url,
    }
    group = start_services(config, env)
    group.start("fetcher", replica=1)  # two fetchers share the group: the limit is global
    base_url = config.api_url
    try:
        wait_http_ready(base_url, group)
        yield group, base_url
    finally:
        group.stop()


@dataclass(frozen=True)
class Recruiter:
    """A tenant's user, before any mailbox is connected."""

    tenant_id: int
    user_id: int
    api_key: str

    @property
    def headers(self) -> dict[str, str]:
        return {"X-API-Key": self.api_key}


def new_recruiter(sessions: sessionmaker[Session], *, roles: list[str]) -> Recruiter:
    """A fresh tenant with one user, one candidate wanting ``roles`` and an API key."""
    with transaction(sessions) as session:
        return _add_recruiter(session, roles)


def _add_recruiter(session: Session, roles: list[str]) -> Recruiter:
    suffix = uuid.uuid4().hex[:8]
    tenant = Tenant(name=f"tenant-{suffix}")
    session.add(tenant)
    session.flush()
    user = PortalUser(tenant_id=tenant.id, email=f"recruiter-{suffix}@example.test")
    session.add(user)
    session.flush()
    session.add(Candidate(tenant_id=tenant.id, name="Cand", preferred_roles=roles))
    api_key, _ = create_api_key(session, tenant_id=tenant.id, name="test")
    return Recruiter(tenant.id, user.id, api_key)


def new_tenant(
    sessions: sessionmaker[Session],
    *,
    mailbox: Path | None,
    roles: list[str],
    provider: str = "maildir",
) -> DemoIds:
    """A fresh tenant with one user, one candidate and one integration."""
    with transaction(sessions) as session:
        recruiter = _add_recruiter(session, roles)
        integration = EmailIntegration(
            tenant_id=recruiter.tenant_id,
            user_id=recruiter.user_id,
            provider=provider,
            config={"path": str(mailbox)} if mailbox else {},
            is_active=True,
        )
        session.add(integration)
        session.flush()
        return DemoIds(recruiter.tenant_id, recruiter.user_id, integration.id, recruiter.api_key)


def use_dovecot(
    sessions: sessionmaker[Session],
    cipher: CredentialCipher,
    integration_id: int,
    dovecot: DovecotServer,
    *,
    user: str,
    password: str,
) -> None:
    """Point an IMAP integration at the test Dovecot's plain port, INBOX, as ``user``."""
    with transaction(sessions) as session:
        row = session.get(EmailIntegration, integration_id)
        assert row is not None
        row.config = {
            "host": dovecot.host,
            "port": dovecot.port,
            "username": user,
            "use_tls": False,
            "folder": "INBOX",
        }
        store_credentials(
            session,
            integration_id=integration_id,
            cipher=cipher,
            credentials={"password": password},
        )
