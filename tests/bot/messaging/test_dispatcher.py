"""The outbox dispatcher: priority order, retries with backoff, final failure, opt-out, quiet hours."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlmodel import select

from bot.app.clock import FixedClock
from bot.app.context import AppContext
from bot.channels.base import SendError
from bot.messaging.dispatcher import dispatch_due
from bot.messaging.outbox import enqueue
from bot.storage.models import Contact, Message
from flows.engine import Priority
from tests.pg import BOTH, database_url_for
from tests.support import RecordingSender, at_london


@pytest.fixture(params=BOTH)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """These storage tests run on SQLite and, when WAYMARK_TEST_POSTGRES_URL is set, on PostgreSQL."""
    return database_url_for(request.param, tmp_path)


async def _contact(app: AppContext, opted_out: bool = False) -> Contact:
    async with app.db.session() as s:
        c = Contact(
            channel="sms",
            address="+447700900010",
            first_seen=app.now(),
            last_seen=app.now(),
            opted_out=opted_out,
        )
        s.add(c)
        await s.commit()
        return c


async def _queue(app: AppContext, contact: Contact, text: str, priority: int, kind: str = "reply") -> int:
    async with app.db.session() as s:
        row = await enqueue(s, contact, text, now=app.now(), priority=priority, kind=kind)
        await s.commit()
        assert row.id is not None
        return row.id


async def _row(app: AppContext, message_id: int) -> Message:
    async with app.db.session() as s:
        row = await s.get(Message, message_id)
        assert row is not None
        return row


def _sender(app: AppContext) -> RecordingSender:
    sender = app.senders["sms"]
    assert isinstance(sender, RecordingSender)
    return sender


async def test_priority_order(app: AppContext) -> None:
    c = await _contact(app)
    await _queue(app, c, "reminder", Priority.SCHEDULED)
    await _queue(app, c, "reply", Priority.REPLY)
    await _queue(app, c, "crisis", Priority.CRISIS)
    await _queue(app, c, "alert", Priority.ALERT)
    await dispatch_due(app)
    assert [m.text for m in _sender(app).sent] == ["crisis", "alert", "reply", "reminder"]


async def test_transient_failure_retries_with_backoff_then_sends(app: AppContext, clock: FixedClock) -> None:
    c = await _contact(app)
    mid = await _queue(app, c, "hello", Priority.REPLY)
    _sender(app).fail_with = [SendError("503", transient=True, code="503"), SendError("503", transient=True)]
    await dispatch_due(app)
    row = await _row(app, mid)
    assert row.status == "queued" and row.attempts == 1
    assert row.next_attempt_at == clock.now() + dt.timedelta(seconds=5)
    assert await dispatch_due(app) == 0  # not due yet
    clock.advance(seconds=5)
    await dispatch_due(app)
    row = await _row(app, mid)
    assert row.attempts == 2 and row.next_attempt_at == clock.now() + dt.timedelta(seconds=10)
    clock.advance(seconds=10)
    await dispatch_due(app)
    row = await _row(app, mid)
    assert row.status == "sent" and row.attempts == 3 and row.provider_id == f"fake-{mid}"


async def test_final_failure_after_max_attempts(app: AppContext, clock: FixedClock) -> None:
    c = await _contact(app)
    mid = await _queue(app, c, "hello", Priority.REPLY)
    attempts = app.config.outbox.max_attempts
    _sender(app).fail_with = [SendError("down", transient=True) for _ in range(attempts)]
    for _ in range(attempts):
        await dispatch_due(app)
        clock.advance(hours=1)
    row = await _row(app, mid)
    assert row.status == "failed" and row.attempts == attempts and row.error == "down"


async def test_permanent_error_fails_at_once(app: AppContext) -> None:
    c = await _contact(app)
    mid = await _queue(app, c, "hello", Priority.REPLY)
    _sender(app).fail_with = [SendError("invalid number", transient=False, code="21211")]
    await dispatch_due(app)
    row = await _row(app, mid)
    assert row.status == "failed" and row.error_code == "21211"


async def test_opted_out_gets_only_crisis_replies(app: AppContext) -> None:
    c = await _contact(app, opted_out=True)
    reply = await _queue(app, c, "reply", Priority.REPLY)
    crisis = await _queue(app, c, "crisis", Priority.CRISIS, kind="crisis_high")
    await dispatch_due(app)
    assert [m.text for m in _sender(app).sent] == ["crisis"]
    assert (await _row(app, reply)).status == "skipped"
    assert (await _row(app, crisis)).status == "sent"


async def test_scheduled_messages_wait_for_quiet_hours_to_end(app: AppContext, clock: FixedClock) -> None:
    clock.set(at_london(2026, 11, 17, 22, 30))
    c = await _contact(app)
    mid = await _queue(app, c, "check-in", Priority.SCHEDULED)
    reply = await _queue(app, c, "reply", Priority.REPLY)
    await dispatch_due(app)
    assert [m.text for m in _sender(app).sent] == ["reply"]
    assert (await _row(app, reply)).status == "sent"
    assert (await _row(app, mid)).next_attempt_at == at_london(2026, 11, 18, 8, 0)
    clock.set(at_london(2026, 11, 18, 8, 0))
    await dispatch_due(app)
    assert [m.text for m in _sender(app).sent] == ["reply", "check-in"]


async def test_a_claimed_row_is_not_sent_twice(app: AppContext) -> None:
    from bot.messaging.dispatcher import _claim
    from bot.messaging.workers import Worker

    c = await _contact(app)
    mid = await _queue(app, c, "once", Priority.REPLY)
    assert await _claim(app, Worker.create(), mid, app.now()) is True
    assert await _claim(app, Worker.create(), mid, app.now()) is False
    async with app.db.session() as s:
        rows = (await s.exec(select(Message).where(Message.status == "sending"))).all()
    assert len(rows) == 1
