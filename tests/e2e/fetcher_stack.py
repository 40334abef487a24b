"""Fetcher replicas on a Kafka and a database of their own, syncing a local Gmail.

For tests that count what the fetchers did (sync starts, leases, published emails): nothing
else reads their requests or writes their rows, and each replica reaches the Gmail mailbox
through its own listener, so every request the mailbox receives names the replica that sent it.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
from confluent_kafka import Consumer, Producer, TopicPartition
from sqlalchemy import create_engine, make_url, text
from sqlalchemy.orm import Session, sessionmaker

from schemas.contracts.codec import get_codec
from schemas.contracts.models import Provider, RawEmail, SyncRequested
from schemas.contracts.topics import Topic
from services.cli.settings import process_environment
from services.common.crypto import CredentialCipher, parse_keys
from services.common.kafka import Outbound, ProducerGateway, build_producer_config
from services.db.credentials import store_credentials
from services.db.models import EmailIntegration, SyncRun
from services.db.session import build_engine, build_sessionmaker, normalise_url, transaction
from services.demo.processes import ServiceGroup
from services.demo.run import free_port, prepare
from services.demo.seed import DemoIds
from tests.kafka_helpers import end_offsets, own_kafka
from tests.pipeline_fixtures import new_tenant
from tests.providers.dovecot import make_message
from tests.providers.gmail_server import CLIENT_ID, CLIENT_SECRET, FakeGmail, extra_listener
from tests.waiting import wait_until

T0 = datetime.now(UTC) - timedelta(days=2)


@contextmanager
def own_database(server_url: str) -> Iterator[str]:
    """A fresh, migrated database on the session's PostgreSQL server; dropped afterwards."""
    url = make_url(normalise_url(server_url))
    name = f"fetchers_{uuid.uuid4().hex[:12]}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        admin.dispose()


@dataclass
class FetcherStack:
    kafka_bootstrap: str
    sessions: sessionmaker[Session]
    gmail: FakeGmail
    cipher: CredentialCipher
    group: ServiceGroup
    listener_of: dict[str, int]  # replica name → port of its Gmail listener

    def gmail_tenant(self, role: str, messages: int) -> tuple[DemoIds, list[str]]:
        """A tenant whose candidates want ``role``, with ``messages`` matching emails."""
        ids = new_tenant(self.sessions, mailbox=None, roles=[role], provider="gmail")
        refresh_token = f"1//rt-{uuid.uuid4().hex}"
        self.gmail.add_refresh_token(refresh_token)
        with transaction(self.sessions) as session:
            store_credentials(
                session,
                integration_id=ids.integration_id,
                cipher=self.cipher,
                credentials={"refresh_token": refresh_token},
            )
        message_ids = [
            self.gmail.add_message(
                make_message(
                    subject=f"{role} requirement {n}",
                    message_id=f"req-{uuid.uuid4().hex}@vendor.example.com",
                    date=T0 + timedelta(minutes=n),
                    body=f"Role: {role}\nLocation: Dallas, TX\n",
                ),
                internal_date=T0 + timedelta(minutes=n),
            )
            for n in range(messages)
        ]
        return ids, message_ids

    def send(
        self, ids: DemoIds, *, partition: int | None = None, provider: Provider = Provider.GMAIL
    ) -> uuid.UUID:
        """One sync request for ``ids``' integration (on ``partition`` when given)."""
        request = SyncRequested(
            sync_id=uuid.uuid4(),
            integration_id=ids.integration_id,
            user_id=ids.user_id,
            tenant_id=ids.tenant_id,
            provider=provider,
            requested_at=datetime.now(UTC),
        )
        out = Outbound.of(
            Topic.EMAIL_SYNC_REQUESTED, request, key=str(ids.integration_id), source="/test"
        )
        producer = Producer(build_producer_config(bootstrap=self.kafka_bootstrap, client_id="t"))
        if partition is None:
            ProducerGateway(producer).send([out])
        else:
            producer.produce(out.topic.value, out.value, out.key, partition, headers=out.headers)
            assert producer.flush(30) == 0
        return request.sync_id

    def run(self, sync_id: uuid.UUID) -> SyncRun | None:
        with transaction(self.sessions) as session:
            return session.get(SyncRun, sync_id)

    def integration(self, ids: DemoIds) -> EmailIntegration:
        with transaction(self.sessions) as session:
            row = session.get(EmailIntegration, ids.integration_id)
            assert row is not None
            return row

    def raw_emails(self) -> list[RawEmail]:
        """Everything on email.raw so far."""
        ends = end_offsets(self.kafka_bootstrap, Topic.EMAIL_RAW)
        consumer = Consumer(
            {"bootstrap.servers": self.kafka_bootstrap, "group.id": f"t-{uuid.uuid4()}"}
        )
        codec = get_codec(Topic.EMAIL_RAW)
        found: list[RawEmail] = []
        try:
            consumer.assign([TopicPartition(Topic.EMAIL_RAW.value, p, 0) for p in ends])
            remaining = sum(ends.values())
            while remaining > 0:
                msg = consumer.poll(10)
                assert msg is not None, "email.raw ended before its high watermarks"
                assert msg.error() is None, msg.error()
                email = codec.decode(msg.value())
                assert isinstance(email, RawEmail)
                found.append(email)
                remaining -= 1
        finally:
            consumer.close()
        return found

    def replica_at(self, port: int) -> str:
        (name,) = [n for n, p in self.listener_of.items() if p == port]
        return name

    def kill(self, name: str) -> None:
        """SIGKILL, as a crashed host: no goodbye to the group, no lease released."""
        (sp,) = [p for p in self.group.processes if p.name == name]
        sp.process.kill()
        sp.process.wait()
        self.group.processes.remove(sp)


