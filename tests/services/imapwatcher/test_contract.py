"""Every example of integration.imap.active through the watcher's handler: each decodes under
its key and, once its partition is loaded, starts a watch of that folder; its tombstone stops
it. Nothing but InvalidMessage escapes for a broken record."""

from __future__ import annotations

import pytest

from schemas.contracts.registry import Example, iter_examples
from schemas.contracts.topics import Topic
from services.domain.errors import InvalidMessage
from services.imapwatcher.handler import OwnedPartitions, WatchPlan, decode_watch, plan_watches

EXAMPLES = list(iter_examples(Topic.INTEGRATION_IMAP_ACTIVE))


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda e: e.id)
def test_every_example_starts_a_watch_and_its_tombstone_stops_it(example: Example) -> None:
    key = str(example.payload["integration_id"]).encode()
    integration_id, watch = decode_watch(key, example.path.read_bytes())
    assert watch is not None
    owned = OwnedPartitions()
    owned.assigned([0])
    owned.record(0, integration_id, watch)
    owned.loaded(0)
    assert plan_watches({}, owned.wanted()) == WatchPlan(start=(watch,))

    owned.record(0, *decode_watch(key, None))
    assert plan_watches({integration_id: watch}, owned.wanted()) == WatchPlan(
        stop=(integration_id,), forget=(integration_id,)
    )


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda e: e.id)
def test_a_truncated_example_is_invalid_not_a_crash(example: Example) -> None:
    raw = example.path.read_bytes()
    with pytest.raises(InvalidMessage):
        decode_watch(b"1", raw[: len(raw) // 2])
