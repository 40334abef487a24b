"""TenantSlots: a tenant with many slow syncs holds at most its share of a fetcher's slots."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

import pytest

from services.fetcher.slots import TenantSlots

A, B, C = 1, 2, 3


class Held:
    """Syncs that hold their slot until released, recording the order they got one."""

    def __init__(self, slots: TenantSlots) -> None:
        self.slots = slots
        self.started: list[tuple[int, int]] = []
        self._release: dict[tuple[int, int], asyncio.Event] = {}
        self._tasks: list[asyncio.Task[None]] = []

    def ask(self, tenant: int, n: int) -> None:
        done = self._release[(tenant, n)] = asyncio.Event()

        async def sync() -> None:
            async with self.slots.slot(tenant):
                self.started.append((tenant, n))
                await done.wait()

        self._tasks.append(asyncio.create_task(sync()))

    def finish(self, tenant: int, n: int) -> None:
        self._release[(tenant, n)].set()

    async def close(self) -> None:
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)


def run(scenario: Callable[[Held], Awaitable[None]], capacity: int = 6) -> None:
    async def main() -> None:
        held = Held(TenantSlots(capacity))
        try:
            await asyncio.wait_for(scenario(held), timeout=10)
        finally:
            await held.close()

    asyncio.run(main())


async def settle() -> None:
    for _ in range(5):
        await asyncio.sleep(0)


def test_a_burst_leaves_a_slot_and_a_later_tenant_starts_at_once() -> None:
    async def scenario(held: Held) -> None:
        for n in range(12):
            held.ask(A, n)
        await settle()
        assert held.started == [(A, n) for n in range(5)]  # one of six kept for a newcomer
        held.ask(B, 0)
        await settle()
        assert held.started[-1] == (B, 0)  # no A sync had to finish first
        assert held.slots.running == {A: 5, B: 1}

    run(scenario)


def test_freed_slots_go_to_the_tenant_under_its_share() -> None:
    async def scenario(held: Held) -> None:
        for n in range(8):
            held.ask(A, n)
        await settle()
        held.ask(B, 0)
        held.ask(B, 1)
        await settle()
        assert held.slots.running == {A: 5, B: 1}
        # the sixth slot stays kept for a newcomer; A holds more than its share (three of the
        # five shared) while B waits, so B gets the next slot A frees below that
        held.finish(A, 0)
        await settle()
        assert held.slots.running == {A: 4, B: 1}
        held.finish(A, 1)
        await settle()
        assert held.started[-1] == (B, 1)
        assert held.slots.running == {A: 3, B: 2}
        # A is under its share again once it drops to two: its oldest waiter goes next
        held.finish(A, 2)
        await settle()
        assert held.started[-1] == (A, 5)
        assert held.slots.running == {A: 3, B: 2}
        assert held.slots.waiting == [A, A]

    run(scenario)


def test_a_cancelled_waiter_leaves_the_queue() -> None:
    async def scenario(held: Held) -> None:
        for n in range(6):
            held.ask(A, n)
        await settle()
        assert held.slots.waiting == [A]
        held._tasks[-1].cancel()
        await settle()
        assert held.slots.waiting == []
        held.finish(A, 0)
        await settle()
        assert held.slots.running == {A: 4}

    run(scenario)


def test_a_fetcher_needs_a_slot() -> None:
    with pytest.raises(ValueError, match="at least one"):
        TenantSlots(0)


def test_a_paused_tenant_waits_and_others_do_not_until_everyone_is_paused() -> None:
    async def scenario(held: Held) -> None:
        held.slots.pause(A, 0.2)
        held.ask(A, 0)
        held.ask(B, 0)
        await settle()
        assert held.started == [(B, 0)]  # A's start was throttled: its requests wait
        held.slots.pause(B, 0, everyone=0.2)
        held.ask(C, 0)
        await settle()
        assert held.started == [(B, 0)]  # the budget is spent: nobody is tried in vain
        await asyncio.wait_for(until_started(held, 3), timeout=5)
        assert sorted(held.started) == [(A, 0), (B, 0), (C, 0)]

    run(scenario)


async def until_started(held: Held, count: int) -> None:
    while len(held.started) < count:
        await asyncio.sleep(0.01)
