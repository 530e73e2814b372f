"""The send limit is the deployment's: two dispatchers on one database (two processes' worth: each its own
context, worker and token bucket) send together within `segments_per_second`, and a joining worker waits
until the others have lowered their shares. No real sleeps: each bucket runs on its own fake clock, which
moves only when that bucket waits, as one process's clock would."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from bot.app.clock import FixedClock
from bot.app.context import AppContext
from bot.channels.base import OutboundMessage, SendResult
from bot.channels.rate_limit import TokenBucket
from bot.channels.telegram_limits import TelegramRateLimiter
from bot.messaging.dispatcher import dispatch_due
from bot.messaging.outbox import enqueue
from bot.messaging.send_share import JOIN_WAIT_SECONDS
from bot.messaging.workers import Worker
from bot.storage.models import Contact
from flows.engine import Priority
from tests.bot.channels.fake_time import FakeTime
from tests.pg import BOTH, database_url_for
from tests.support import make_context

LIMIT = 10.0  # segments a second, for the deployment
WINDOW = 2.0  # seconds of a process's own clock


@pytest.fixture(params=BOTH)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    return database_url_for(request.param, tmp_path)


@dataclass
class LimitedSender:
    """An SMS sender that waits for its bucket like TwilioSmsSender and records (its clock, to, priority)."""

    limiter: TokenBucket
    time: FakeTime
    name: str = "sms"
    sent: list[tuple[float, str, int]] = field(default_factory=list)

    async def send_text(self, message: OutboundMessage) -> SendResult:
        await self.limiter.acquire(1, priority=message.priority)
        self.sent.append((self.time.now, message.to, message.priority))
        return SendResult(provider_id=f"p-{message.message_id}")


def limited(ctx: AppContext) -> LimitedSender:
    t = FakeTime()
    sender = LimitedSender(TokenBucket(LIMIT, clock=t.clock, sleep=t.sleep), t)
    ctx.senders["sms"] = sender
    return sender


@pytest.fixture
async def second(app: AppContext, database_url: str, clock: FixedClock) -> AsyncIterator[AppContext]:
    """Another process's context on the same database (same clock for `now`)."""
    ctx = make_context(database_url, clock)
    yield ctx
    await ctx.close()


async def _queue(app: AppContext, n: int, prefix: str = "+4477009") -> list[str]:
    to = [f"{prefix}{i:05d}" for i in range(n)]
    async with app.db.session() as s:
        for address in to:
            c = Contact(channel="sms", address=address, first_seen=app.now(), last_seen=app.now())
            s.add(c)
            await s.flush()
            await enqueue(s, c, "your reminder", now=app.now(), priority=Priority.SCHEDULED)
        await s.commit()
    return to


def most_in_window(times: list[float], window: float) -> int:
    """The most sends in any `window` seconds of one process's clock."""
    times = sorted(times)
    best, start = 0, 0
    for end, t in enumerate(times):
        while t - times[start] >= window:
            start += 1
        best = max(best, end - start + 1)
    return best


async def _drain(ctx: AppContext, me: Worker) -> None:
    while await dispatch_due(ctx, channel="sms", worker=me) > 0:
        pass


