"""At most N syncs start in any window across two fetcher processes, measured at the mailbox.

The fetchers run on a broker and database of their own. Each of 20 integrations searches for a
role of its own, so the local Gmail's request log tells when each sync reached the mailbox and
through which replica's listener — nothing the fetchers wrote about themselves is trusted.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

import pytest

from tests.e2e.fetcher_stack import FetcherStack, fetcher_stack
from tests.waiting import wait_until

pytestmark = [pytest.mark.kafka, pytest.mark.e2e]
REQUESTS = 20
# the limit sits well below what two fetchers reach unthrottled here (~3 syncs/s), so a limit
# that did not hold would show at the mailbox
LIMIT = 5  # syncs
PERIOD = 8.0  # seconds
# a sync reaches the mailbox a token refresh after its start; starts that kept the limit may
# arrive up to this much closer together (on a machine at load 15-25 half a second was not
# enough, on the code of every commit back to the last green CI)
ARRIVAL_JITTER = 2.0  # seconds


@pytest.fixture
def stack(
    database_url: str, token_keys: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[FetcherStack]:
    with fetcher_stack(
        server_database_url=database_url,
        token_keys=token_keys,
        log_dir=tmp_path_factory.mktemp("rate-logs"),
        fetcher_env={
            "FETCHER_SYNCS_PER_PERIOD": str(LIMIT),
            "FETCHER_RATE_PERIOD_SECONDS": str(PERIOD),
        },
    ) as started:
        yield started


def most_in_any_window(times: list[float], window: float) -> int:
    ordered = sorted(times)
    return max(sum(1 for t in ordered[i:] if t < start + window) for i, start in enumerate(ordered))


def test_twenty_requests_through_two_fetchers_respect_the_limit(stack: FetcherStack) -> None:
    roles = [f"rate role {n:02d}" for n in range(REQUESTS)]  # none a substring of another
    tenants = [stack.gmail_tenant(role, messages=0)[0] for role in roles]
    sync_ids = [stack.send(ids) for ids in tenants]

    def first_search() -> dict[str, tuple[float, int]]:
        """Role → (arrival, listener port) of the first search the mailbox got for it."""
        found: dict[str, tuple[float, int]] = {}
        for r in stack.gmail.api_requests():
            query = r.query.get("q", [""])[0].lower()
            for role in roles:
                if role in query:
                    found.setdefault(role, (r.received_at, r.port))
        return found

    def all_done() -> bool:
        stack.group.check_alive()
        return all((run := stack.run(s)) is not None and run.status != "running" for s in sync_ids)

    wait_until(all_done, f"{REQUESTS} sync runs", timeout=180)
    assert {r.status for r in map(stack.run, sync_ids) if r} == {"success"}  # none dropped
    searches = first_search()
    assert set(searches) == set(roles)
    arrivals = [at for at, _ in searches.values()]
    assert most_in_any_window(arrivals, PERIOD - ARRIVAL_JITTER) <= LIMIT
    # after the first LIMIT starts, every further LIMIT waits one more period
    assert max(arrivals) - min(arrivals) >= (REQUESTS // LIMIT - 1) * PERIOD - ARRIVAL_JITTER
    per_replica = Counter(stack.replica_at(port) for _, port in searches.values())
    assert set(per_replica) == {"fetcher-0", "fetcher-1"}, per_replica  # both took work
    assert sum(per_replica.values()) == REQUESTS
