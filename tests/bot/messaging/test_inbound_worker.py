"""SQLite: the webhooks' texts are processed by one worker per database, a few per transaction, with the
event loop given back between transactions (bot/messaging/inbound_worker.py)."""

from __future__ import annotations

import asyncio
import itertools
from typing import Any

import pytest
from sqlalchemy import event
from sqlmodel import select

import bot.messaging.inbound_worker as inbound_worker
import bot.messaging.pipeline as pipeline
from bot.app.context import AppContext
from bot.channels.base import InboundMessage
from bot.messaging.contact_order import contact_lock
from bot.messaging.crisis_lane import process_later
from bot.messaging.inbound_claims import policy_for
from bot.messaging.inbox import ingest
from bot.messaging.intake import intake_gauge
from bot.storage.models import Message
from bot.storage.models.messages import PROCESSED, RECEIVED


async def _store(
    app: AppContext, sender: int, text: str = "hi", pid: str | None = None
) -> tuple[int, int, int | None]:
    inbound = InboundMessage("sms", f"+4477009{sender:05d}", text, pid or f"SM{sender}-{text}", app.now())
    stored = await ingest(app, inbound, claim=policy_for(app))
    return stored.contact_id, stored.message_id, stored.message_id if stored.claimed else None


async def _messages(app: AppContext, direction: str) -> list[Message]:
    async with app.db.session() as s:  # (a read session's rollback would expire the rows)
        return list((await s.exec(select(Message).where(Message.direction == direction))).all())


def _count_write_transactions(app: AppContext) -> list[int]:
    begun = [0]

    def on_statement(_conn: Any, _cursor: Any, statement: str, *_rest: Any) -> None:
        begun[0] += statement.startswith("BEGIN IMMEDIATE")

    event.listen(app.db.engine.sync_engine, "before_cursor_execute", on_statement)
    return begun


