"""The freshness bench's open-loop feed: requirement emails delivered into the mailboxes in turn
at a fixed rate, whatever the pipeline does, each recorded with its delivery time.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Iterator
from datetime import UTC, datetime

from services.bench.freshness_figures import (
    Delivery,
)
from services.bench.freshness_mailboxes import (
    Account,
)
from services.ops.mailbox_gen import REQUIREMENT_KINDS, build_email


def requirement_emails(account_tag: str, seed: int) -> Iterator[tuple[str, str, bytes]]:
    """The mailbox's requirement emails (the generator's requirement layouts) whose subject
    names a role: (message key, subject, raw), endlessly."""
    for index in itertools.count():
        described, raw = build_email(index, seed=seed, tag=account_tag)
        if described.matching and described.kind in REQUIREMENT_KINDS:
            yield "mid:" + described.message_id.lower(), described.subject, raw


def feed_deliveries(
    integrations: dict[int, Account], *, rate: float, duration: float, seed: int, tag: str
) -> list[Delivery]:
    """Open loop: email n goes out at n / rate seconds, to the mailboxes in turn."""
    order = sorted(integrations, key=lambda i: (index_in_provider(integrations, i), i))
    streams = {i: requirement_emails(f"{tag}-{i}", seed) for i in order}
    total = max(1, round(rate * duration))
    started = time.monotonic()
    deliveries = []
    for n in range(total):
        pause = started + n / rate - time.monotonic()
        if pause > 0:
            time.sleep(pause)
        integration_id = order[n % len(order)]
        key, subject, raw = next(streams[integration_id])
        account = integrations[integration_id]
        account.deliver(raw, subject)
        deliveries.append(Delivery(account.provider, key, datetime.now(UTC), integration_id))
    return deliveries


def index_in_provider(integrations: dict[int, Account], integration_id: int) -> int:
    """Position among the same provider's mailboxes: sorting by it interleaves providers."""
    provider = integrations[integration_id].provider
    same = sorted(i for i, a in integrations.items() if a.provider is provider)
    return same.index(integration_id)
