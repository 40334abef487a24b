"""One tenant's slow mailboxes do not starve another tenant's sync (issue 12, item 3).

Tenant A has twelve IMAP integrations aimed at a silent port on loopback (the operator's
allow-list admits it): each sync connects and then waits for a greeting that never comes, far
longer than this test runs. All twelve are triggered, then tenant B's Gmail sync. One fetcher
with six sync slots: before per-tenant fairness A's requests took every slot and B's request
waited behind them for minutes; now A holds at most its share and B's sync runs at once.
"""

from __future__ import annotations

import socket
import uuid
from collections.abc import Iterator

import pytest

from schemas.contracts.models import Provider
from services.db.credentials import store_credentials
from services.db.models import EmailIntegration
from services.db.session import transaction
from services.demo.seed import DemoIds
from tests.e2e.fetcher_stack import FetcherStack, fetcher_stack
from tests.waiting import wait_until

pytestmark = [pytest.mark.kafka, pytest.mark.e2e, pytest.mark.imap]
SLOW_MAILBOXES = 12
SLOTS = 6
# far longer than the test: A's syncs stay in their slots while B's must get through
SILENT_FOR = 600  # seconds


@pytest.fixture
def silent_port() -> Iterator[int]:
    """A listener whose kernel completes handshakes (a large backlog) and that never speaks."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(128)
        yield listener.getsockname()[1]


@pytest.fixture
def stack(
    database_url: str,
    token_keys: str,
    silent_port: int,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[FetcherStack]:
    with fetcher_stack(
        server_database_url=database_url,
        token_keys=token_keys,
        log_dir=tmp_path_factory.mktemp("fairness-logs"),
        replicas=1,
        fetcher_env={
            "FETCHER_MAX_IN_FLIGHT": str(SLOTS),
            "IMAP_ALLOWED_HOSTS": "127.0.0.1",
            "IMAP_ALLOWED_PORTS": str(silent_port),
            "IMAP_ALLOW_PLAINTEXT": "true",
            "FETCHER_PROVIDER_CONNECT_TIMEOUT_SECONDS": str(SILENT_FOR),
            "FETCHER_PROVIDER_READ_TIMEOUT_SECONDS": str(SILENT_FOR),
        },
    ) as started:
        yield started


def slow_imap_integrations(stack: FetcherStack, owner: DemoIds, port: int) -> list[DemoIds]:
    """``SLOW_MAILBOXES`` IMAP integrations of ``owner``'s tenant, all at the silent port."""
    made = []
    with transaction(stack.sessions) as session:
        for n in range(SLOW_MAILBOXES):
            row = EmailIntegration(
                tenant_id=owner.tenant_id,
                user_id=owner.user_id,
                provider="imap",
                account_email=f"slow{n}@example.com",
                config={
                    "host": "127.0.0.1",
                    "port": port,
                    "username": f"slow{n}@example.com",
                    "use_tls": False,
                },
                is_active=True,
            )
            session.add(row)
            session.flush()
            store_credentials(
                session, integration_id=row.id, cipher=stack.cipher, credentials={"password": "pw"}
            )
            made.append(DemoIds(owner.tenant_id, owner.user_id, row.id, owner.api_key))
    return made


def test_a_tenant_with_slow_mailboxes_does_not_starve_another_tenants_sync(
    stack: FetcherStack, silent_port: int
) -> None:
    tenant_a, _ = stack.gmail_tenant("fairness role a", messages=0)
    slow = slow_imap_integrations(stack, tenant_a, silent_port)
    tenant_b, _ = stack.gmail_tenant("fairness role b", messages=1)

    a_syncs: list[uuid.UUID] = [stack.send(ids, provider=Provider.IMAP) for ids in slow]

    def a_started() -> bool:
        return sum(stack.run(s) is not None for s in a_syncs) >= SLOTS - 1

    # A saturates first: its syncs are connected to the silent server before B asks
    wait_until(a_started, "tenant A's slow syncs to take their slots", timeout=60)
    b_sync = stack.send(tenant_b)

    def b_published() -> bool:
        run = stack.run(b_sync)
        return run is not None and run.fetched_at is not None

    # bounded: before the fix B waited for an A sync to give up (4 attempts x 30 s at least)
    wait_until(b_published, "tenant B's sync to fetch its mailbox", timeout=90)
    runs = [stack.run(s) for s in a_syncs]
    finished = [r for r in runs if r is not None and r.finished_at is not None]
    assert finished == [], "B got through only because some of A's slow syncs ended"
