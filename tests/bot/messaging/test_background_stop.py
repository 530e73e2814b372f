"""Stopping the background loop (the app's lifespan ends) while the dispatcher is sending: the run in flight
is cancelled and has unwound when stop() returns, before the app context closes the database under it, and
the cancellation is not logged as the job's failure. The text stays claimed, not sent or failed: its lease
lets a worker send it later (bot/messaging/scheduler.py)."""

from __future__ import annotations

import asyncio
import logging

import pytest
from sqlmodel import select

from bot.app.context import AppContext
from bot.channels.base import OutboundMessage, SendResult
from bot.messaging import scheduler
from bot.messaging.scheduler import Background
from bot.storage.models import Message
from tests.bot.messaging.test_send_share import _queue

WAIT_S = 30.0  # a bound on waiting for a condition, never a pause


class HeldSender:
    """A channel whose send waits for ever: the dispatcher is mid-send until it is cancelled."""

    name = "sms"

    def __init__(self) -> None:
        self.sending = asyncio.Event()

    async def send_text(self, message: OutboundMessage) -> SendResult:
        self.sending.set()
        await asyncio.Event().wait()
        raise AssertionError("unreachable")


async def test_stopping_mid_send_cancels_the_run_quietly_and_waits_for_it(
    app: AppContext, caplog: pytest.LogCaptureFixture
) -> None:
    sender = HeldSender()
    app.senders["sms"] = sender
    await _queue(app, 1)
    background = Background(app, dispatch_seconds=0.05)
    await background.start()
    try:
        await asyncio.wait_for(sender.sending.wait(), WAIT_S)  # the dispatch job is in flight
    finally:
        with caplog.at_level(logging.DEBUG):
            await background.stop()
    runs = [t for t in asyncio.all_tasks() if t.get_coro().__qualname__ == "run_coroutine_job"]  # type: ignore[union-attr]
    assert not runs, "stop() returned while a job run was still unwinding"
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR], caplog.text
    async with app.db.session() as s:
        row = (await s.exec(select(Message).where(Message.direction == "out"))).one()
    assert row.status not in ("sent", "failed")


async def test_a_run_the_scheduler_starts_after_stop_begins_does_nothing(app: AppContext) -> None:
    """APScheduler's asyncio scheduler shuts down on the loop's next turn, and a wake-up already queued can
    still start a job then: that run must not touch the database the app is about to close."""
    background = Background(app, dispatch_seconds=3600)
    await background.start()
    await background.stop()
    ran: list[str] = []

    async def work() -> None:
        ran.append("ran")

    await background._run(work)
    assert ran == []
    assert not background.scheduler.running


async def test_stop_gives_up_waiting_for_a_run_that_will_not_unwind(
    app: AppContext, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """A run that ignores its cancellation (a bug) delays stop() by STOP_WAIT_SECONDS at most, with a warning,
    instead of holding the shutdown for ever."""
    monkeypatch.setattr(scheduler, "STOP_WAIT_SECONDS", 0.2)
    background = Background(app, dispatch_seconds=3600)
    await background.start()
    started, release = asyncio.Event(), asyncio.Event()

    async def stubborn() -> None:
        started.set()
        try:
            await asyncio.Event().wait()
        except asyncio.CancelledError:
            await release.wait()  # swallows the cancellation and goes on waiting

    run = asyncio.create_task(background._run(stubborn))
    await asyncio.wait_for(started.wait(), WAIT_S)
    with caplog.at_level(logging.WARNING):
        await asyncio.wait_for(background.stop(), WAIT_S)
    assert "job runs still unwinding" in caplog.text
    release.set()
    await asyncio.wait_for(run, WAIT_S)
