"""A database pool time-out while recording the provider's answer (bench load, PostgreSQL x2 with a small
pool): the provider had taken the crisis replies, the answers were lost with the failed write, the rows stayed
`sending` until their 20 s lease ended, and the other worker, which cannot ask Telegram what it has, sent them
again. The answer is now written again until it is recorded, so the text goes once and is recorded sent."""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import exc as sa_exc

from bot.app.clock import FixedClock
from bot.app.context import AppContext
from bot.messaging import send_answers
from bot.messaging.dispatcher import dispatch_due
from bot.messaging.outbox import enqueue
from bot.storage.models import Contact, Message
from bot.storage.models.messages import SENT
from flows.engine import Priority
from tests.pg import BOTH, database_url_for
from tests.support import RecordingSender


@pytest.fixture(params=BOTH)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    return database_url_for(request.param, tmp_path)


async def _crisis_reply(app: AppContext) -> int:
    async with app.db.session() as s:
        contact = Contact(channel="telegram", address="2001", first_seen=app.now(), last_seen=app.now())
        s.add(contact)
        await s.commit()
        row = await enqueue(s, contact, "Please get help now.", now=app.now(), priority=Priority.CRISIS)
        await s.commit()
        assert row.id is not None
        return row.id


@pytest.mark.parametrize("failures", [1, 3])
async def test_a_pool_timeout_on_the_answer_write_does_not_send_a_crisis_reply_twice(
    app: AppContext, clock: FixedClock, monkeypatch: pytest.MonkeyPatch, failures: int
) -> None:
    message_id = await _crisis_reply(app)
    real = send_answers.write_answers
    left = [failures]

    async def pool_exhausted_first(app_: AppContext, answers: list[Any]) -> None:
        if left[0] > 0:  # the provider has the text; the write cannot get a connection
            left[0] -= 1
            raise sa_exc.TimeoutError("QueuePool limit of size 3 overflow 0 reached, connection timed out")
        await real(app_, answers)

    monkeypatch.setattr(send_answers, "write_answers", pool_exhausted_first)
    with contextlib.suppress(sa_exc.TimeoutError):  # before the fix: the tick failed, the answer was lost
        await dispatch_due(app, channel="telegram")
    monkeypatch.setattr(send_answers, "write_answers", real)
    # the crisis lease (20 s) ends; a worker's next tick takes back whatever is still `sending`
    clock.advance(seconds=app.config.outbox.crisis_lease_seconds + 1)
    await dispatch_due(app, channel="telegram")
    sender = app.senders["telegram"]
    assert isinstance(sender, RecordingSender)
    assert [m.message_id for m in sender.sent] == [message_id]
    async with app.db.session() as s:
        row = await s.get(Message, message_id)
        assert row is not None
        assert (row.status, row.provider_id) == (SENT, f"fake-{message_id}")
