"""One scheduler leader on PostgreSQL, even after the leader's lock connection is cut (issue 11, item 10).

`pg_terminate_backend` on the leader's lock connection frees the advisory lock; the other worker takes it
on its next tick, and the old leader, re-checking on its own next tick, steps down and runs nothing.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import AsyncIterator

import pytest
from sqlalchemy import text

from bot.app.clock import FixedClock
from bot.app.context import AppContext
from bot.messaging.scheduler import Background
from bot.storage.models import ScheduledItem
from tests.pg import reset_schema
from tests.support import make_context

pytestmark = pytest.mark.postgres


@pytest.fixture
def database_url() -> str:
    url = os.environ.get("WAYMARK_TEST_POSTGRES_URL")
    if not url:
        pytest.skip("WAYMARK_TEST_POSTGRES_URL not set")
    reset_schema(url)
    return url


@pytest.fixture
async def workers(app: AppContext, clock: FixedClock, database_url: str) -> AsyncIterator[list[Background]]:
    """Two workers' background loops (not started: the test drives their ticks), each with its own engine."""
    other = make_context(database_url, clock)
    ran: list[tuple[str, int | None]] = []
    for name, ctx in (("first", app), ("second", other)):

        async def job(_app: AppContext, _session: object, item: ScheduledItem, name: str = name) -> None:
            ran.append((name, item.id))

        ctx.jobs["probe"] = job  # type: ignore[assignment]
    first, second = Background(app), Background(other)
    first.ran = second.ran = ran  # type: ignore[attr-defined]
    yield [first, second]
    for worker in (first, second):
        await worker.stop()
    await other.close()


async def lock_pid(worker: Background) -> int:
    assert worker._lock_conn is not None
    return int((await worker._lock_conn.execute(text("SELECT pg_backend_pid()"))).scalar_one())


async def add_item(app: AppContext) -> None:
    async with app.db.session() as s:
        s.add(ScheduledItem(due_at=app.now() - dt.timedelta(seconds=1), kind="probe", created_at=app.now()))
        await s.commit()


async def test_the_leader_steps_down_when_its_lock_connection_is_terminated(
    app: AppContext, workers: list[Background]
) -> None:
    first, second = workers
    assert await first.check_leadership() is True
    assert await second.check_leadership() is False
    assert await first.check_leadership() is True, "a held lock is kept"

    async with app.db.engine.connect() as admin:
        await admin.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": await lock_pid(first)})

    await add_item(app)
    await second._items()  # the second worker's tick: the lock is free, it leads and runs the item
    assert second.leader is True
    await add_item(app)
    await first._items()  # the old leader's tick: it finds its lock gone, steps down, runs nothing
    assert first.leader is False and first._lock_conn is None
    await second._items()
    assert [name for name, _ in first.ran] == ["second", "second"]  # type: ignore[attr-defined]

    await second.stop()  # the second worker stops: the first takes over on its next tick
    assert await first.check_leadership() is True
