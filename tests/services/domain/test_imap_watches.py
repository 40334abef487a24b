"""What an IMAP integration's record on integration.imap.active says, and what a reconcile
writes so the table matches the active integrations."""

from __future__ import annotations

from schemas.contracts.models import ImapWatch
from services.domain.imap_watches import WatchRecord, reconcile, watch_of

CONFIG = {"host": "imap.example.com", "port": 993, "username": "a@example.com", "use_tls": True}


def watch(integration_id: int, *, folder: str = "INBOX") -> ImapWatch:
    return ImapWatch(
        integration_id=integration_id,
        tenant_id=3,
        host="imap.example.com",
        port=993,
        username="a@example.com",
        folder=folder,
    )


def test_a_record_carries_the_folder_settings_and_no_secret() -> None:
    record = watch_of(integration_id=5, tenant_id=3, config={**CONFIG, "password": "pw"})
    assert record == watch(5)
    assert "pw" not in record.model_dump_json()
    plain = watch_of(
        integration_id=5, tenant_id=3, config={"host": "h", "username": "u", "use_tls": False}
    )
    assert plain is not None and (plain.port, plain.use_tls) == (143, False)


def test_settings_too_incomplete_to_connect_with_give_no_record() -> None:
    assert watch_of(integration_id=5, tenant_id=3, config={}) is None
    assert watch_of(integration_id=5, tenant_id=3, config={**CONFIG, "port": "x"}) is None


def test_reconcile_writes_only_the_difference() -> None:
    published = {"1": watch(1), "2": watch(2), "3": None, "4": watch(4)}  # 3 does not decode
    active = [watch(1), watch(2, folder="Jobs"), watch(3), watch(5)]
    assert reconcile(published, active) == [
        WatchRecord("2", watch(2, folder="Jobs")),
        WatchRecord("3", watch(3)),
        WatchRecord("5", watch(5)),
        WatchRecord("4", None),
    ]
    assert reconcile({"1": watch(1)}, [watch(1)]) == []


def test_reconcile_tombstones_keys_that_are_no_integration_id() -> None:
    assert reconcile({"junk": None}, []) == [WatchRecord("junk", None)]
