"""The intake gauge: webhooks being answered, and a wait for a moment with none (bot/messaging/intake.py)."""

from __future__ import annotations

import asyncio
import time

from bot.messaging.intake import IntakeGauge


async def test_quiet_returns_at_once_when_no_webhook_is_open() -> None:
    gauge = IntakeGauge()
    began = time.perf_counter()
    await gauge.quiet(5.0)
    assert time.perf_counter() - began < 1.0


async def test_quiet_waits_for_the_last_open_webhook() -> None:
    gauge = IntakeGauge()
    order: list[str] = []

    async def webhook(name: str, steps: int) -> None:
        with gauge.receiving():
            for _ in range(steps):
                await asyncio.sleep(0)
            order.append(name)

    async def worker() -> None:
        await gauge.quiet(5.0)
        order.append("worker")

    await asyncio.gather(webhook("a", 2), webhook("b", 5), worker())
    assert order == ["a", "b", "worker"]
    assert gauge.open == 0


async def test_quiet_gives_up_after_its_limit_under_a_flood() -> None:
    gauge = IntakeGauge()
    with gauge.receiving():  # a webhook that never ends
        began = time.perf_counter()
        await gauge.quiet(0.01)
        assert time.perf_counter() - began < 1.0
    assert gauge.open == 0
