"""PostgreSQL: a pooled connection is pinged before use only when it sat idle (bot/storage/pool_ping.py).

A connection in use a moment ago is handed out with no ping (one round trip fewer per session); one idle
longer than the threshold is pinged; and one that died while idle (the server ended it) is replaced at
checkout, so the caller's statement runs on a new connection instead of failing.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from typing import Any

import pytest
from sqlalchemy import text

import bot.storage.pool_ping as pool_ping
from bot.storage.db import Database, PoolSettings

pytestmark = pytest.mark.postgres


class FakeTime:
    """Stands in for the ``time`` module in pool_ping: the test moves the clock."""

    def __init__(self) -> None:
        self.now = 1000.0

    def monotonic(self) -> float:
        return self.now


@pytest.fixture
def fake_time(monkeypatch: pytest.MonkeyPatch) -> FakeTime:
    fake = FakeTime()
    monkeypatch.setattr(pool_ping, "time", fake)
    return fake


@pytest.fixture
async def db() -> AsyncIterator[Database]:
    url = os.environ.get("WAYMARK_TEST_POSTGRES_URL")
    if not url:
        pytest.skip("WAYMARK_TEST_POSTGRES_URL not set")
    database = Database(url, pool=PoolSettings(pool_size=1, max_overflow=0))
    yield database
    await database.dispose()


def count_pings(db: Database) -> list[int]:
    dialect: Any = db.engine.sync_engine.dialect
    real = dialect.do_ping
    pings = [0]

    def counted(conn: Any) -> bool:
        pings[0] += 1
        result: bool = real(conn)
        return result

    dialect.do_ping = counted
    return pings


async def backend_pid(db: Database) -> int:
    async with db.engine.connect() as conn:
        return int((await conn.execute(text("SELECT pg_backend_pid()"))).scalar_one())


async def test_a_connection_used_a_moment_ago_is_not_pinged(db: Database, fake_time: FakeTime) -> None:
    pings = count_pings(db)
    first = await backend_pid(db)  # a new connection: never pinged
    fake_time.now += pool_ping.IDLE_SECONDS / 2
    assert await backend_pid(db) == first
    assert pings[0] == 0


async def test_an_idle_connection_is_pinged_before_use(db: Database, fake_time: FakeTime) -> None:
    pings = count_pings(db)
    first = await backend_pid(db)
    fake_time.now += pool_ping.IDLE_SECONDS + 1
    assert await backend_pid(db) == first  # alive: the same connection, after one ping
    assert pings[0] == 1


async def test_a_connection_that_died_while_idle_is_replaced_at_checkout(
    db: Database, fake_time: FakeTime
) -> None:
    first = await backend_pid(db)
    other = Database(db.url, pool=PoolSettings(pool_size=1, max_overflow=0))
    try:
        async with other.engine.connect() as conn:
            await conn.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": first})
    finally:
        await other.dispose()
    fake_time.now += pool_ping.IDLE_SECONDS + 1
    assert await backend_pid(db) != first  # the caller never saw the dead connection
