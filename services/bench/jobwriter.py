"""``reqstream bench jobwriter``: the jobwriter's CPU per batch and per email, in this process.

No Kafka: the pipeline bench's generated emails that match a role (what the fetcher selects)
go through the offline parser here, then through the jobwriter's batch path (use case, store,
the events it would publish) against the real database, in batches of each given size; each
batch is timed on this thread's CPU clock (the database's work and the machine's other load
do not count). A batch's fixed cost is what small batches (low rates) pay per email; the
statements per batch are counted from the engine. The first tenth of the batches warms up.
"""

from __future__ import annotations

import base64
import gc
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from psycopg2.extensions import cursor  # type: ignore[import-untyped]  # no stubs
from sqlalchemy import Engine, event
from sqlalchemy.orm import Session, sessionmaker

from schemas.contracts.models import ParsedEmail
from services.bench.emails import raw_emails
from services.common.heap import freeze_alive
from services.db.migrate import upgrade
from services.db.models import SyncRun, SyncRunEmail
from services.db.session import build_engine, build_sessionmaker, transaction
from services.demo.seed import DEMO_CANDIDATES, seed_maildir_tenant
from services.jobwriter.__main__ import GC_YOUNG_THRESHOLD
from services.jobwriter.store import sql_stores
from services.jobwriter.usecase import Jobwriter
from services.jobwriter.wiring import JobwriterProcessor
from services.ops.mailbox_gen import build_email
from services.parser.handler import handle_raw_email

MAILBOXES = 4  # integrations of the tenant, as the pipeline bench's default
TAG = "jw"  # the generated emails' tag (their contents and message ids)


@dataclass(frozen=True)
class JobwriterBenchOptions:
    emails: int = 3000  # generated; about four in five match a role
    seed: int = 3
    batch_sizes: tuple[int, ...] = (5, 50, 200)


def run_jobwriter_bench(
    database_url: str, options: JobwriterBenchOptions = JobwriterBenchOptions()
) -> dict[str, Any]:
    upgrade(database_url)  # a fresh server's database has no tables yet (idempotent)
    # the collector as the jobwriter process sets it (services.jobwriter.__main__)
    freeze_alive()
    gc.set_threshold(GC_YOUNG_THRESHOLD, 20, 20)
    engine = build_engine(database_url, pre_ping=False)  # as services.jobwriter.wiring
    sessions = build_sessionmaker(engine)
    statements = _statement_counter(engine)
    parsed = _parsed(options)
    try:
        results = {
            str(size): _run_batches(sessions, parsed, size, statements)
            for size in options.batch_sizes
        }
    finally:
        engine.dispose()
    return {
        "generated_emails": options.emails,
        "seed": options.seed,
        "by_batch_size": results,
        "notes": [
            "cpu on this thread's clock per batch of the jobwriter's batch path (use case, "
            "PostgreSQL store, events encoded as messages), each batch size on a fresh tenant",
            "statements_per_batch: cursor executions, through SQLAlchemy or on the psycopg2 "
            "cursor (BEGIN/COMMIT and pool pings not counted)",
        ],
    }


def _statement_counter(engine: Engine) -> list[int]:
    """Statements sent on the engine's connections: through SQLAlchemy or straight on the
    psycopg2 cursor (services.db.dbapi), a cursor's execute each (the pool's pings not)."""
    count = [0]

    class CountingCursor(cursor):  # type: ignore[misc]  # psycopg2 has no stubs
        def execute(self, query: Any, params: Any = None) -> Any:
            if query != _PING:
                count[0] += 1
            return super().execute(query, params)

        def executemany(self, query: Any, params: Any) -> Any:
            count[0] += 1
            return super().executemany(query, params)

    @event.listens_for(engine, "connect")
    def _counting(dbapi_connection: Any, _record: object) -> None:
        dbapi_connection.cursor_factory = CountingCursor

    return count


# what the pool's pre-ping sends (SQLAlchemy's psycopg2 dialect)
_PING = "SELECT 1"


def _run_batches(
    sessions: sessionmaker[Session], parsed: list[ParsedEmail], size: int, statements: list[int]
) -> dict[str, float]:
    emails = _for_fresh_tenant(sessions, parsed, label=f"bench-jobwriter-{size}")
    batches = [emails[start : start + size] for start in range(0, len(emails), size)]
    warm = max(1, len(batches) // 10)
    processor = JobwriterProcessor(Jobwriter(stores=sql_stores(sessions)))
    for batch in batches[:warm]:
        processor.apply_parsed_batch(batch)
    measured = batches[warm:]
    statements[0] = 0
    cpu = 0.0
    for batch in measured:
        started = time.thread_time()
        processor.apply_parsed_batch(batch)
        cpu += time.thread_time() - started
    count = sum(len(batch) for batch in measured)
    return {
        "emails": count,
        "batches": len(measured),
        "cpu_ms_per_email": round(1000 * cpu / max(count, 1), 3),
        "cpu_ms_per_batch": round(1000 * cpu / max(len(measured), 1), 2),
        "statements_per_batch": round(statements[0] / max(len(measured), 1), 1),
    }


def _parsed(options: JobwriterBenchOptions) -> list[ParsedEmail]:
    """The generated emails that match a role, through the offline parser."""
    parsed: list[ParsedEmail] = []
    sync_id = uuid.uuid4()
    for index, raw in enumerate(
        raw_emails(options.emails, seed=options.seed, sync_id=sync_id, tag=TAG)
    ):
        if build_email(index, seed=options.seed, tag=TAG)[0].matching:
            parsed.append(handle_raw_email(raw, base64.b64decode(raw.raw_b64 or "")))
    return parsed


def _for_fresh_tenant(
    sessions: sessionmaker[Session], parsed: list[ParsedEmail], *, label: str
) -> list[ParsedEmail]:
    """The emails as a fresh tenant's, spread over its mailboxes, each mailbox with one sync
    run that expects its emails (so runs advance and complete)."""
    tenant = seed_maildir_tenant(
        sessions,
        [Path(f"/nonexistent/{label}/{n}") for n in range(MAILBOXES)],
        candidates=DEMO_CANDIDATES,
        label=label,
    )
    integrations = sorted(tenant.integrations)
    runs = {integration: uuid.uuid4() for integration in integrations}
    emails = [
        email.model_copy(
            update={
                "tenant_id": tenant.tenant_id,
                "user_id": tenant.user_id,
                "integration_id": integrations[n % MAILBOXES],
                "sync_id": runs[integrations[n % MAILBOXES]],
            }
        )
        for n, email in enumerate(parsed)
    ]
    with transaction(sessions) as session:
        for integration, run_id in runs.items():
            found = sum(1 for email in emails if email.integration_id == integration)
            session.add(
                SyncRun(
                    id=run_id,
                    integration_id=integration,
                    tenant_id=tenant.tenant_id,
                    emails_found=found,
                )
            )
        session.flush()
        session.add_all(
            SyncRunEmail(sync_id=email.sync_id, provider_message_id=email.provider_message_id)
            for email in emails
        )
    return emails
