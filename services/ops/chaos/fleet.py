"""The tenants and mailboxes of one run, and what the pipeline must make of them (offline)."""

from __future__ import annotations

import random
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy.orm import Session, sessionmaker

from schemas.contracts.models import Provider, SyncRequested
from services.demo.seed import seed_maildir_tenant
from services.fetcher.handler import build_raw_email, search_keywords, subject_matches
from services.fetcher.providers.maildir import MaildirProvider
from services.jobwriter.handler import DEFAULT_CONFIDENCE_THRESHOLD, decide
from services.ops.chaos.options import ChaosOptions, tenant_candidates
from services.ops.mailbox_gen import generate_mailbox
from services.ops.vendor_copies import VendorCopy, vendor_copies
from services.parser.handler import handle_raw_email

# the expectation needs no database: any ids do
OFFLINE_REQUEST = SyncRequested(
    sync_id=uuid.UUID(int=0),
    integration_id=1,
    user_id=1,
    tenant_id=1,
    provider=Provider.MAILDIR,
    requested_at=datetime(2026, 1, 1, tzinfo=UTC),
)


@dataclass(frozen=True)
class Expected:
    """One mailbox as the pipeline should see it: matching email → jobs the extractor yields."""

    path: Path
    generated: int  # emails in the folder, matching or not
    jobs: dict[str, int]


@dataclass(frozen=True)
class Mailbox:
    tenant_index: int
    path: Path
    expected: Expected


@dataclass(frozen=True)
class WatchedIntegration:
    """A seeded integration: whose it is, how to trigger it, what it must end with."""

    integration_id: int
    tenant_id: int
    api_key: str
    expected: Expected


def expected_for_mailbox(
    path: Path,
    *,
    roles: Iterable[Iterable[str]],
    threshold: float = DEFAULT_CONFIDENCE_THRESHOLD,
) -> Expected:
    """What the fetcher selects from ``path`` (its own listing and subject rule) and how many jobs
    the jobwriter must create for each email (the offline parser + the jobwriter's decision)."""
    keywords = search_keywords(roles)
    provider = MaildirProvider(path)
    jobs: dict[str, int] = {}
    try:
        for ref in provider.list_matching(keywords=keywords, cursor=None):
            if not subject_matches(ref.subject, keywords):
                continue
            raw = provider.fetch_raw(ref)
            # the fetcher's own message, inlined whatever its size (the parser reads both forms)
            message, _ = build_raw_email(OFFLINE_REQUEST, ref, raw, max_inline=len(raw))
            parsed = handle_raw_email(message, raw)
            jobs[ref.provider_message_id] = len(decide(parsed, threshold=threshold).jobs)
    finally:
        provider.close()
    return Expected(path, sum(1 for _ in path.glob("*.eml")), jobs)


def split_emails(total: int, parts: int) -> list[int]:
    """``total`` spread over ``parts`` as evenly as whole emails allow."""
    share, extra = divmod(total, parts)
    return [share + (1 if k < extra else 0) for k in range(parts)]


@dataclass(frozen=True)
class Fleet:
    mailboxes: list[Mailbox]
    # a vendor copy's Message-ID (without brackets) → the requirement it is a copy of
    copy_clusters: dict[str, str]


def generate_mailboxes(options: ChaosOptions, root: Path, *, sent: datetime) -> Fleet:
    """``options.emails`` generated emails over tenants × integrations mailboxes, each with its
    own Message-IDs; then the vendor copies (dated ``sent`` on): in each tenant a blast goes to
    every mailbox, each other copy to one of them; and the expectation of each mailbox."""
    counts = split_emails(options.emails, options.tenants * options.integrations_per_tenant)
    folders: list[tuple[int, Path]] = []
    for index, count in enumerate(counts):
        tenant_index, integration_index = divmod(index, options.integrations_per_tenant)
        tag = f"s{options.seed}t{tenant_index}i{integration_index}"
        folder = root / f"tenant-{tenant_index}" / f"mailbox-{integration_index}"
        generate_mailbox(folder, count=count, seed=options.seed, tag=tag)
        folders.append((tenant_index, folder))
    copies = (
        vendor_copies(
            clusters=options.vendor_requirements,
            copies=options.copies_per_requirement,
            seed=options.seed,
            sent=sent,
        )
        if options.vendor_requirements
        else []
    )
    for tenant_index in range(options.tenants):
        owned = [folder for owner, folder in folders if owner == tenant_index]
        place_copies(copies, owned, random.Random(f"{options.seed}:copies:{tenant_index}"))
    mailboxes = []
    for tenant_index, folder in folders:
        roles = tenant_candidates(tenant_index).values()
        mailboxes.append(Mailbox(tenant_index, folder, expected_for_mailbox(folder, roles=roles)))
    return Fleet(mailboxes, {c.email.message_id: c.cluster for c in copies})


def place_copies(copies: Iterable[VendorCopy], folders: Sequence[Path], rng: random.Random) -> None:
    """A blast into every folder (the same bytes, one Message-ID), another copy into one."""
    for copy in copies:
        for folder in folders if copy.blast else [rng.choice(folders)]:
            (folder / copy.email.filename).write_bytes(copy.raw)


def seed_fleet(
    sessions: sessionmaker[Session], mailboxes: Iterable[Mailbox]
) -> dict[int, WatchedIntegration]:
    """One fresh tenant per tenant index (its candidates, its API key), one maildir integration
    per mailbox; integration id → what to watch."""
    by_tenant: dict[int, list[Mailbox]] = {}
    for mailbox in mailboxes:
        by_tenant.setdefault(mailbox.tenant_index, []).append(mailbox)
    watched: dict[int, WatchedIntegration] = {}
    for tenant_index, owned in sorted(by_tenant.items()):
        expected_by_path: Mapping[Path, Expected] = {m.path: m.expected for m in owned}
        tenant = seed_maildir_tenant(
            sessions,
            [m.path for m in owned],
            candidates=tenant_candidates(tenant_index),
            label="chaos",
        )
        for integration_id, path in tenant.integrations.items():
            watched[integration_id] = WatchedIntegration(
                integration_id, tenant.tenant_id, tenant.api_key, expected_by_path[path]
            )
    return watched
