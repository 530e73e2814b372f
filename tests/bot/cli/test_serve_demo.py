"""`serve --demo` loads the demo data in one start-up step whose connections are closed in that step's own
event loop (bot/cli/serve.py): on PostgreSQL, closing them from a later step's loop logged errors."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

import pytest
from sqlmodel import select

from bot.app.clock import FixedClock
from bot.cli.serve import load_demo_data
from bot.storage.models.schools import School
from tests.pg import BOTH, database_url_for
from tests.support import make_context, prepare_database


@pytest.fixture(params=BOTH)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    return database_url_for(request.param, tmp_path)


def test_the_demo_step_leaves_no_connection_for_a_later_loop(
    database_url: str, clock: FixedClock, caplog: pytest.LogCaptureFixture
) -> None:
    ctx = make_context(database_url, clock)

    async def ready() -> None:
        await prepare_database(ctx)
        await ctx.db.dispose()

    async def schools() -> int:
        async with ctx.db.read_session() as session:
            found = len((await session.exec(select(School))).all())
        await ctx.close()
        return found

    asyncio.run(ready())
    with caplog.at_level(logging.WARNING):
        asyncio.run(load_demo_data(ctx))  # start-up's step, in its own loop
        assert asyncio.run(schools()) > 0  # the next step, in another loop, on the same engine
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR], caplog.text