async def test_texts_of_many_contacts_share_transactions_and_each_gets_its_replies(
    app: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(inbound_worker, "BATCH_BUDGET_S", 60.0)  # no budget: one batch takes them all
    stored = [await _store(app, n) for n in range(12)]
    begun = _count_write_transactions(app)
    await asyncio.gather(*(process_later(app, contact, claimed) for contact, _, claimed in stored))
    assert {m.status for m in await _messages(app, "in")} == {PROCESSED}
    replies = await _messages(app, "out")
    assert len(replies) == 3 * 12  # welcome, privacy, menu for each, once
    assert {m.contact_id for m in replies} == {contact for contact, _, _ in stored}
    assert begun[0] < 12, "several texts shared a transaction"


async def test_the_event_loop_gets_a_turn_between_transactions(
    app: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With the budget spent after each text, every text is a transaction of its own, and other tasks
    (a webhook) run between any two of them: none waits behind the whole queue."""
    monkeypatch.setattr(inbound_worker, "BATCH_BUDGET_S", 0.0)
    stored = [await _store(app, n) for n in range(5)]
    seen: list[str] = []
    real = pipeline._process

    async def recorded(*args: Any) -> bool:
        seen.append("text")
        return await real(*args)

    monkeypatch.setattr(pipeline, "_process", recorded)
    work = asyncio.gather(*(process_later(app, contact, claimed) for contact, _, claimed in stored))
    while not work.done():
        seen.append("tick")
        await asyncio.sleep(0)
    await work
    texts = [i for i, what in enumerate(seen) if what == "text"]
    assert len(texts) == 5
    assert all(b - a > 1 for a, b in itertools.pairwise(texts)), seen


async def test_a_failing_text_does_not_hold_back_the_others_of_its_batch(
    app: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(inbound_worker, "BATCH_BUDGET_S", 60.0)
    stored = [await _store(app, n) for n in range(4)]
    bad = stored[2][1]
    real = pipeline._process

    async def flaky(app_: AppContext, session: Any, message_id: int) -> bool:
        if message_id == bad:
            raise RuntimeError("a bug")
        return await real(app_, session, message_id)

    monkeypatch.setattr(pipeline, "_process", flaky)
    await asyncio.gather(*(process_later(app, contact, claimed) for contact, _, claimed in stored))
    inbound = {m.id: m for m in await _messages(app, "in")}
    assert {m.status for m in inbound.values()} == {PROCESSED}, "the batch failed, then each went alone"
    assert inbound[bad].meta.get("error") == "pipeline_failed"  # safe mode: screened, an apology
    assert [m.meta.get("error") for i, m in inbound.items() if i != bad] == [None, None, None]
    replies = await _messages(app, "out")
    assert [m.kind for m in replies if m.contact_id == stored[2][0]] == ["error_sorry"]
    assert len([m for m in replies if m.contact_id != stored[2][0]]) == 3 * 3


async def test_a_contact_busy_elsewhere_waits_and_a_later_text_follows_in_order(app: AppContext) -> None:
    """A contact whose lock another task holds (the crisis lane, the sweep) is not batched: its text waits
    for the lock. A second text stored meanwhile (not claimed: the first waits) is processed after it."""
    contact, first, claimed = await _store(app, 1, "hi")
    _, second, not_claimed = await _store(app, 1, "menu")
    assert claimed == first and not_claimed is None
    other = await _store(app, 2, "hi")
    async with contact_lock(app, contact):
        work = asyncio.gather(process_later(app, contact, claimed), process_later(app, other[0], other[2]))
        for _ in range(20):
            await asyncio.sleep(0)
        statuses = {m.id: m.status for m in await _messages(app, "in")}
        assert statuses[first] == statuses[second] == RECEIVED
        assert statuses[other[1]] == PROCESSED, "the other contact's text was not held up"
    await work
    inbound = {m.id: m for m in await _messages(app, "in")}
    assert inbound[first].status == inbound[second].status == PROCESSED
    assert inbound[first].processed_at is not None and inbound[second].processed_at is not None


async def test_processing_gives_way_to_a_webhook_being_answered(
    app: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The worker lets webhooks being answered run first (bot/messaging/intake.py), GIVE_WAY_TURNS at most."""
    monkeypatch.setattr(inbound_worker, "GIVE_WAY_TURNS", 10_000)
    contact, _, claimed = await _store(app, 3)
    with intake_gauge(app).receiving():
        work = asyncio.ensure_future(process_later(app, contact, claimed))
        for _ in range(20):
            await asyncio.sleep(0)
        assert [m.status for m in await _messages(app, "in")] == [RECEIVED]
    await work
    assert [m.status for m in await _messages(app, "in")] == [PROCESSED]


async def test_a_text_stored_behind_another_is_claimed_in_the_batch_in_order(
    app: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A contact's second text (not claimed at the store: the first waited) is claimed in a batch's
    transaction and processed after the first; nothing is processed twice."""
    monkeypatch.setattr(inbound_worker, "BATCH_BUDGET_S", 60.0)
    jobs = [await _store(app, 7, "hi"), await _store(app, 7, "menu"), await _store(app, 8, "hi")]
    assert jobs[1][2] is None, "stored behind the first"
    order: list[int] = []
    real = pipeline._process

    async def recorded(app_: AppContext, session: Any, message_id: int) -> bool:
        order.append(message_id)
        return await real(app_, session, message_id)

    monkeypatch.setattr(pipeline, "_process", recorded)
    begun = _count_write_transactions(app)
    await asyncio.gather(*(process_later(app, contact, claimed) for contact, _, claimed in jobs))
    assert begun[0] == 2, "two transactions: the first text alone, then the second with the other contact's"
    assert order.index(jobs[0][1]) < order.index(jobs[1][1])
    assert sorted(order) == sorted(m for _, m, _ in jobs), "each once"
    assert {m.status for m in await _messages(app, "in")} == {PROCESSED}
