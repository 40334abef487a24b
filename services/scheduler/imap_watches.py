"""Keeping ``integration.imap.active`` (the table of active IMAP integrations the watchers share
through their consumer group) in step with PostgreSQL.

The api publishes a record when an IMAP integration is connected and a tombstone when it is
disconnected (``announce``), after its transaction committed. A lost publish (broker down, a
crash in between) and changes made elsewhere (the jobwriter disabling an integration whose
login failed) are caught by the scheduler's periodic ``reconcile_imap_watches``: it reads the
table back, then the active integrations, and writes only the difference.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from schemas.contracts.codec import ValidationError, get_codec
from schemas.contracts.models import ImapWatch, Provider
from schemas.contracts.topics import Topic
from services.common.kafka import Outbound, ProducerGateway
from services.db import integrations
from services.db.session import transaction
from services.domain.imap_watches import WatchRecord, reconcile, watch_of

TOPIC = Topic.INTEGRATION_IMAP_ACTIVE


def watch_outbound(record: WatchRecord, *, source: str) -> Outbound:
    if record.watch is None:
        return Outbound(TOPIC, record.key, None)  # tombstone: no value, no event headers
    return Outbound.of(TOPIC, record.watch, key=record.key, source=source)


def record_of(
    *, integration_id: int, tenant_id: int, config: Mapping[str, Any], active: bool
) -> WatchRecord:
    """An IMAP integration's record: its folder while active, else a tombstone."""
    watch = (
        watch_of(integration_id=integration_id, tenant_id=tenant_id, config=config)
        if active
        else None
    )
    return WatchRecord(str(integration_id), watch)


def announce(producer: ProducerGateway, records: Iterable[WatchRecord], *, source: str) -> None:
    """Publish records and wait for the broker (DependencyUnavailable if it does not answer)."""
    producer.send(watch_outbound(record, source=source) for record in records)


def active_watches(session: Session) -> list[ImapWatch]:
    rows = integrations.active_rows_of_provider(session, provider=Provider.IMAP)
    watches = (
        watch_of(integration_id=row.id, tenant_id=row.tenant_id, config=row.config or {})
        for row in rows
    )
    return [watch for watch in watches if watch is not None]


def reconcile_imap_watches(
    sessions: sessionmaker[Session],
    producer: ProducerGateway,
    *,
    read_table: Callable[[], Mapping[bytes, bytes]],
    source: str,
) -> list[WatchRecord]:
    """Write what makes the table match PostgreSQL; returns the records written.

    The table is read before the database, so a change committed meanwhile is seen in the
    database and never overwritten by an older picture of it."""
    published = {
        key.decode(errors="replace"): _decoded(value) for key, value in read_table().items()
    }
    with transaction(sessions) as session:
        active = active_watches(session)
    records = reconcile(published, active)
    announce(producer, records, source=source)
    return records


def _decoded(value: bytes) -> ImapWatch | None:
    try:
        watch = get_codec(TOPIC).decode(value)
    except ValidationError:
        return None  # rewritten or tombstoned by the reconcile
    return watch if isinstance(watch, ImapWatch) else None
