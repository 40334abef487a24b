"""The pipeline bench's mailboxes, written whole (the default) or fed at a rate (``--rate``).

Feeding is open loop on the mailbox side: the generated files appear at ``rate`` matching emails
per second, whatever the pipeline does. A sync of one integration is requested when new files
wait in its folder and the previous sync's emails are all in the ledger: the maildir provider
has no cursor and re-lists the whole folder, so a sync started while a chunk is still in flight
would publish that chunk again and load the parsers twice. A request that got lost (coalesced
into a run that was finishing) is repeated after ``RETRY_AFTER``.

For the same reason, before an integration's next sync the files already in the ledger (and
those no sync selects) move to an archive folder: every sync would otherwise read the headers
of the whole mailbox again, and the fetcher's CPU would grow with the run. ``restore`` puts them
back for the baseline.
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from services.ops.mailbox_gen import build_email

RETRY_AFTER = 2.0  # seconds without progress before an integration's sync is requested again


@dataclass(frozen=True)
class PendingEmail:
    mailbox: int  # index into the mailbox folders
    path: Path
    raw: bytes
    matching: bool  # the subject matches a role: the fetcher selects it
    message_id: str  # the maildir provider's provider_message_id


# integration id, provider message ids → those of them in the processed-email ledger
Processed = Callable[[int, list[str]], set[str]]


def plan_mailboxes(
    work_dir: Path, *, emails: int, integrations: int, seed: int
) -> tuple[list[Path], list[PendingEmail]]:
    """The folders (created, empty) and every email to write, round-robin over the mailboxes
    so that feeding them in order advances all mailboxes together. The same bytes and names as
    ``mailbox_gen.generate_mailbox`` with tag ``b<seed>m<k>``."""
    folders = [work_dir / "mailboxes" / f"mailbox-{k}" for k in range(integrations)]
    for folder in folders:
        folder.mkdir(parents=True, exist_ok=True)
    per, extra = divmod(emails, integrations)
    counts = [per + (1 if k < extra else 0) for k in range(integrations)]
    pending = []
    for index in range(max(counts, default=0)):
        for k, folder in enumerate(folders):
            if index < counts[k]:
                described, raw = build_email(index, seed=seed, tag=f"b{seed}m{k}")
                path = folder / described.filename
                pending.append(PendingEmail(k, path, raw, described.matching, described.message_id))
    return folders, pending


def write_email(email: PendingEmail) -> None:
    # renamed into place: the provider lists *.eml and must never read a half-written file
    partial = email.path.with_suffix(".part")
    partial.write_bytes(email.raw)
    os.replace(partial, email.path)


class MailboxFeeder:
    """Writes the planned emails at ``rate`` matching emails per second and says which
    integrations to sync; ``step`` is called from the bench's polling loop."""

    def __init__(
        self,
        pending: Sequence[PendingEmail],
        integration_ids: Sequence[int],
        rate: float,
        *,
        processed: Processed,
        archive: Path,
    ) -> None:
        self._pending = pending
        self._processed = processed
        self._archive = archive
        self._in_folder: list[list[PendingEmail]] = [[] for _ in integration_ids]
        self._archived: list[PendingEmail] = []
        self._ids = integration_ids  # by mailbox index
        self._rate = rate
        self._next = 0
        self._written_matching = 0
        self._written = [0] * len(integration_ids)  # matching emails written, per mailbox
        self._requested = [0] * len(integration_ids)  # written when its last sync was requested
        self._requested_at = [-math.inf] * len(integration_ids)
        self._committed = [0] * len(integration_ids)  # ledger rows at the last step
        self._progress_at = [0.0] * len(integration_ids)  # when that count last grew

    @property
    def fed(self) -> bool:
        return self._next == len(self._pending)

    def _write_due(self, elapsed: float) -> None:
        due = math.floor(elapsed * self._rate)
        while self._next < len(self._pending):
            email = self._pending[self._next]
            if email.matching and self._written_matching >= due:
                return
            write_email(email)  # non-matching files ride along with the next matching one
            self._in_folder[email.mailbox].append(email)
            self._next += 1
            if email.matching:
                self._written_matching += 1
                self._written[email.mailbox] += 1

    def step(self, elapsed: float, committed: Mapping[int, int]) -> list[int]:
        """Write what is due ``elapsed`` seconds into the run; return the integrations whose
        sync to request now, given ``committed`` ledger rows per integration id."""
        self._write_due(elapsed)
        to_sync = []
        for k, integration_id in enumerate(self._ids):
            done = committed.get(integration_id, 0)
            if done > self._committed[k]:
                self._committed[k], self._progress_at[k] = done, elapsed
            if self._written[k] <= done:
                continue  # nothing new in this folder
            idle = done >= self._requested[k]
            stalled = elapsed - max(self._requested_at[k], self._progress_at[k]) > RETRY_AFTER
            if idle or stalled:
                if idle:  # no sync of this integration is reading the folder now
                    self._archive_processed(k, integration_id)
                self._requested[k], self._requested_at[k] = self._written[k], elapsed
                to_sync.append(integration_id)
        return to_sync

    def _archive_processed(self, mailbox: int, integration_id: int) -> None:
        emails = self._in_folder[mailbox]
        done = self._processed(integration_id, [e.message_id for e in emails if e.matching])
        kept = []
        for email in emails:
            if email.matching and email.message_id not in done:
                kept.append(email)
                continue
            target = self._archive_path(email)
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(email.path, target)
            self._archived.append(email)
        self._in_folder[mailbox] = kept

    def _archive_path(self, email: PendingEmail) -> Path:
        return self._archive / email.path.parent.name / email.path.name

    def restore(self) -> None:
        """Every archived file back in its mailbox."""
        for email in self._archived:
            os.replace(self._archive_path(email), email.path)
        self._archived.clear()
