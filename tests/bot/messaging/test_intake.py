"""The intake gauge: webhooks being answered go first (bot/messaging/intake.py)."""

from __future__ import annotations

import asyncio

from bot.messaging.intake import IntakeGauge


async def test_give_way_returns_at_once_when_no_webhook_is_open() -> None:
    gauge = IntakeGauge()
    order: list[str] = []

    async def other() -> None:
        order.append("other")

    task = asyncio.ensure_future(other())
    await gauge.give_way(10)
    order.append("worker")
    await task
    assert order == ["worker", "other"], "no turn given away: nothing was being answered"


async def test_open_webhooks_run_their_steps_first() -> None:
    gauge = IntakeGauge()
    order: list[str] = []

    async def webhook(name: str, steps: int) -> None:
        with gauge.receiving():
            for _ in range(steps):
                await asyncio.sleep(0)
            order.append(name)

    async def worker() -> None:
        await asyncio.sleep(0)  # the webhooks have started
        await gauge.give_way(10)
        order.append("worker")

    await asyncio.gather(webhook("a", 2), webhook("b", 5), worker())
    assert order == ["a", "b", "worker"]
    assert gauge.open == 0


async def test_a_flood_gives_way_a_bounded_number_of_turns() -> None:
    gauge = IntakeGauge()
    with gauge.receiving():  # a webhook that does not end while the worker waits
        await gauge.give_way(3)  # returns: processing is never starved
    assert gauge.open == 0
