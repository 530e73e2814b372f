"""A webhook's store claims the text it stores when nothing else of the contact waits (issue 17).

The claim is the same lease ``claim_earliest`` takes (attempt 1, ``claimed_until`` now + lease), written by
the INSERT itself, so the webhook's task processes the text with no claim transaction of its own. A text
stored while an earlier one of the contact waits is stored unclaimed: whoever processes the earlier one
takes it next, so order is kept. Nobody else (another task, the sweep) takes a claimed text before its
lease runs out. A new sender's contact is one upsert, and two first texts from one number at once make one
contact.
"""

from __future__ import annotations

import asyncio
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event
from sqlmodel import col, select

from bot.app.clock import FixedClock
from bot.app.context import AppContext
from bot.channels.base import InboundMessage
from bot.messaging.inbound_claims import RecoveryPolicy
from bot.messaging.inbox import Ingested, ingest
from bot.messaging.pipeline import process_contact
from bot.messaging.recovery import sweep_inbox
from bot.storage.models import Contact, Message
from tests.pg import BOTH, database_url_for

POLICY = RecoveryPolicy()
NUMBER = "+447700900111"


@pytest.fixture(params=BOTH)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    return database_url_for(request.param, tmp_path)


async def store(
    app: AppContext, text: str, pid: str, *, claim: bool = True, sender: str = NUMBER
) -> Ingested:
    inbound = InboundMessage("sms", sender, text, pid, app.now())
    return await ingest(app, inbound, claim=POLICY if claim else None)


async def row(app: AppContext, message_id: int) -> Message:
    async with app.db.session() as s:
        found = await s.get(Message, message_id)
        assert found is not None
        return found


async def test_a_text_stored_with_nothing_waiting_is_claimed_for_its_worker(app: AppContext) -> None:
    stored = await store(app, "hi", "SM1")
    assert stored.claimed and not stored.duplicate
    msg = await row(app, stored.message_id)
    assert (msg.status, msg.attempts, msg.claimed_until) == ("received", 1, app.now() + POLICY.lease)


async def test_without_claim_the_store_leaves_the_text_unclaimed(app: AppContext) -> None:
    stored = await store(app, "hi", "SM1", claim=False)
    assert not stored.claimed
    msg = await row(app, stored.message_id)
    assert (msg.attempts, msg.claimed_until) == (0, None)


async def test_a_text_behind_a_waiting_one_is_not_claimed_and_order_is_kept(app: AppContext) -> None:
    first = await store(app, "hi", "SM1")
    second = await store(app, "menu", "SM2")
    assert first.claimed and not second.claimed
    assert (await row(app, second.message_id)).claimed_until is None
    # the second text's own task finds the first still claimed: it must not overtake it
    assert await process_contact(app, second.contact_id) == []
    assert (await row(app, second.message_id)).status == "received"
    # the first text's task processes it, then the one behind it
    assert await process_contact(app, first.contact_id, claimed=first.message_id) == [
        first.message_id,
        second.message_id,
    ]
    assert (await row(app, second.message_id)).attempts == 1


async def test_a_claimed_text_is_left_alone_by_the_sweep_until_its_lease_runs_out(
    app: AppContext, clock: FixedClock
) -> None:
    stored = await store(app, "hi", "SM1")
    clock.advance(
        seconds=POLICY.grace.total_seconds() * 2
    )  # past the grace for a never-tried text, inside the lease
    await sweep_inbox(app)
    assert (await row(app, stored.message_id)).status == "received"
    clock.advance(seconds=POLICY.lease.total_seconds())  # its worker died: the lease ran out
    await sweep_inbox(app)
    msg = await row(app, stored.message_id)
    assert (msg.status, msg.attempts) == ("processed", 2)


async def test_a_redelivery_is_not_claimed_and_changes_nothing(app: AppContext) -> None:
    first = await store(app, "hi", "SM1")
    again = await store(app, "hi", "SM1")
    assert again.duplicate and not again.claimed and again.message_id == first.message_id


async def test_first_texts_from_one_number_at_once_make_one_contact(app: AppContext) -> None:
    stored = await asyncio.gather(*(store(app, "hi", f"SM{i}") for i in range(6)))
    assert len({s.contact_id for s in stored}) == 1
    async with app.db.session() as s:
        contacts = (await s.exec(select(Contact).where(col(Contact.address) == NUMBER))).all()
        assert len(contacts) == 1
        assert (contacts[0].language, contacts[0].opted_out) == (app.config.service.default_language, False)
        assert (
            len((await s.exec(select(Message).where(col(Message.contact_id) == contacts[0].id))).all()) == 6
        )
    # each store's task processes what it claimed (and what waits behind it): every text exactly once
    for done in stored:
        if done.claimed:
            await process_contact(app, done.contact_id, claimed=done.message_id)
    async with app.db.session() as s:
        mine = select(Message).where(
            col(Message.contact_id) == stored[0].contact_id, Message.direction == "in"
        )
        rows = (await s.exec(mine)).all()
        assert {(m.status, m.attempts) for m in rows} == {("processed", 1)}


async def test_a_returning_sender_keeps_their_contact_and_last_seen_moves_on(
    app: AppContext, clock: FixedClock
) -> None:
    first = await store(app, "hi", "SM1")
    clock.advance(seconds=POLICY.lease.total_seconds())
    later = await store(app, "menu", "SM2", sender=NUMBER)
    assert later.contact_id == first.contact_id
    async with app.db.session() as s:
        contact = await s.get(Contact, first.contact_id)
        assert contact is not None
        assert contact.last_seen == app.now()


async def test_a_redelivery_leaves_the_contacts_last_seen_where_it_was(
    app: AppContext, clock: FixedClock
) -> None:
    first = await store(app, "hi", "SM1")
    clock.advance(seconds=30)
    again = await store(app, "hi", "SM1")  # the whole store fails on the provider id: nothing of it stays
    assert again.duplicate
    async with app.db.session() as s:
        contact = await s.get(Contact, first.contact_id)
        assert contact is not None and contact.last_seen == app.now() - timedelta(seconds=30)


async def test_on_postgresql_the_store_is_one_statement_in_autocommit(app: AppContext) -> None:
    if app.db.is_sqlite:
        pytest.skip("PostgreSQL's store (bot/messaging/inbox_pg.py)")
    statements: list[str] = []
    listen = (app.db.engine.sync_engine, "before_cursor_execute")

    def on_statement(_conn: Any, _cursor: Any, statement: str, *_rest: Any) -> None:
        statements.append(statement.split()[0])

    event.listen(*listen, on_statement)
    try:
        new = await store(app, "hi", "SM1")
        known = await store(app, "menu", "SM2")
    finally:
        event.remove(*listen, on_statement)
    assert statements == ["WITH", "WITH"]  # no BEGIN or COMMIT either: autocommit
    assert new.contact_id == known.contact_id and new.claimed and not known.claimed  # "hi" still waits
    async with app.db.session() as s:
        ids = (await s.exec(select(Contact.id).where(col(Contact.address) == NUMBER))).all()
        assert ids == [new.contact_id]
