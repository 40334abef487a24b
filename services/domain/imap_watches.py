"""The table of active IMAP integrations (``integration.imap.active``): what an integration's
record says, and what a reconcile writes so the table matches PostgreSQL.

The table is compacted and keyed by integration id: the latest record per key is its state, a
tombstone (null value) means "not watched". A record carries the folder to watch and never a
secret; the watcher reads the password from PostgreSQL when it connects.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from schemas.contracts.models import ImapWatch


@dataclass(frozen=True)
class WatchRecord:
    """One record to write: the integration's folder, or a tombstone (``watch`` None)."""

    key: str
    watch: ImapWatch | None


def watch_of(*, integration_id: int, tenant_id: int, config: Mapping[str, Any]) -> ImapWatch | None:
    """An IMAP integration's record, from its stored settings (None: settings too incomplete
    to connect with, so nothing to watch; a sync reports them)."""
    use_tls = bool(config.get("use_tls", True))
    try:
        return ImapWatch(
            integration_id=integration_id,
            tenant_id=tenant_id,
            host=str(config.get("host", "")),
            port=int(config.get("port", 993 if use_tls else 143)),
            use_tls=use_tls,
            username=str(config.get("username", "")),
            folder=str(config.get("folder") or "INBOX"),
        )
    except (ValidationError, TypeError, ValueError):
        return None


def reconcile(
    published: Mapping[str, ImapWatch | None], active: Iterable[ImapWatch]
) -> list[WatchRecord]:
    """The records that make the table say what PostgreSQL says: each active integration whose
    record is missing or different, and a tombstone for every other key in the table.

    ``published`` is the table as read (tombstoned keys absent; a record that does not decode
    maps to None, so it is rewritten or tombstoned). Rewriting an equal record is never
    needed: watchers restart a watch only when its record changes."""
    wanted = {str(watch.integration_id): watch for watch in active}
    writes = [
        WatchRecord(key, watch)
        for key, watch in sorted(wanted.items(), key=lambda item: int(item[0]))
        if key not in published or published[key] != watch
    ]
    stale = sorted(key for key in published if key not in wanted)
    return writes + [WatchRecord(key, None) for key in stale]
