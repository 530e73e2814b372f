"""`waymark bench trips` counter: round trips and statements per inbound text, by call site (SQLite)."""

from __future__ import annotations

import math

import aiosqlite
import pytest
from sqlalchemy import text

from bot.app.context import AppContext
from bot.bench.round_trips import counting
from bot.storage import sqlite_driver
from tests.support import Chat


@pytest.fixture(autouse=True)
def _write_transactions_stay_inline(monkeypatch: pytest.MonkeyPatch) -> None:
    """A write transaction's statements run inline only for its first INLINE_BUDGET_S (20 ms) of wall time,
    then hop (bot/storage/sqlite_driver.py). A cold first text, or any text on a loaded machine, can take
    longer, so the counts here depended on timing (run alone, the first text counted 19 hops for 17
    statements). These tests count the design's hops: here the budget never runs out. What happens past it
    is tested in tests/bot/storage/test_sqlite_driver.py."""
    monkeypatch.setattr(sqlite_driver, "INLINE_BUDGET_S", math.inf)


async def test_counts_an_inbound_text_by_call_site(app: AppContext, chat: Chat) -> None:
    await chat.say("hi")
    original = aiosqlite.Connection._execute
    with counting(app.db.engine) as tally:
        await chat.say("thanks")
    assert aiosqlite.Connection._execute is original  # unpatched again on the way out
    assert tally.statements > 0
    # a write session runs inline (no hop while the write lock is free), a read session hops per statement
    assert tally.round_trips < tally.statements
    assert sum(tally.sites.values()) == tally.round_trips
    assert sum(tally.sql.values()) == tally.statements
    assert any(sql.startswith("INSERT INTO message") for sql in tally.sql)


async def test_a_read_session_s_statement_is_a_hop_counted_at_its_call_site(app: AppContext) -> None:
    with counting(app.db.engine) as tally:
        async with app.db.read_session() as session:
            await session.exec(text("SELECT 1"))  # type: ignore[call-overload]
    assert tally.statements == 2  # BEGIN, SELECT
    assert tally.round_trips == 3 and tally.calls["rollback"] == 1  # and the read session's ROLLBACK
    assert all("test_round_trips.py:" in site for site in tally.sites)


async def test_counts_nothing_outside_the_block(app: AppContext, chat: Chat) -> None:
    with counting(app.db.engine) as tally:
        pass
    await chat.say("hi")
    assert tally.round_trips == 0 and tally.statements == 0


def test_bench_trips_counts_every_typical_text() -> None:
    from bot.bench.round_trips import CONVERSATION, bench_round_trips

    figures = bench_round_trips(top=3)
    texts = figures["texts"]
    assert [t["text"] for t in texts] == [label for label, _ in CONVERSATION]
    for t in texts:
        assert 0 <= t["round_trips"] < t["statements"]
        assert sum(t["calls"].values()) == t["round_trips"]
        assert len(t["top_sites"]) <= 3
    assert figures["round_trips_total"] == sum(t["round_trips"] for t in texts)