def wait_ready(ops_url: str, group: ServiceGroup) -> None:
    """/readyz answers 200 once the replica holds at least one partition."""

    def ready() -> bool:
        group.check_alive()
        try:
            return httpx.get(f"{ops_url}/readyz", timeout=2).status_code == 200
        except httpx.HTTPError:
            return False

    wait_until(ready, f"{ops_url}/readyz", timeout=120)


@contextmanager
def fetcher_stack(
    *,
    server_database_url: str,
    token_keys: str,
    log_dir: Path,
    fetcher_env: dict[str, str],
    replicas: int = 2,
    downstream: Sequence[str] = (),
) -> Iterator[FetcherStack]:
    """``replicas`` fetchers (plus ``downstream`` services, e.g. parser and jobwriter) on their
    own broker and database; the fetchers start only once every replica holds a partition."""
    with ExitStack() as stack:
        database_url = stack.enter_context(own_database(server_database_url))
        kafka = stack.enter_context(own_kafka(server_database_url))
        prepare(kafka, database_url)
        engine = build_engine(database_url, pool_size=2)
        stack.callback(engine.dispose)
        gmail = FakeGmail()
        base_urls = [stack.enter_context(extra_listener(gmail)) for _ in range(replicas)]
        gmail.base_url = base_urls[0]
        env = {
            **process_environment(),
            "KAFKA_BOOTSTRAP_SERVERS": kafka,
            "DATABASE_URL": database_url,
            "LOG_LEVEL": "INFO",
            "PYTHONUNBUFFERED": "1",
            "TOKEN_ENCRYPTION_KEYS": token_keys,
            "DB_LOCK_TIMEOUT_MS": "2000",
            "FETCHER_GOOGLE_CLIENT_ID": CLIENT_ID,
            "FETCHER_GOOGLE_CLIENT_SECRET": CLIENT_SECRET,
            **fetcher_env,
        }
        group = ServiceGroup(env=env, log_dir=log_dir)
        stack.callback(group.stop)
        listener_of: dict[str, int] = {}
        ops_urls = []
        for replica, base_url in enumerate(base_urls):
            ops_port = free_port()
            group.start(
                "fetcher",
                replica=replica,
                extra_env={
                    "FETCHER_GMAIL_API_ENDPOINT": base_url + "/",
                    "FETCHER_GOOGLE_TOKEN_URI": base_url + "/token",
                    "FETCHER_OPS_PORT": str(ops_port),
                },
            )
            listener_of[f"fetcher-{replica}"] = int(base_url.rsplit(":", 1)[1])
            ops_urls.append(f"http://127.0.0.1:{ops_port}")
        for name in downstream:
            group.start(name)
        for url in ops_urls:
            wait_ready(url, group)
        yield FetcherStack(
            kafka,
            build_sessionmaker(engine),
            gmail,
            CredentialCipher(parse_keys(token_keys)),
            group,
            listener_of,
        )
