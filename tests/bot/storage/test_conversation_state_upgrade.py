"""A contact mid-conversation during the deploy of migration 0007 (run stack, typed slots) carries on."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import sqlalchemy as sa

from bot.app.clock import FixedClock
from bot.messaging.runner import load_state
from bot.storage.migrate import upgrade_async
from flows.engine import Reroute, UserText
from flows.find_support import FIND_SUPPORT
from flows.signposting_effects import SearchQuery
from tests.flows.helpers import ctx, only
from tests.support import make_context

NOW = dt.datetime(2026, 11, 17, 10, 0, tzinfo=dt.UTC)


async def test_a_state_stored_before_0007_loads_and_the_search_carries_on(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.db'}"
    await upgrade_async(url, "0006_dispatch_claims")
    engine = sa.create_engine(url)
    with engine.begin() as conn:  # what the old code wrote: old slot shapes, no stack, no retries
        conn.execute(
            sa.text(
                "INSERT INTO contact (id, channel, address, language, opted_out, unreachable, first_seen,"
                " last_seen) VALUES (1, 'sms', '+447700900001', 'en', 0, 0, :now, :now)"
            ),
            {"now": NOW.isoformat()},
        )
        conn.execute(
            sa.text(
                "INSERT INTO conversation_state (contact_id, flow, step, slots, expires_at, updated_at)"
                " VALUES (1, 'find_support', 'age', :slots, :later, :now)"
            ),
            {"slots": '{"need": "sleep", "asked_again": true}', "now": NOW.isoformat(),
             "later": (NOW + dt.timedelta(hours=1)).isoformat()},
        )  # fmt: skip
    engine.dispose()
    await upgrade_async(url)
    app = make_context(url, FixedClock(NOW))
    try:
        async with app.db.session() as session:
            _, state = await load_state(session, 1)
    finally:
        await app.close()
    assert (state.flow, state.step, state.stack, state.retries) == ("find_support", "age", (), 0)
    # the old 'asked_again' counts as the one re-ask used; a real answer searches for the need stored
    assert FIND_SUPPORT.handle(state, UserText("qwerty"), ctx()).effects == (Reroute("qwerty"),)
    searched = FIND_SUPPORT.handle(state, UserText("14"), ctx())
    assert only(searched, SearchQuery) == SearchQuery("sleep", 14, "Demo Borough")
