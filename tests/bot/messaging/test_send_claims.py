"""Claiming outbox rows (bot/messaging/send_claims.py): on PostgreSQL a row another worker is claiming right
now is skipped, not waited for; the claim returns what the send needs."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from sqlalchemy import text

from bot.app.context import AppContext
from bot.messaging.outbox import enqueue
from bot.messaging.send_claims import Claimed, claim_and_prepare
from bot.messaging.workers import Worker
from bot.storage.models import Contact
from flows.engine import Priority
from tests.pg import BOTH, database_url_for


@pytest.fixture(params=BOTH)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    return database_url_for(request.param, tmp_path)


async def _queue(app: AppContext, n: int) -> list[int]:
    ids = []
    async with app.db.session() as s:
        for i in range(n):
            c = Contact(channel="sms", address=f"+44770090{i:04d}", first_seen=app.now(), last_seen=app.now())
            s.add(c)
            await s.flush()
            row = await enqueue(s, c, f"text {i}", now=app.now(), priority=Priority.REPLY)
            await s.flush()
            assert row.id is not None
            ids.append(row.id)
        await s.commit()
    return ids


async def test_the_claim_returns_the_text_to_send_in_the_order_asked(app: AppContext) -> None:
    first, second = await _queue(app, 2)
    got = await claim_and_prepare(app, Worker.create(), [second, first], app.now())
    assert all(isinstance(c, Claimed) for c in got)
    assert [(c.out.message_id, c.out.text, c.out.to) for c in got if c is not None] == [
        (second, "text 1", "+447700900001"),
        (first, "text 0", "+447700900000"),
    ]
    assert await claim_and_prepare(app, Worker.create(), [first, second], app.now()) == []  # taken


@pytest.mark.postgres
async def test_a_row_being_claimed_by_another_worker_is_skipped_not_waited_for(
    app: AppContext, database_url: str
) -> None:
    if not database_url.startswith("postgresql"):
        pytest.skip("row locks: PostgreSQL only")
    locked, free = await _queue(app, 2)
    async with app.db.engine.connect() as other:  # another worker's claim, not committed yet
        await other.execute(text("SELECT id FROM message WHERE id = :i FOR UPDATE"), {"i": locked})
        got = await asyncio.wait_for(claim_and_prepare(app, Worker.create(), [locked, free], app.now()), 10)
        await other.rollback()
    assert [c.out.message_id for c in got if c is not None] == [free]
    again = await claim_and_prepare(app, Worker.create(), [locked], app.now())  # released: claimable
    assert [c.out.message_id for c in again if c is not None] == [locked]