async def test_two_dispatchers_together_stay_within_the_limit(
    app: AppContext, second: AppContext, clock: FixedClock
) -> None:
    a_sender, b_sender = limited(app), limited(second)
    a, b = Worker.create(), Worker.create()
    await dispatch_due(app, channel="sms", worker=a)  # a is alive (nothing to send yet)
    assert a_sender.limiter.rate == LIMIT
    to = await _queue(app, 120)
    assert await dispatch_due(second, channel="sms", worker=b) == 0  # b joins: it waits...
    assert b_sender.sent == []
    clock.advance(seconds=JOIN_WAIT_SECONDS)  # ...until a has counted it (a's next call)
    await asyncio.gather(_drain(app, a), _drain(second, b))

    assert a_sender.limiter.rate == b_sender.limiter.rate == LIMIT / 2
    sent = a_sender.sent + b_sender.sent
    assert sorted(x[1] for x in sent) == sorted(to)  # all sent, none twice
    assert len(a_sender.sent) >= 20 and len(b_sender.sent) >= 20  # both sent a real part of them
    # Each process's clock runs in step with the other's in a deployment, so the most the two send in
    # any WINDOW is at most the sum of each one's most: the deployment's rate plus one second's burst.
    together = most_in_window([x[0] for x in a_sender.sent], WINDOW) + most_in_window(
        [x[0] for x in b_sender.sent], WINDOW
    )
    assert together <= LIMIT * WINDOW + LIMIT
    # and each went at its share, not slower (the limit is used, not wasted)
    for s in (a_sender, b_sender):
        span = s.sent[-1][0] - s.sent[0][0]
        assert span <= (len(s.sent) - LIMIT / 2) / (LIMIT / 2) + 1e-6


async def test_a_crisis_reply_still_goes_first_at_a_shared_limit(
    app: AppContext, second: AppContext, clock: FixedClock
) -> None:
    a_sender = limited(app)
    limited(second)
    a, b = Worker.create(), Worker.create()
    await dispatch_due(second, channel="sms", worker=b)  # b is alive: a's share is half
    assert await dispatch_due(app, channel="sms", worker=a) == 0  # a joins and waits
    await _queue(app, 30)
    crisis_to = (await _queue(app, 1, prefix="+4477111"))[0]
    async with app.db.session() as s:  # the crisis reply is queued last, after the reminders
        from sqlmodel import select

        c = (await s.exec(select(Contact).where(Contact.address == crisis_to))).one()
        await enqueue(s, c, "crisis numbers", now=app.now(), priority=Priority.CRISIS)
        await s.commit()
    clock.advance(seconds=JOIN_WAIT_SECONDS)
    await _drain(app, a)
    assert a_sender.limiter.rate == LIMIT / 2
    assert a_sender.sent[0][1] == crisis_to and a_sender.sent[0][2] == Priority.CRISIS


async def test_a_worker_alone_sends_at_once_at_the_whole_limit(app: AppContext) -> None:
    sender = limited(app)
    await _queue(app, 3)
    assert await dispatch_due(app, channel="sms", worker=Worker.create()) == 3
    assert sender.limiter.rate == LIMIT and len(sender.sent) == 3


async def test_a_stopped_worker_gives_its_share_back(
    app: AppContext, second: AppContext, clock: FixedClock
) -> None:
    from bot.messaging.workers import stopped

    a_sender = limited(app)
    limited(second)
    a, b = Worker.create(), Worker.create()
    await dispatch_due(app, channel="sms", worker=a)
    assert a_sender.limiter.rate == LIMIT
    await dispatch_due(second, channel="sms", worker=b)
    await dispatch_due(app, channel="sms", worker=a)
    assert a_sender.limiter.rate == LIMIT / 2
    await stopped(second, b)
    await dispatch_due(app, channel="sms", worker=a)
    assert a_sender.limiter.rate == LIMIT


def test_bucket_share_divides_rate_and_burst_and_drops_extra_tokens() -> None:
    t = FakeTime()
    bucket = TokenBucket(100.0, clock=t.clock, sleep=t.sleep)
    bucket.share(4)
    assert (bucket.rate, bucket.capacity, bucket.tokens) == (25.0, 25.0, 25.0)
    bucket.share(1)
    assert (bucket.rate, bucket.capacity) == (100.0, 100.0)
    t.now += dt.timedelta(seconds=1).total_seconds()
    assert bucket.tokens == 100.0


async def test_telegram_share_spaces_the_bots_sends_by_the_worker_count() -> None:
    t = FakeTime()
    limiter = TelegramRateLimiter(25.0, clock=t.clock, sleep=t.sleep)
    limiter.share(2)
    waits = [limiter.reserve(f"chat{i}") for i in range(3)]
    assert waits == pytest.approx([0.0, 2 / 25, 4 / 25])
