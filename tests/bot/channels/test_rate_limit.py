"""The token bucket: segments per second, debt for long texts, crisis first among waiters. No real sleeps."""

from __future__ import annotations

import asyncio

import pytest

from bot.channels.rate_limit import TokenBucket
from tests.bot.channels.fake_time import FakeTime


def bucket(rate: float, capacity: float | None = None) -> tuple[TokenBucket, FakeTime]:
    t = FakeTime()
    return TokenBucket(rate, capacity, clock=t.clock, sleep=t.sleep), t


async def test_burst_then_paced_at_the_rate() -> None:
    b, t = bucket(2.0)  # 2 segments a second, burst of 2
    assert await b.acquire(1) == 0 and await b.acquire(1) == 0
    assert await b.acquire(1) == pytest.approx(0.5)
    assert t.now == pytest.approx(0.5)


async def test_long_text_waits_for_a_full_bucket_and_leaves_debt() -> None:
    b, t = bucket(1.0)  # capacity 1
    assert await b.acquire(3) == 0  # a 3-segment text goes when the bucket is full...
    assert await b.acquire(1) == pytest.approx(3.0)  # ...and the next waits for the debt to clear
    assert t.now == pytest.approx(3.0)


async def test_refills_with_time_but_never_beyond_capacity() -> None:
    b, t = bucket(1.0, capacity=2)
    await b.acquire(2)
    t.now += 100
    assert b.tokens == 2


async def test_crisis_waiter_goes_before_earlier_replies() -> None:
    b, t = bucket(1.0)
    await b.acquire(1)  # bucket now empty
    order: list[str] = []

    async def send(label: str, priority: int) -> None:
        await b.acquire(1, priority=priority)
        order.append(label)

    # reply-1 starts waiting first; the crisis arrives while it waits and takes the next tokens
    tasks = [
        asyncio.create_task(send(label, p)) for label, p in [("reply-1", 20), ("reply-2", 20), ("crisis", 0)]
    ]
    await asyncio.gather(*tasks)
    assert order == ["crisis", "reply-1", "reply-2"]
    assert t.now == pytest.approx(3.0)


async def test_cancelled_waiter_does_not_block_the_queue() -> None:
    b, _t = bucket(1.0)
    await b.acquire(1)
    gate = asyncio.Event()

    async def stuck_sleep(_: float) -> None:
        await gate.wait()

    b._sleep = stuck_sleep
    waiting = asyncio.create_task(b.acquire(1))
    await asyncio.sleep(0)
    waiting.cancel()
    with pytest.raises(asyncio.CancelledError):
        await waiting
    assert b._queue == []


def test_rate_must_be_positive() -> None:
    with pytest.raises(ValueError, match="positive"):
        TokenBucket(0)
