"""`waymark bench sends`: the dispatcher alone, sending N queued SMS rows through the real Twilio client to
the local fake provider, and what each send costs in CPU.

Seeds N contacts with one queued scheduled text each (bulk inserts, not timed), then runs `dispatch_due` until
the outbox is empty, with the SMS limit at `sms_rate` segments a second. The fake provider runs in a child
process, so the figures split the dispatcher's CPU (this process) from the provider's. CPU time, not wall
time, is the comparable figure on a shared machine: say the load average beside the wall figures; the SQL
statements and commits per send do not depend on the load at all.
SQLite in a temp folder by default; pass an EMPTY PostgreSQL database's URL to measure there.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import subprocess
import sys
import time
from typing import TYPE_CHECKING, Any

import psutil
from sqlalchemy import event, func, insert
from sqlmodel import SQLModel, col, select

from bot.app.clock import FixedClock
from bot.bench.load_cpu import postgres_cpu
from bot.bench.reminders import insert_contacts
from bot.bench.support import on_database
from bot.storage.models import Message
from bot.storage.models.messages import SENT
from flows.engine import Priority

if TYPE_CHECKING:
    from bot.app.context import AppContext

BENCH_NOW = dt.datetime(2026, 3, 2, 14, 0, tzinfo=dt.UTC)  # a Monday afternoon, outside quiet hours
BODY = "Reminder: your appointment with the school wellbeing team is tomorrow at 10:00."


def run_fake() -> None:
    """The child process: the fake provider on a free port, its URL on stdout, until killed."""
    from bot.bench.load_fake import FakeProvider

    async def serve() -> None:
        fake = FakeProvider()
        print(await fake.start(), flush=True)
        await asyncio.Event().wait()

    asyncio.run(serve())


async def _seed(app: AppContext, n: int) -> None:
    message = SQLModel.metadata.tables["message"]
    async with app.db.engine.begin() as conn:
        ids = await insert_contacts(conn, [f"+4477{k:08d}" for k in range(n)], BENCH_NOW)
        rows = [
            {"contact_id": i, "direction": "out", "channel": "sms", "body": BODY, "choices": [],
             "kind": "reminder", "status": "queued", "priority": int(Priority.SCHEDULED), "segments": 1,
             "encoding": "GSM-7", "created_at": BENCH_NOW, "next_attempt_at": BENCH_NOW, "meta": {},
             "attempts": 0}
            for i in ids
        ]  # fmt: skip
        await conn.execute(insert(message), rows)


async def _run(n: int, url: str, sms_rate: float, provider: str) -> dict[str, Any]:
    from bot.app.config import load_config
    from bot.app.context import build_context
    from bot.app.settings import Settings
    from bot.channels.twilio_setup import build_twilio_sender
    from bot.messaging.dispatcher import dispatch_due
    from bot.storage.migrate import upgrade_async

    settings = Settings(
        env="development",
        database_url=url,
        twilio_account_sid="AC" + "0" * 32,
        twilio_auth_token="bench-auth-token-not-a-secret",
        twilio_from_number="+447700900000",
        twilio_api_base=provider,
    )
    config = load_config(settings.config_path)
    sms = config.channels.sms.model_copy(update={"segments_per_second": sms_rate})
    config = config.model_copy(update={"channels": config.channels.model_copy(update={"sms": sms})})
    await upgrade_async(url)
    ctx = build_context(settings, config=config, clock=FixedClock(BENCH_NOW), use_nlu=False)
    sender = build_twilio_sender(settings, config)
    assert sender is not None
    ctx.senders["sms"] = sender
    try:
        await _seed(ctx, n)
        counts = {"statements": 0, "commits": 0}

        def statement(*_: object) -> None:
            counts["statements"] += 1

        def commit(*_: object) -> None:
            counts["commits"] += 1

        engine = ctx.db.engine.sync_engine
        event.listen(engine, "before_cursor_execute", statement)
        event.listen(engine, "commit", commit)
        db0 = database_cpu(url)
        cpu0, t0 = time.process_time(), time.perf_counter()
        while await dispatch_due(ctx, channel="sms") > 0:
            pass
        cpu, took = time.process_time() - cpu0, time.perf_counter() - t0
        db_cpu = database_cpu(url) - db0
        event.remove(engine, "before_cursor_execute", statement)
        event.remove(engine, "commit", commit)
        async with ctx.db.read_session() as s:
            done = select(func.count()).where(col(Message.status) == SENT, Message.channel == "sms")
            sent = (await s.exec(done)).one()
    finally:
        await ctx.close()
    per_s = sent / took if took else 0.0
    per_send = {f"{k}_per_send": round(v / max(int(sent), 1), 3) for k, v in counts.items()}
    figures = {"sent": int(sent), "wall_s": took, "dispatcher_cpu_s": cpu, "sends_per_s": per_s, **per_send}
    if url.startswith("postgresql"):
        figures["database_cpu_ms_per_send"] = round(1000 * db_cpu / max(int(sent), 1), 3)
    return figures


def database_cpu(url: str) -> float:
    """CPU seconds used so far by the local PostgreSQL backends serving `url`'s database (0 for SQLite, or
    when the server's processes are not visible from here): the due-list reads' cost is the server's."""
    if not url.startswith("postgresql"):
        return 0.0
    return postgres_cpu(url.rsplit("/", 1)[-1].split("?", 1)[0])


def bench_sends(n: int = 5000, database_url: str | None = None, sms_rate: float = 400.0) -> dict[str, Any]:
    """Send `n` queued texts through the dispatcher (see the module docstring)."""
    fake = subprocess.Popen(
        [sys.executable, "-c", "from bot.bench.sends import run_fake; run_fake()"],
        stdout=subprocess.PIPE,
        text=True,
        env=dict(os.environ),
    )
    try:
        assert fake.stdout is not None
        provider = fake.stdout.readline().strip()
        load_before = " ".join(f"{x:.2f}" for x in os.getloadavg())
        figures = on_database(database_url, lambda url: _run(n, url, sms_rate, provider))
        fake_cpu = psutil.Process(fake.pid).cpu_times()
    finally:
        fake.terminate()
        fake.wait(timeout=10)
        if fake.stdout is not None:
            fake.stdout.close()
    sent = max(figures["sent"], 1)
    return {
        "texts": n,
        "database": (database_url or "sqlite").split(":", 1)[0],
        "sms_rate_limit": sms_rate,
        **{k: round(v, 2) if isinstance(v, float) else v for k, v in figures.items()},
        "dispatcher_cpu_ms_per_send": round(1000 * figures["dispatcher_cpu_s"] / sent, 3),
        "fake_provider_cpu_ms_per_send": round(1000 * (fake_cpu.user + fake_cpu.system) / sent, 3),
        "load_average_before": load_before,
        "load_average_after": " ".join(f"{x:.2f}" for x in os.getloadavg()),
    }
