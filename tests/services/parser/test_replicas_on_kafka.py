"""Two parser replicas in one group split email.raw: each owns part of the main topic (a
client-side assignor balancing only the total partition count could leave one replica with
nothing but the retry tiers)."""

from __future__ import annotations

import asyncio
import threading
import uuid
from collections.abc import Callable

import pytest

from schemas.contracts.topics import Topic
from services.common.engine import Engine
from services.parser import wiring
from services.parser.settings import ParserSettings
from tests.kafka_helpers import end_offsets
from tests.waiting import wait_until

pytestmark = pytest.mark.kafka


def replica(
    bootstrap: str, database_url: str, group: str, n: int
) -> tuple[Engine, Callable[[], None]]:
    settings = ParserSettings(
        kafka_bootstrap_servers=bootstrap,
        database_url=database_url,
        group_id=group,
        client_id=f"{group}-{n}",
    )
    return wiring.build(settings)


def test_two_parser_replicas_each_own_part_of_email_raw(prepared: tuple[str, str]) -> None:
    bootstrap, database_url = prepared
    group = f"test-parsers-{uuid.uuid4().hex[:8]}"
    main = {(Topic.EMAIL_RAW.value, p) for p in end_offsets(bootstrap, Topic.EMAIL_RAW)}
    built = [replica(bootstrap, database_url, group, n) for n in range(2)]
    threads = [
        threading.Thread(target=asyncio.run, args=(engine.run(),), daemon=True)
        for engine, _ in built
    ]
    threads[0].start()
    try:
        # a replica added to a running one (a scale-out), as well as two starting together
        wait_until(lambda: built[0][0].partitions() >= main, "the first replica", timeout=90)
        threads[1].start()

        def split() -> bool:
            owned = [engine.partitions() & main for engine, _ in built]
            return all(owned) and owned[0].isdisjoint(owned[1]) and owned[0] | owned[1] == main

        wait_until(split, "both replicas owning part of email.raw", timeout=90)
    finally:
        for engine, _ in built:
            engine.stop()
        for thread in threads:
            thread.join(60)
        for _, close in built:
            close()
    owned = [engine.partitions() for engine, _ in built]
    assert owned == [set(), set()]  # both left the group
