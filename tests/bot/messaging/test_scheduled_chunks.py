"""Due scheduled items are claimed in one statement and run in chunks: two claims never share an item, and
an item that fails is retried alone while the rest of its chunk is done (bot/messaging/jobs.py)."""

from __future__ import annotations

import asyncio
import datetime as dt
from pathlib import Path

import pytest
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.app.context import AppContext
from bot.messaging.jobs import claim_due, run_due_items
from bot.storage.models import Contact, ConversationState, Message, ScheduledItem
from bot.storage.models.scheduled import CLAIMED, DONE, PENDING
from flows.signposting_effects import FOLLOWUP_KIND
from tests.pg import BOTH, database_url_for

BOOM = "bench_boom"


@pytest.fixture(params=BOTH)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    return database_url_for(request.param, tmp_path)


async def _due_items(app: AppContext, kinds: list[str]) -> list[int]:
    """A new contact per kind, each with one item of that kind due now; the item ids."""
    now = app.now()
    async with app.db.session() as s:
        items = []
        for i, kind in enumerate(kinds):
            contact = Contact(channel="sms", address=f"+4477009{i:05d}", first_seen=now, last_seen=now)
            s.add(contact)
            await s.flush()
            payload = {"record_id": 1, "service_name": "Kooth"}
            item = ScheduledItem(
                due_at=now, kind=kind, contact_id=contact.id, payload=payload, status=PENDING, created_at=now
            )
            s.add(item)
            items.append(item)
        await s.commit()
        return [i.id for i in items if i.id is not None]


async def test_two_claims_at_once_never_share_an_item(app: AppContext) -> None:
    ids = await _due_items(app, [FOLLOWUP_KIND] * 8)
    first, second = await asyncio.gather(claim_due(app, app.now(), 5), claim_due(app, app.now(), 5))
    got = [i for i, _ in first] + [i for i, _ in second]
    assert sorted(got) == sorted(ids), "every item claimed once"
    assert len(first) == 5 or len(second) == 5
    async with app.db.read_session() as s:
        rows = (await s.exec(select(ScheduledItem).where(col(ScheduledItem.id).in_(ids)))).all()
        assert {(r.status, r.attempts) for r in rows} == {(CLAIMED, 1)}


async def test_a_failing_item_is_retried_alone_and_the_rest_of_its_chunk_is_done(app: AppContext) -> None:
    async def boom(_app: AppContext, _session: AsyncSession, _item: ScheduledItem) -> None:
        raise RuntimeError("this job fails")

    app.jobs[BOOM] = boom
    ids = await _due_items(app, [FOLLOWUP_KIND, BOOM, FOLLOWUP_KIND, FOLLOWUP_KIND])

    assert await run_due_items(app) == 4

    async with app.db.read_session() as s:  # (read inside: the read session's rollback expires the rows)
        items = {
            r.id: (r.status, r.error, r.attempts, r.due_at) for r in (await s.exec(select(ScheduledItem)))
        }
        texts = (await s.exec(select(Message.contact_id).where(Message.direction == "out"))).all()
        states = (await s.exec(select(ConversationState.contact_id, ConversationState.flow))).all()
        contacts = dict((await s.exec(select(ScheduledItem.id, ScheduledItem.contact_id))).all())
    status, error, attempts, due_at = items[ids[1]]
    assert (status, error, attempts) == (PENDING, "RuntimeError", 1)
    assert due_at > app.now() + dt.timedelta(seconds=59), "retried later, with backoff"
    followups = [ids[0], ids[2], ids[3]]
    assert [items[i][0] for i in followups] == [DONE] * 3
    asked = sorted(c for i, c in contacts.items() if i in followups and c is not None)
    assert sorted(c for c in texts if c is not None) == asked, "one question each, none twice"
    assert sorted(c for c, flow in states if flow) == asked
