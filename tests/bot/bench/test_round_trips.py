"""`waymark bench trips` counter: round trips and statements per inbound text, by call site (SQLite)."""

from __future__ import annotations

import aiosqlite

from bot.app.context import AppContext
from bot.bench.round_trips import counting
from tests.support import Chat


async def test_counts_an_inbound_text_by_call_site(app: AppContext, chat: Chat) -> None:
    await chat.say("hi")
    original = aiosqlite.Connection._execute
    with counting(app.db.engine) as tally:
        await chat.say("thanks")
    assert aiosqlite.Connection._execute is original  # unpatched again on the way out
    assert tally.statements > 0
    # a write session hops once (its BEGIN IMMEDIATE; the rest runs inline), a read session per statement
    assert 0 < tally.round_trips < tally.statements
    assert sum(tally.sites.values()) == tally.round_trips
    assert sum(tally.sql.values()) == tally.statements
    assert any(site.startswith("bot/messaging/pipeline.py:") for site in tally.sites)
    assert any(sql.startswith("INSERT INTO message") for sql in tally.sql)


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
        assert 0 < t["round_trips"] < t["statements"]
        assert sum(t["calls"].values()) == t["round_trips"]
        assert len(t["top_sites"]) <= 3
    assert figures["round_trips_total"] == sum(t["round_trips"] for t in texts)
