"""The escalation ladder, the ACK path and two workers at once, on SQLite and (when
WAYMARK_TEST_POSTGRES_URL is set, as `make test` does) on PostgreSQL.

"Two workers" are two AppContexts on the same database (separate engines and connection pools), run
concurrently with asyncio.gather, as two `waymark serve` processes would.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlmodel import col, select

from bot.app.clock import FixedClock
from bot.app.context import AppContext
from bot.messaging.dispatcher import dispatch_due
from bot.messaging.jobs import run_due_items
from bot.messaging.outbox import enqueue
from bot.storage.models import Contact, Message, ScheduledItem
from flows.engine import Priority
from tests.bot.escalation_support import (
    ANA,
    BEN,
    MO,
    audit,
    escalations,
    rota_config,
    staffed_app,  # noqa: F401 (the app fixture)
)
from tests.pg import BOTH, database_url_for
from tests.support import Chat, RecordingSender, at_london, make_context

RISK = "i took all my pills and i am scared"


@pytest.fixture(params=BOTH)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    return database_url_for(request.param, tmp_path)


@pytest.fixture
async def worker_b(app: AppContext, database_url: str, clock: FixedClock) -> AsyncIterator[AppContext]:
    """A second worker on the same database, with its own engine and recording senders."""
    ctx = make_context(database_url, clock, config=rota_config())
    yield ctx
    await ctx.close()


def _sent(*apps: AppContext) -> list[tuple[int, str, str]]:
    out = []
    for a in apps:
        sender = a.senders["sms"]
        assert isinstance(sender, RecordingSender)
        out += [(m.message_id, m.to, m.kind) for m in sender.sent]
    return sorted(out)


def _to(apps: tuple[AppContext, ...], number: str) -> list[str]:
    return [kind for _, to, kind in _sent(*apps) if to == number]


async def test_ladder_primary_backup_manager(app: AppContext, chat: Chat, clock: FixedClock) -> None:
    await chat.say(RISK)
    [esc] = await escalations(app)
    assert (esc.alert_level, esc.ack_deadline) == (0, app.now() + dt.timedelta(minutes=5))
    for _ in range(2):
        clock.advance(minutes=5)
        await run_due_items(app)
        await chat.flush()
    both = (app,)
    assert _to(both, ANA) == ["alert_new", "alert_again"] and _to(both, BEN) == ["alert_again"]
    assert _to(both, MO) == ["alert_manager"]
    [esc] = await escalations(app)
    # after the manager, the next look is the next shift's start (the ladder repeats, never quiet)
    assert (esc.alert_level, esc.alerted) == (2, ["ana", "ana", "ben", "mo"])
    assert esc.next_alert_at == at_london(2026, 11, 18, 9, 0)
    levels = [e.details["level"] for e in await audit(app, "escalation.alert_planned")]
    assert levels == [0, 1, 2]


async def test_ack_by_text_stops_the_ladder(app: AppContext, chat: Chat, clock: FixedClock) -> None:
    await chat.say(RISK)
    [esc] = await escalations(app)
    replies = await chat.as_(ANA).say(f"ACK {esc.ref}")
    assert [r.kind for r in replies] == ["ack_ok"]
    clock.advance(minutes=30)
    assert await run_due_items(app) == 1  # the timer runs and finds nothing to do
    await chat.flush()
    assert _to((app,), BEN) == [] and _to((app,), MO) == []
    [esc] = await escalations(app)
    assert (esc.status, esc.acknowledged_by, esc.next_alert_at) == ("acknowledged", "ana", None)


async def test_two_workers_claim_the_same_timer_once(
    app: AppContext, worker_b: AppContext, chat: Chat, clock: FixedClock
) -> None:
    await chat.say(RISK)
    clock.advance(minutes=5)
    handled = await asyncio.gather(run_due_items(app), run_due_items(worker_b))
    assert sorted(handled) == [0, 1]
    async with app.db.session() as s:
        items = (await s.exec(select(ScheduledItem).order_by(col(ScheduledItem.id)))).all()
    assert [(i.status, i.attempts) for i in items] == [("done", 1), ("pending", 0)]  # the next rung, once
    await asyncio.gather(dispatch_due(app), dispatch_due(worker_b))
    both = (app, worker_b)
    assert _to(both, BEN) == ["alert_again"] and _to(both, ANA) == ["alert_new", "alert_again"]
    assert [e.details["to"] for e in await audit(app, "escalation.alerted")] == ["ana", "ana", "ben"]


async def test_two_workers_send_each_outbox_row_once(app: AppContext, worker_b: AppContext) -> None:
    async with app.db.session() as s:
        contact = Contact(channel="sms", address="+447700900010", first_seen=app.now(), last_seen=app.now())
        s.add(contact)
        await s.commit()
        ids = []
        for i in range(12):
            priority = Priority.CRISIS if i % 4 == 0 else Priority.REPLY
            row = await enqueue(s, contact, f"text {i}", now=app.now(), priority=priority)
            await s.flush()
            ids.append(row.id)
        await s.commit()
    await asyncio.gather(dispatch_due(app), dispatch_due(worker_b))
    sent = [mid for mid, _, _ in _sent(app, worker_b)]
    assert sorted(sent) == sorted(ids)  # every row sent, none twice
    async with app.db.session() as s:
        statuses = (await s.exec(select(Message.status).where(Message.direction == "out"))).all()
    assert set(statuses) == {"sent"}


async def test_two_practitioners_acknowledge_at_once_and_one_wins(
    app: AppContext, worker_b: AppContext, chat: Chat
) -> None:
    await chat.say(RISK)
    [esc] = await escalations(app)
    ana, ben = chat.as_(ANA), Chat(worker_b, BEN)
    await asyncio.gather(ana.say(f"ACK {esc.ref}"), ben.say(f"ACK {esc.ref}"))
    both = (app, worker_b)  # either worker may dispatch either reply
    answers = {
        who: [k for k in _to(both, number) if k.startswith("ack_")]
        for who, number in (("ana", ANA), ("ben", BEN))
    }
    assert sorted(answers["ana"] + answers["ben"]) == ["ack_ok", "ack_taken"]
    [esc] = await escalations(app)
    winner = "ana" if answers["ana"] == ["ack_ok"] else "ben"
    assert (esc.status, esc.acknowledged_by) == ("acknowledged", winner)
    assert [e.actor for e in await audit(app, "escalation.acknowledged")] == [f"practitioner:{winner}"]
    assert len(await audit(app, "escalation.refused")) == 1
