"""`waymark bench reminders`: how long N due appointment reminders take to be queued for sending.

Seeds N contacts, each with one appointment two hours away and its reminder due now (bulk inserts, not
timed), then times the scheduler's batch sender (bot/features/appointments/sender.py) until every item is
settled, and checks each reminder was queued exactly once. SQLite in a temp folder by default; pass a
PostgreSQL URL (an EMPTY database: the bench migrates it and adds rows) to measure there. The PostgreSQL
test with two processes is tests/bot/features/appointments/test_reminders_scale.py.
"""

from __future__ import annotations

import datetime as dt
import time
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, insert
from sqlmodel import SQLModel, col, select

from bot.app.clock import FixedClock
from bot.bench.support import on_database
from bot.features.appointments.models import BOOKED, Appointment
from bot.storage.models import Message, ScheduledItem
from bot.storage.models.scheduled import DONE, PENDING
from flows.appointment_effects import REMINDER_KIND

if TYPE_CHECKING:
    from sqlalchemy.ext.asyncio import AsyncConnection

    from bot.app.context import AppContext

# A Tuesday at 2pm London time: outside quiet hours, so every reminder is sent.
BENCH_NOW = dt.datetime(2026, 11, 17, 14, 0, tzinfo=dt.UTC)
CHUNK = 2000


async def insert_contacts(conn: AsyncConnection, numbers: list[str], now: dt.datetime) -> list[int]:
    """Bulk-insert SMS contacts first seen at `now` for `numbers`; their ids (for the benches' seeds)."""
    contact = SQLModel.metadata.tables["contact"]
    await conn.execute(
        insert(contact),
        [
            {"channel": "sms", "address": a, "language": "en", "opted_out": False,
             "unreachable": False, "first_seen": now, "last_seen": now}
            for a in numbers
        ],
    )  # fmt: skip
    return list((await conn.execute(select(contact.c.id).where(contact.c.address.in_(numbers)))).scalars())


async def seed_due_reminders(app: AppContext, n: int, now: dt.datetime, *, first_number: int = 0) -> None:
    """N contacts (+447xxxxxxxxx numbers), an appointment each at `now` + 2h and its reminder due at `now`."""
    start = now + dt.timedelta(hours=2)
    appt, item = (SQLModel.metadata.tables[t] for t in ("appointment", "scheduled_item"))
    async with app.db.session() as session:
        conn = await session.connection()
        for lo in range(0, n, CHUNK):
            numbers = [f"+447{first_number + i:09d}" for i in range(lo, min(n, lo + CHUNK))]
            contact_ids = await insert_contacts(conn, numbers, now)
            await conn.execute(
                insert(appt),
                [
                    {"contact_id": cid, "practitioner_name": "Sam Bench", "start_at": start, "minutes": 45,
                     "kind": "phone", "status": BOOKED, "revision": 0, "reminders_sent": 0,
                     "created_by": "bench", "created_at": now, "updated_at": now}
                    for cid in contact_ids
                ],
            )  # fmt: skip
            rows = await conn.execute(
                select(appt.c.id, appt.c.contact_id).where(appt.c.contact_id.in_(contact_ids))
            )
            await conn.execute(
                insert(item),
                [
                    {"due_at": now, "kind": REMINDER_KIND, "contact_id": cid, "status": PENDING,
                     "attempts": 0, "payload": {"appointment_id": aid, "revision": 0, "offset": "2h"},
                     "dedupe_key": f"appt:{aid}:r0:2h", "created_at": now}
                    for aid, cid in rows.all()
                ],
            )  # fmt: skip
        await session.commit()


async def reminder_counts(app: AppContext) -> dict[str, int]:
    """Queued reminder texts, contacts texted, appointments reminded once, items done and still pending."""
    texts = col(Message.kind) == REMINDER_KIND
    queries: dict[str, Any] = {
        "texts": select(func.count()).select_from(Message).where(texts),
        "contacts_texted": select(func.count(func.distinct(Message.contact_id))).where(texts),
        "reminded": select(func.count()).select_from(Appointment).where(col(Appointment.reminders_sent) == 1),
        "done": select(func.count()).select_from(ScheduledItem).where(col(ScheduledItem.status) == DONE),
        "pending": select(func.count())
        .select_from(ScheduledItem)
        .where(col(ScheduledItem.status) == PENDING),
    }
    async with app.db.session() as session:
        return {key: int((await session.exec(query)).one()) for key, query in queries.items()}


async def _run(n: int, url: str) -> dict[str, Any]:
    from bot.app.context import build_context
    from bot.app.settings import Settings
    from bot.messaging.jobs import run_due_items
    from bot.storage.migrate import upgrade_async

    settings = Settings(env="development", database_url=url)
    await upgrade_async(url)
    ctx = build_context(settings, clock=FixedClock(BENCH_NOW), use_nlu=False)
    try:
        t0 = time.perf_counter()
        await seed_due_reminders(ctx, n, BENCH_NOW)
        seeded = time.perf_counter() - t0
        t1 = time.perf_counter()
        await run_due_items(ctx)
        took = time.perf_counter() - t1
        counts = await reminder_counts(ctx)
    finally:
        await ctx.close()
    return {
        "reminders": n,
        "database": url.split(":", 1)[0],
        "seed_s": seeded,
        "queue_s": took,
        "per_s": n / took if took else 0.0,
        "target_s": 30.0,
        "within_target": took <= 30.0,
        "exactly_once": counts["texts"] == n == counts["contacts_texted"] == counts["reminded"],
        **counts,
    }


def bench_reminders(n: int = 10000, database_url: str | None = None) -> dict[str, Any]:
    """Seed `n` due reminders and time the scheduler queueing them (see the module docstring)."""
    return on_database(database_url, lambda url: _run(n, url))
