"""A fetcher's sync slots, shared fairly between tenants.

The consumer engine admits up to its ``max_in_flight`` requests; a request then waits here (an
asyncio future: no thread, no database connection) until ``handler.may_take_slot`` lets its
tenant run one more sync in one of ``capacity`` slots. Waiters are served oldest first among
those whose tenant is under its share, so a tenant with many slow mailboxes holds at most its
share while another tenant's sync starts in the next free slot. A throttled start pauses its
tenant (or, when the global budget is spent, everyone) until the budget has room: the waiters
are not tried in vain meanwhile. One event loop; not thread-safe.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field

from services.fetcher.handler import NEWCOMER_RESERVE, may_take_slot


@dataclass
class _Waiter:
    tenant: int
    ready: asyncio.Future[None]


@dataclass
class TenantSlots:
    capacity: int
    reserve: int = NEWCOMER_RESERVE
    _running: Counter[int] = field(default_factory=Counter)
    _waiting: list[_Waiter] = field(default_factory=list)
    _paused_until: dict[int | None, float] = field(default_factory=dict)  # None: everyone

    def __post_init__(self) -> None:
        if self.capacity < 1:
            raise ValueError("a fetcher needs at least one sync slot")

    @property
    def running(self) -> dict[int, int]:
        """Syncs running per tenant (a copy, for metrics and tests)."""
        return {t: n for t, n in self._running.items() if n}

    @property
    def waiting(self) -> list[int]:
        """The tenant of each waiting request, oldest first."""
        return [w.tenant for w in self._waiting]

    @asynccontextmanager
    async def slot(self, tenant: int) -> AsyncIterator[None]:
        """Hold one of the slots for ``tenant`` while the block runs."""
        if not self._waiting and self._admits(tenant):
            self._running[tenant] += 1
        else:
            waiter = _Waiter(tenant, asyncio.get_running_loop().create_future())
            self._waiting.append(waiter)
            self._wake()  # a newcomer may be admitted past over-share waiters at once
            try:
                await waiter.ready
            except BaseException:
                if waiter in self._waiting:
                    self._waiting.remove(waiter)
                elif waiter.ready.done() and not waiter.ready.cancelled():
                    self._release(tenant)  # admitted as it was cancelled: hand the slot on
                raise
        try:
            yield
        finally:
            self._release(tenant)

    def pause(self, tenant: int, seconds: float, *, everyone: float = 0.0) -> None:
        """No new slot for ``tenant``'s requests for ``seconds``, nor for anyone's for
        ``everyone`` seconds (its start was throttled: they could not start either)."""
        loop = asyncio.get_running_loop()
        for who, wait in ((tenant, seconds), (None, everyone)):
            if wait > 0:
                until = loop.time() + wait
                self._paused_until[who] = max(until, self._paused_until.get(who, 0.0))
                loop.call_at(until, self._wake)

    def _paused(self, tenant: int) -> bool:
        now = asyncio.get_running_loop().time()
        return any(self._paused_until.get(who, 0.0) > now for who in (tenant, None))

    def _admits(self, tenant: int) -> bool:
        if self._paused(tenant):
            return False
        waiting = [w.tenant for w in self._waiting]
        return may_take_slot(
            tenant, self._running, waiting, capacity=self.capacity, reserve=self.reserve
        )

    def _release(self, tenant: int) -> None:
        self._running[tenant] -= 1
        self._wake()

    def _wake(self) -> None:
        """Admit waiters, oldest first, whose tenant is under its share."""
        for waiter in list(self._waiting):
            if sum(self._running.values()) >= self.capacity:
                return
            if waiter.ready.done() or not self._admits(waiter.tenant):
                continue
            self._waiting.remove(waiter)
            self._running[waiter.tenant] += 1
            waiter.ready.set_result(None)
