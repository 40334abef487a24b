"""Generated ``email.raw`` messages for the parser benchmarks (``mailbox_gen``'s mix)."""

from __future__ import annotations

import base64
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime

from schemas.contracts.models import Provider, RawEmail
from services.ops.mailbox_gen import build_email

KEYS = 16  # integration ids the emails are spread over (the topic's partition key)


def raw_emails(count: int, *, seed: int, sync_id: uuid.UUID, tag: str) -> Iterator[RawEmail]:
    for index in range(count):
        described, raw = build_email(index, seed=seed, tag=tag)
        yield RawEmail(
            sync_id=sync_id,
            integration_id=900_000 + index % KEYS,
            user_id=1,
            tenant_id=1,
            provider=Provider.MAILDIR,
            provider_message_id=described.message_id,
            thread_id=None,
            received_at=datetime.now(UTC),
            raw_size=len(raw),
            raw_b64=base64.b64encode(raw).decode("ascii"),
        )
