"""A scheduler leader busy with a long run of due items leaves the sending to the others, at the whole limit,
and the limit stays the deployment's on the way out and back (bot/messaging/send_aside.py). Two contexts on
one database are two processes' worth (each its own worker and token bucket); no real sleeps."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.app.clock import FixedClock
from bot.app.context import AppContext
from bot.messaging import scheduler
from bot.messaging.dispatcher import dispatch_due
from bot.messaging.scheduler import Background
from bot.messaging.send_share import JOIN_WAIT_SECONDS
from bot.messaging.workers import Worker, live_worker_ids, stopped
from bot.storage.models import ScheduledItem
from tests.bot.messaging.test_send_share import LIMIT, _queue, limited
from tests.pg import BOTH, database_url_for
from tests.support import make_context


@pytest.fixture(params=BOTH)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    return database_url_for(request.param, tmp_path)


@pytest.fixture
async def second(app: AppContext, database_url: str, clock: FixedClock) -> AsyncIterator[AppContext]:
    """Another process's context on the same database (same clock for `now`)."""
    ctx = make_context(database_url, clock)
    yield ctx
    await ctx.close()


async def _two_sending(app: AppContext, second: AppContext, clock: FixedClock) -> tuple[Worker, Worker]:
    """a and b both alive and past b's join wait: each at half the limit."""
    a, b = Worker.create(), Worker.create()
    await dispatch_due(app, channel="sms", worker=a)
    await dispatch_due(second, channel="sms", worker=b)
    clock.advance(seconds=JOIN_WAIT_SECONDS)
    await dispatch_due(app, channel="sms", worker=a)
    await dispatch_due(second, channel="sms", worker=b)
    return a, b


async def test_a_worker_alone_never_steps_aside(app: AppContext) -> None:
    background = Background(app, worker=Worker.create())
    await dispatch_due(app, channel="sms", worker=background.me)
    assert await background.aside.step_aside() is False
    assert background.aside.asked is False and background.aside.aside is False
    assert await live_worker_ids(app, background.me) == {background.me.id}


async def test_the_others_take_the_whole_limit_while_it_is_aside_and_halve_it_when_it_is_back(
    app: AppContext, second: AppContext, clock: FixedClock
) -> None:
    a_sender, b_sender = limited(app), limited(second)
    a, b = await _two_sending(app, second, clock)
    assert a_sender.limiter.rate == b_sender.limiter.rate == LIMIT / 2
    background = Background(app, worker=a)

    assert await background.aside.step_aside() is True
    to = await _queue(app, 5)
    await background._dispatch()  # a's tick while aside: claims nothing
    assert a_sender.sent == []
    assert await dispatch_due(second, channel="sms", worker=b) == 5
    assert b_sender.limiter.rate == LIMIT  # a said it stopped: b has the whole limit
    assert sorted(x[1] for x in b_sender.sent) == sorted(to)

    background.aside.come_back()
    more = await _queue(app, 4, prefix="+4477222")
    await background._dispatch()  # back: a heartbeats, then waits while b lowers its share
    assert a_sender.sent == []
    await dispatch_due(second, channel="sms", worker=b, limit=1)
    assert b_sender.limiter.rate == LIMIT / 2
    clock.advance(seconds=JOIN_WAIT_SECONDS)
    await background._dispatch()
    assert a_sender.limiter.rate == LIMIT / 2
    assert len(a_sender.sent) == 3 and {x[1] for x in a_sender.sent} <= set(more)


async def test_nobody_else_alive_brings_it_back_at_once(
    app: AppContext, second: AppContext, clock: FixedClock
) -> None:
    a_sender = limited(app)
    limited(second)
    a, b = await _two_sending(app, second, clock)
    background = Background(app, worker=a)
    assert await background.aside.step_aside() is True
    await stopped(second, b)  # the other process exits while a is aside
    to = await _queue(app, 2)
    await background._dispatch()
    assert background.aside.asked is False
    assert sorted(x[1] for x in a_sender.sent) == sorted(to)  # alone again: no join wait
    assert a_sender.limiter.rate == LIMIT


async def test_a_dispatch_call_asked_to_stop_claims_nothing_more(app: AppContext) -> None:
    limited(app)
    await _queue(app, 3)
    assert await dispatch_due(app, channel="sms", worker=Worker.create(), until=lambda: True) == 0


async def test_a_long_scheduled_run_steps_aside_and_comes_back_at_its_end(
    app: AppContext, second: AppContext, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    limited(app)
    limited(second)
    a, b = await _two_sending(app, second, clock)
    background = Background(app, worker=a)
    seen: list[bool] = []

    async def job(_app: AppContext, _session: object, item: ScheduledItem) -> None:
        seen.append(background.aside.aside)

    app.jobs["probe"] = job
    monkeypatch.setattr(scheduler, "ITEMS_BATCH", 2)
    async with app.db.session() as s:
        for _ in range(3):
            s.add(
                ScheduledItem(due_at=app.now() - dt.timedelta(seconds=1), kind="probe", created_at=app.now())
            )
        await s.commit()

    try:
        await background._items()
    finally:
        await background.stop()  # the leader lock's connection (PostgreSQL)

    assert seen == [False, False, True]  # a whole batch of 2, then aside for the rest of the run
    assert background.aside.aside is False and background.aside.asked is False  # back at the end
    assert a.id not in await live_worker_ids(second, b)  # until its next dispatch tick heartbeats
    await background._dispatch()
    assert a.id in await live_worker_ids(second, b)


async def test_sends_in_flight_that_do_not_end_keep_it_sending(
    app: AppContext, second: AppContext, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bot.messaging import send_aside

    limited(app)
    limited(second)
    a, _ = await _two_sending(app, second, clock)
    background = Background(app, worker=a)
    monkeypatch.setattr(send_aside, "IDLE_WAIT_SECONDS", 0.01)
    background.aside.idle.clear()  # a dispatch call whose send never comes back
    assert await background.aside.step_aside() is False
    assert background.aside.asked is False and background.aside.aside is False
    assert a.id in await live_worker_ids(second, Worker.create())
