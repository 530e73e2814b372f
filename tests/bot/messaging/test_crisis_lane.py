"""A risk text is processed in its webhook, before the answer; any other text after it, in a
background task (bot/messaging/crisis_lane.py)."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

import pytest
from sqlmodel import select
from starlette.background import BackgroundTasks

from bot.app.context import AppContext
from bot.channels.base import InboundMessage
from bot.messaging import crisis_lane
from bot.messaging.crisis_lane import (
    finish_detached,
    needs_urgent,
    process_after_store,
    process_detached,
    process_later,
)
from bot.messaging.inbox import ingest
from bot.storage.models import Message
from bot.storage.models.messages import PROCESSED, RECEIVED
from bot.web.app import create_app
from flows.engine import Priority
from tests.pg import BOTH, database_url_for

RISK = "i want to kill myself tonight"
WAIT_S = 30.0  # a bound on waiting for a condition, never a pause


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


async def test_detached_an_everyday_text_is_processed_in_a_task_of_its_own(app: AppContext) -> None:
    """`waymark serve` (create_app(detach=True)): nothing is left to the request after its answer, so the
    request is freed; the text is processed by its own task, which the app's lifespan waits for."""
    app.detached = set()
    background = BackgroundTasks()
    stored = await ingest(app, InboundMessage("sms", "+447700900004", "hi", "SM4", app.now()))
    assert await process_after_store(app, stored, "hi", background) is False
    assert not background.tasks, "nothing held by the request"
    assert len(app.detached) == 1
    assert await finish_detached(app, timeout=WAIT_S) == 0
    assert not app.detached
    assert [m.status for m in await _rows(app, "in")] == [PROCESSED]
    assert len(await _rows(app, "out")) == 3  # welcome, privacy, menu


async def test_detached_a_risk_text_is_still_processed_before_the_answer(app: AppContext) -> None:
    app.detached = set()
    stored = await ingest(app, InboundMessage("sms", "+447700900005", RISK, "SM5", app.now()))
    assert await process_after_store(app, stored, RISK, BackgroundTasks()) is True
    assert not app.detached
    assert [m.status for m in await _rows(app, "in")] == [PROCESSED]


async def test_stopping_waits_for_detached_texts_then_leaves_the_rest_to_the_sweep(
    app: AppContext, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """The lifespan's end waits for the detached tasks up to its bound, then cancels the rest: their texts
    stay stored and leased (the sweep takes them), and a task that failed is logged by its type alone."""
    app.detached = set()
    held = asyncio.Event()

    async def stuck(_app: AppContext, _contact: int, _claimed: int | None = None) -> None:
        await held.wait()

    async def failing(_app: AppContext, _contact: int, _claimed: int | None = None) -> None:
        raise KeyError("+447700900007 private")

    monkeypatch.setattr(crisis_lane, "process_later", stuck)
    process_detached(app, 1, None)
    monkeypatch.setattr(crisis_lane, "process_later", failing)
    with caplog.at_level(logging.ERROR):
        process_detached(app, 2, None)
        assert await finish_detached(app, timeout=0.05) == 1, "the stuck one was cancelled"
    assert not app.detached
    assert "processing after the answer failed (KeyError)" in caplog.text
    assert "+447700900007" not in caplog.text


async def test_the_app_lifespan_waits_for_detached_texts(app: AppContext) -> None:
    web = create_app(app, background=False, detach=True)
    async with web.router.lifespan_context(web):
        stored = await ingest(app, InboundMessage("sms", "+447700900006", "hi", "SM6", app.now()))
        await process_after_store(app, stored, "hi", BackgroundTasks())
    async with app.db.session() as s:  # (the lifespan closed the context's database: a new pool opens)
        rows = (await s.exec(select(Message).where(Message.direction == "in"))).all()
    assert [m.status for m in rows] == [PROCESSED]
