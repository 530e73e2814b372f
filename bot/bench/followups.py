"""`waymark bench followups`: how long N due scheduled items take to run one by one through their flow.

Seeds N contacts, each with a signposting follow-up due now (the item `waymark bench load --scheduled`
inserts; bulk inserts, not timed), then runs the scheduler's item runner (bot/messaging/jobs.py) until none
is due, and reports the time, the CPU time per item, the SQL statements per item (counted, the same on any
machine) and whether each contact got exactly one text. SQLite in a temp folder by default; pass a
PostgreSQL URL (an EMPTY database: the bench migrates it and adds rows, and would run any item already due
there) to measure there.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

from sqlalchemy import event, func, insert
from sqlmodel import SQLModel, col, select

from bot.app.clock import FixedClock
from bot.bench.reminders import BENCH_NOW, insert_contacts
from bot.bench.support import on_database
from bot.storage.models import Message, ScheduledItem
from bot.storage.models.scheduled import DONE, PENDING
from flows.signposting_effects import FOLLOWUP_KIND

if TYPE_CHECKING:
    from bot.app.context import AppContext

CHUNK = 2000
PAYLOAD = {"record_id": 0, "service_name": "the bench service"}


async def seed_due_followups(app: AppContext, n: int) -> None:
    """N contacts (+447xxxxxxxxx numbers), each with a signposting follow-up due at BENCH_NOW."""
    item = SQLModel.metadata.tables["scheduled_item"]
    async with app.db.session() as session:
        conn = await session.connection()
        for lo in range(0, n, CHUNK):
            numbers = [f"+447{i:09d}" for i in range(lo, min(n, lo + CHUNK))]
            ids = await insert_contacts(conn, numbers, BENCH_NOW)
            await conn.execute(
                insert(item),
                [
                    {"due_at": BENCH_NOW, "kind": FOLLOWUP_KIND, "contact_id": cid, "status": PENDING,
                     "attempts": 0, "payload": PAYLOAD, "created_at": BENCH_NOW}
                    for cid in ids
                ],
            )  # fmt: skip
        await session.commit()


async def _counts(app: AppContext) -> dict[str, int]:
    texts = col(Message.direction) == "out"
    queries: dict[str, Any] = {
        "texts": select(func.count()).select_from(Message).where(texts),
        "contacts_texted": select(func.count(func.distinct(Message.contact_id))).where(texts),
        "done": select(func.count()).select_from(ScheduledItem).where(col(ScheduledItem.status) == DONE),
    }
    async with app.db.read_session() as session:
        return {key: int((await session.exec(query)).one()) for key, query in queries.items()}


async def _run(n: int, url: str) -> dict[str, Any]:
    from bot.app.context import build_context
    from bot.app.settings import Settings
    from bot.messaging.jobs import run_due_items
    from bot.storage.migrate import upgrade_async

    await upgrade_async(url)
    ctx = build_context(
        Settings(env="development", database_url=url), clock=FixedClock(BENCH_NOW), use_nlu=False
    )
    statements = 0

    def count(*_: Any) -> None:
        nonlocal statements
        statements += 1

    try:
        await seed_due_followups(ctx, n)
        event.listen(ctx.db.engine.sync_engine, "before_cursor_execute", count)
        wall, cpu = time.perf_counter(), time.process_time()
        handled = 0
        while (done := await run_due_items(ctx)) > 0:
            handled += done
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        event.remove(ctx.db.engine.sync_engine, "before_cursor_execute", count)
        counts = await _counts(ctx)
    finally:
        await ctx.close()
    return {
        "items": n,
        "database": url.split(":", 1)[0],
        "handled": handled,
        "seconds": round(wall, 2),
        "per_s": round(handled / wall, 1) if wall else 0.0,
        "cpu_ms_per_item": round(cpu * 1000 / max(handled, 1), 2),
        "statements_per_item": round(statements / max(handled, 1), 2),
        "exactly_once": counts["texts"] == n == counts["contacts_texted"] == counts["done"],
        **counts,
    }


def bench_followups(n: int = 10000, database_url: str | None = None) -> dict[str, Any]:
    """Seed `n` due follow-ups and time the scheduler running them (see the module docstring)."""
    return on_database(database_url, lambda url: _run(n, url))
