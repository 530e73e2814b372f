"""The pipeline's plain writes: a text's replies in one statement, in order, after rows the session still
had to insert; a contact's state written now, with a row loaded in the session kept in step."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import inspect as sa_inspect
from sqlmodel import col, select

from bot.messaging.outbox import enqueue, insert_outbound, outbound_values
from bot.messaging.runner import write_state
from bot.storage.db import Database
from bot.storage.migrate import upgrade_async
from bot.storage.models import Contact, ConversationState, Message
from flows.engine import FlowState

NOW = dt.datetime(2026, 12, 5, 12, 0, tzinfo=dt.UTC)


async def _db(tmp_path: Path) -> Database:
    url = f"sqlite:///{tmp_path / 'w.db'}"
    await upgrade_async(url)
    return Database(url)


async def _contact(db: Database) -> Contact:
    async with db.session() as session:
        contact = Contact(channel="sms", address="+447700900001", first_seen=NOW, last_seen=NOW)
        session.add(contact)
        await session.commit()
        return contact


async def test_replies_keep_their_order_after_rows_the_session_had_not_written(tmp_path: Path) -> None:
    db = await _db(tmp_path)
    try:
        contact = await _contact(db)
        async with db.session() as session:
            await enqueue(session, contact, "pending first", now=NOW)  # an ORM row, not yet flushed
            rows = [outbound_values(contact, f"reply {i}", now=NOW, choices=("Yes", "No")) for i in (1, 2)]
            await insert_outbound(session, rows)
            await session.commit()
        async with db.read_session() as session:
            out = (await session.exec(select(Message).order_by(col(Message.id)))).all()
            assert [m.body.splitlines()[0] for m in out] == ["pending first", "reply 1", "reply 2"]
            assert (out[1].status, out[1].choices, out[1].next_attempt_at) == ("queued", ["Yes", "No"], NOW)
    finally:
        await db.dispose()


async def test_write_state_writes_now_and_keeps_a_loaded_row_in_step(tmp_path: Path) -> None:
    db = await _db(tmp_path)
    try:
        contact = await _contact(db)
        assert contact.id is not None
        async with db.session() as session:
            await write_state(session, None, contact.id, FlowState("menu", "start"), NOW)  # no row yet
            await session.commit()
        async with db.session() as session:
            row = await session.get(ConversationState, contact.id)
            assert row is not None and row.flow == "menu"
            await write_state(session, row, contact.id, FlowState("find_support", "ask"), NOW)
            assert row.flow == "find_support" and not sa_inspect(row).modified  # in step, nothing to flush
            await session.commit()
        async with db.read_session() as session:
            stored = await session.get(ConversationState, contact.id)
            assert stored is not None and (stored.flow, stored.step) == ("find_support", "ask")
    finally:
        await db.dispose()


async def test_write_state_leaves_a_row_the_session_has_yet_to_insert_to_the_flush(tmp_path: Path) -> None:
    db = await _db(tmp_path)
    try:
        contact = await _contact(db)
        assert contact.id is not None
        async with db.session() as session:
            row = ConversationState(contact_id=contact.id, flow="menu", step="start", updated_at=NOW)
            session.add(row)  # pending: an upsert now would make the flush's INSERT fail
            await write_state(session, row, contact.id, FlowState("find_support", "ask"), NOW)
            await session.commit()
        async with db.read_session() as session:
            stored = await session.get(ConversationState, contact.id)
            assert stored is not None and stored.flow == "find_support"
    finally:
        await db.dispose()
