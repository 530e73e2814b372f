"""Quick texts from one contact are processed one at a time, in arrival order (issue 11, item 7).

Texts are stored in the order they arrived, then all processed at once (as the webhooks' background tasks
do): no "something went wrong", no reset, and a conversation answered text by text keeps every answer.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlmodel import col, select

from bot.app.clock import FixedClock
from bot.app.context import AppContext
from bot.channels.base import InboundMessage
from bot.messaging.contact_order import contact_locks
from bot.messaging.inbox import ingest
from bot.messaging.pipeline import process_inbound
from bot.messaging.runner import save_state
from bot.storage.models import AuditEvent, ConversationState, Message
from flows.engine import FlowState
from nlu import EmbeddedParser
from signposting.demo import load_demo
from signposting.shipped import load_national
from tests.pg import BOTH, database_url_for
from tests.support import make_context, prepare_database

NEW_NUMBER = "+447700900777"


@pytest.fixture(params=BOTH)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    return database_url_for(request.param, tmp_path)


async def store_in_order(app: AppContext, texts: list[str]) -> list[int]:
    ids = []
    for n, text in enumerate(texts):
        stored = await ingest(app, InboundMessage("sms", NEW_NUMBER, text, f"SM-order-{n}", app.now()))
        ids.append(stored.message_id)
    return ids


async def outbound_kinds(app: AppContext) -> list[str]:
    async with app.db.session() as s:
        rows = await s.exec(select(Message.kind).where(Message.direction == "out").order_by(col(Message.id)))
        return list(rows.all())


async def test_ten_quick_texts_from_a_new_number_get_no_error_and_no_reset(app: AppContext) -> None:
    texts = ["hi", "hello", "menu", "help", "hi there", "1", "menu", "hey", "help", "menu"]
    ids = await store_in_order(app, texts)
    results = await asyncio.gather(*(process_inbound(app, i) for i in ids))
    assert sum(results) >= 1
    async with app.db.session() as s:
        inbound = (await s.exec(select(Message).where(Message.direction == "in"))).all()
        states = (await s.exec(select(ConversationState))).all()
    assert {m.status for m in inbound} == {"processed"}
    assert [m for m in inbound if "error" in m.meta] == []
    kinds = await outbound_kinds(app)
    assert "error_sorry" not in kinds
    assert kinds[:2] == ["welcome", "privacy"] and kinds.count("welcome") == 1
    assert len(states) == 1
    assert len(contact_locks(app)) == 0, "no lock is kept once nobody waits for it"


@pytest.fixture
async def sp_app(database_url: str, clock: FixedClock) -> AsyncIterator[AppContext]:
    """The app with the embedded NLU and the shipped and Demo Borough directory."""
    app = make_context(database_url, clock, nlu=EmbeddedParser())
    await prepare_database(app)
    async with app.db.session() as session:
        await load_national(session)
        await load_demo(session)
        await session.commit()
    yield app
    await app.close()


async def test_need_age_and_area_sent_together_all_count(sp_app: AppContext) -> None:
    ids = await store_in_order(sp_app, ["i feel anxious", "14", "in Southwark"])
    await asyncio.gather(*(process_inbound(sp_app, i) for i in reversed(ids)))  # the last task runs first
    async with sp_app.db.session() as s:
        [sent] = (await s.exec(select(AuditEvent).where(AuditEvent.action == "signposting.sent"))).all()
    assert (sent.details["age"], sent.details["area"]) == (14, "Southwark")
    kinds = await outbound_kinds(sp_app)
    assert "signpost_ask_age" in kinds and "signpost_ask_area" in kinds and "signpost_intro" in kinds
    assert "error_sorry" not in kinds


async def test_saving_a_new_state_twice_upserts(app: AppContext) -> None:
    """Two saves of a contact's first state (each having loaded no row) leave one row, the later state."""
    ids = await store_in_order(app, ["hi"])
    async with app.db.session() as s:
        contact_id = (await s.get(Message, ids[0])).contact_id  # type: ignore[union-attr]
    for step in ("first", "second"):
        async with app.db.session() as s:
            await save_state(s, None, contact_id, FlowState("menu", step), app.now())
            await s.commit()
    async with app.db.session() as s:
        [row] = (await s.exec(select(ConversationState))).all()
    assert (row.flow, row.step) == ("menu", "second")
