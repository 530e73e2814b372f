"""An asyncio token bucket for provider send limits, with priority among waiters.

Costs are in whatever unit the provider counts: SMS segments for Twilio, messages for Telegram. When several
sends wait at once, the lowest `priority` number goes first (crisis 0 before replies 20), so a limited sender
never makes a crisis reply wait behind ordinary ones. The clock and sleep are injected so tests never sleep.

The configured rate is the deployment's: a provider counts one account's (or bot's) sends, whichever process
makes them. With several dispatcher processes each bucket takes an equal share (`share(workers)`: the rate
and the burst divided by the live worker count, bot/messaging/send_share.py), so together they stay within
the configured figure (docs/channels.md, "Send limits across processes").
"""

from __future__ import annotations

import asyncio
import heapq
import itertools
import time
from collections.abc import Awaitable, Callable, Iterable
from typing import Protocol, runtime_checkable

Sleep = Callable[[float], Awaitable[object]]
_EPSILON = 1e-9  # units: a shortfall this small after a wait is rounding, not a reason to wait again


@runtime_checkable
class SharedLimit(Protocol):
    """A send limiter whose configured rate is split among the processes that send."""

    def share(self, workers: int) -> None:
        """Take 1/`workers` of the configured limit from now on."""


def share_limits(senders: Iterable[object], workers: int) -> bool:
    """Give each sender's limiter (its `limiter` attribute) a 1/`workers` share. True when any has one."""
    found = False
    for sender in senders:
        limiter = getattr(sender, "limiter", None)
        if isinstance(limiter, SharedLimit):
            limiter.share(workers)
            found = True
    return found


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
        self.limit = rate  # the configured figure, for all processes together
        self.burst = capacity if capacity is not None else max(rate, 1.0)
        self.workers = 1
        self.rate = rate
        self.capacity = self.burst
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

    def share(self, workers: int) -> None:
        """Send at 1/`workers` of the configured rate, with 1/`workers` of the burst (tokens already in
        the bucket beyond the new burst are given up, so a smaller share takes effect at once)."""
        workers = max(1, workers)
        if workers == self.workers:
            return
        self._refill()
        self.workers = workers
        self.rate = self.limit / workers
        self.capacity = self.burst / workers
        self._tokens = min(self._tokens, self.capacity)

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
                if self._tokens >= need - _EPSILON:  # float rounding must not leave a wait of ~0 s
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
