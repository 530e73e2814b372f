"""An asyncio token bucket for provider send limits, with priority among waiters.

Costs are in whatever unit the provider counts: SMS segments for Twilio, messages for Telegram. When several
sends wait at once, the lowest `priority` number goes first (crisis 0 before replies 20), so a limited sender
never makes a crisis reply wait behind ordinary ones. The clock and sleep are injected so tests never sleep.
"""

from __future__ import annotations

import asyncio
import heapq
import itertools
import time
from collections.abc import Awaitable, Callable

Sleep = Callable[[float], Awaitable[object]]


class TokenBucket:
    """`rate` units per second, bursts up to `capacity` (default: one second's worth, at least 1).

    A cost larger than the capacity is allowed: it waits for a full bucket and leaves the bucket in debt, so
    the long-run rate stays exact.
    """

    def __init__(
        self,
        rate: float,
        capacity: float | None = None,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        if rate <= 0:
            raise ValueError("rate must be positive")
        self.rate = rate
        self.capacity = capacity if capacity is not None else max(rate, 1.0)
        self._clock = clock
        self._sleep = sleep
        self._tokens = self.capacity
        self._stamp = clock()
        self._queue: list[tuple[int, int]] = []
        self._seq = itertools.count()
        self._turn = asyncio.Condition()

    @property
    def tokens(self) -> float:
        self._refill()
        return self._tokens

    def _refill(self) -> None:
        now = self._clock()
        self._tokens = min(self.capacity, self._tokens + (now - self._stamp) * self.rate)
        self._stamp = now

    async def acquire(self, cost: float = 1.0, *, priority: int = 0) -> float:
        """Wait until `cost` units may be spent, then spend them. Returns the seconds waited."""
        ticket = (priority, next(self._seq))
        heapq.heappush(self._queue, ticket)
        waited = 0.0
        try:
            while True:
                async with self._turn:
                    await self._turn.wait_for(lambda: self._queue[0] == ticket)
                self._refill()
                need = min(cost, self.capacity)
                if self._tokens >= need:
                    self._tokens -= cost
                    return waited
                delay = (need - self._tokens) / self.rate
                await self._sleep(delay)
                waited += delay
        finally:
            self._queue.remove(ticket)
            heapq.heapify(self._queue)
            async with self._turn:
                self._turn.notify_all()
