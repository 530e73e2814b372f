"""A risk text is processed in its webhook, before the answer; any other text after it, in a
background task (bot/messaging/crisis_lane.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlmodel import select
from starlette.background import BackgroundTasks

from bot.app.context import AppContext
from bot.channels.base import InboundMessage
from bot.messaging.crisis_lane import needs_urgent, process_after_store, process_later
from bot.messaging.inbox import ingest
from bot.storage.models import Message
from bot.storage.models.messages import PROCESSED, RECEIVED
from flows.engine import Priority
from tests.pg import BOTH, database_url_for

RISK = "i want to kill myself tonight"


@pytest.fixture(params=BOTH)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    return database_url_for(request.param, tmp_path)


async def _rows(app: AppContext, direction: str) -> list[Message]:
    async with app.db.session() as s:
        return list((await s.exec(select(Message).where(Message.direction == direction))).all())


def test_the_webhook_screen_flags_risk_and_not_everyday_texts(app: AppContext) -> None:
    assert needs_urgent(app, RISK) and needs_urgent(app, "  I WANT TO KILL MYSELF  ")
    assert not needs_urgent(app, "hi") and not needs_urgent(app, "what time is my appointment")


async def test_a_risk_text_is_processed_before_the_answer(app: AppContext) -> None:
    background = BackgroundTasks()
    earlier = await ingest(app, InboundMessage("sms", "+447700900002", "hi", "SM1", app.now()))
    stored = await ingest(app, InboundMessage("sms", "+447700900002", RISK, "SM2", app.now()))
    assert await process_after_store(app, stored, RISK, background) is True
    assert not background.tasks, "nothing left for after the answer"
    statuses = {m.id: m.status for m in await _rows(app, "in")}
    assert statuses == {earlier.message_id: PROCESSED, stored.message_id: PROCESSED}  # oldest first
    crisis = [m for m in await _rows(app, "out") if m.priority == Priority.CRISIS]
    assert crisis and crisis[0].kind.startswith("crisis")


async def test_an_everyday_text_is_processed_after_the_answer(app: AppContext) -> None:
    background = BackgroundTasks()
    stored = await ingest(app, InboundMessage("sms", "+447700900003", "hi", "SM3", app.now()))
    assert await process_after_store(app, stored, "hi", background) is False
    assert [t.func for t in background.tasks] == [process_later]
    assert [m.status for m in await _rows(app, "in")] == [RECEIVED]
    assert await _rows(app, "out") == []
    await background()  # what Starlette runs after the response
    assert [m.status for m in await _rows(app, "in")] == [PROCESSED]
    assert len(await _rows(app, "out")) == 3  # welcome, privacy, menu


async def test_a_redelivery_does_nothing(app: AppContext) -> None:
    background = BackgroundTasks()
    inbound = InboundMessage("sms", "+447700900004", RISK, "SM4", app.now())
    first = await ingest(app, inbound)
    assert await process_after_store(app, first, RISK, background) is True
    again = await ingest(app, inbound)
    assert await process_after_store(app, again, RISK, background) is False
    assert not background.tasks
    assert len([m for m in await _rows(app, "out") if m.priority == Priority.CRISIS]) == 1
