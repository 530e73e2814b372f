"""A monotonic clock for the rate limiters: it moves only when something sleeps, and records every sleep."""

from __future__ import annotations

import asyncio


class FakeTime:
    """Pass `clock` and `sleep` to a limiter instead of time.monotonic and asyncio.sleep."""

    def __init__(self) -> None:
        self.now = 0.0
        self.sleeps: list[float] = []

    def clock(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds
        await asyncio.sleep(0)  # let other tasks run, as a real sleep would
