"""The rate feeder: which files exist when, and which syncs it asks for. No servers."""

from __future__ import annotations

from pathlib import Path

from services.bench.feed import RETRY_AFTER, MailboxFeeder, plan_mailboxes, write_email
from services.ops.mailbox_gen import generate_mailbox


def test_plan_has_the_generated_mailboxes_bytes(tmp_path: Path) -> None:
    folders, pending = plan_mailboxes(tmp_path / "fed", emails=9, integrations=2, seed=3)
    for email in pending:
        write_email(email)
    for k, folder in enumerate(folders):
        generate_mailbox(tmp_path / f"whole-{k}", count=5 - k, seed=3, tag=f"b3m{k}")
        expected = {p.name: p.read_bytes() for p in (tmp_path / f"whole-{k}").iterdir()}
        assert {p.name: p.read_bytes() for p in folder.iterdir()} == expected
    assert [e.mailbox for e in pending[:4]] == [0, 1, 0, 1]  # round-robin


def test_feeds_at_the_rate_and_syncs_an_integration_once_its_last_sync_is_done(
    tmp_path: Path,
) -> None:
    folders, pending = plan_mailboxes(tmp_path, emails=60, integrations=2, seed=1)
    matching = [e for e in pending if e.matching]
    ledger: dict[int, set[str]] = {10: set(), 20: set()}
    feeder = MailboxFeeder(
        pending,
        [10, 20],
        rate=10.0,
        processed=lambda integration, ids: ledger[integration] & set(ids),
        archive=tmp_path / "archive",
    )

    assert feeder.step(0.0, {}) == []  # nothing matching is due yet
    assert feeder.step(0.35, {}) == [10, 20]  # 3 matching emails written
    written = {e.path for e in pending if e.path.exists()}
    assert {e.path for e in matching[:3]} <= written
    assert matching[3].path not in written
    assert feeder.step(0.55, {}) == []  # both syncs still in flight
    ledger[10] = {e.message_id for e in matching[:3] if e.mailbox == 0}
    first = {10: len(ledger[10])}
    assert feeder.step(0.6, first) == [10]  # integration 10's emails are all in the ledger
    # ... so they left its folder before the sync was requested; 20's are still there
    in_folder = {p.name for p in folders[0].iterdir()}
    assert not {e.path.name for e in matching[:3] if e.mailbox == 0} & in_folder
    assert all(e.path.exists() for e in matching[:3] if e.mailbox == 1)
    assert feeder.step(0.7, first) == []  # 10 asked again, 20 still in flight
    # later: 20 made no progress, so its request is repeated (10's too, for the same reason)
    assert feeder.step(0.7 + RETRY_AFTER + 0.1, first) == [10, 20]

    feeder.step(100.0, {})
    assert feeder.fed
    feeder.restore()
    assert all(e.path.exists() for e in pending)
    assert not list(folders[0].glob("*.part"))
