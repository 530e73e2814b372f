"""`waymark bench trips`: database round trips and SQL statements per inbound text (issue 17).

On SQLite every call into the driver is a hop to aiosqlite's thread and back (``Connection._execute``);
those hops, not SQLite, bound throughput. :func:`counting` counts them (and the SQL statements SQLAlchemy
sends) while it is open, grouped by the first Waymark call site on the stack, so a change can say what it
cut. No timings. The counts are the same on any machine as long as each write transaction stays inside
the SQLite driver's inline budget (``INLINE_BUDGET_S``, 20 ms of wall time): on a loaded machine a slow
transaction's later statements hop, so run it on a quiet one (its tests set the budget to infinity).
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiosqlite
from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine

CONVERSATION = (
    ("first text", "hi"),
    ("menu answer", "1"),
    ("find-support step", "i feel a bit low"),
    ("find-support answer", "1"),
    ("later text", "thanks"),
    ("risk text", "i want to kill myself tonight"),
)
"""Typical texts from one contact, in order: what `waymark bench trips` measures."""

_OWN = (f"{Path('bot')}/", f"{Path('flows')}/", f"{Path('safeguarding')}/")
_SKIP = ("bot/storage/db.py", "bot/storage/sqlite_driver.py", "bot/bench/round_trips.py")


@dataclass
class Tally:
    """Round trips to aiosqlite's thread and SQL statements, with where they came from."""

    round_trips: int = 0
    statements: int = 0
    sites: collections.Counter[str] = field(default_factory=collections.Counter)
    sql: collections.Counter[str] = field(default_factory=collections.Counter)
    calls: collections.Counter[str] = field(default_factory=collections.Counter)
    """What each round trip ran on the thread (execute, commit, rollback, cursor, fetchall, close...)."""

    def top(self, n: int = 10) -> list[tuple[str, int]]:
        return self.sites.most_common(n)


def _site() -> str:
    """The innermost Waymark frame on the stack (file:line function), outside the storage plumbing."""
    frame = sys._getframe(2)
    while frame is not None:
        name = frame.f_code.co_filename.replace("\\", "/")
        if any(part in name for part in _OWN) and not name.endswith(_SKIP) and "site-packages" not in name:
            short = name[name.rfind("/bot/") + 1 :] if "/bot/" in name else name.rsplit("/", 2)[-2:][0]
            for part in ("/flows/", "/safeguarding/"):
                if part in name:
                    short = name[name.rfind(part) + 1 :]
            return f"{short}:{frame.f_lineno} {frame.f_code.co_name}"
        frame = frame.f_back  # type: ignore[assignment]
    return "(outside Waymark)"


@contextlib.contextmanager
def counting(engine: AsyncEngine | None = None) -> Iterator[Tally]:
    """Count aiosqlite round trips (every engine in this process) and, given `engine`, its statements."""
    tally = Tally()
    original = aiosqlite.Connection._execute

    async def counted(self: aiosqlite.Connection, fn: Any, *args: Any, **kwargs: Any) -> Any:
        tally.round_trips += 1
        tally.sites[_site()] += 1
        tally.calls[getattr(fn, "__name__", type(fn).__name__).strip("_")] += 1
        return await original(self, fn, *args, **kwargs)  # type: ignore[no-untyped-call]

    def on_statement(*args: Any) -> None:
        statement = str(args[2])
        tally.statements += 1
        tally.sql[" ".join(statement.split())[:90]] += 1

    aiosqlite.Connection._execute = counted  # type: ignore[method-assign]
    if engine is not None:
        event.listen(engine.sync_engine, "before_cursor_execute", on_statement)
    try:
        yield tally
    finally:
        aiosqlite.Connection._execute = original  # type: ignore[method-assign]
        if engine is not None:
            event.remove(engine.sync_engine, "before_cursor_execute", on_statement)


async def _run(folder: Path, top: int) -> dict[str, Any]:
    from bot.app.clock import SystemClock
    from bot.app.context import build_context
    from bot.app.settings import Settings
    from bot.channels.base import InboundMessage
    from bot.channels.console import ConsoleSender
    from bot.messaging.inbox import ingest
    from bot.messaging.pipeline import process_contact
    from bot.storage.migrate import upgrade_async

    settings = Settings(env="development", database_url=f"sqlite:///{folder / 'trips.db'}")
    await upgrade_async(settings.database_url)
    ctx = build_context(settings, clock=SystemClock())
    ctx.senders["sms"] = ConsoleSender("sms", write=lambda _line: None)
    texts: list[dict[str, Any]] = []
    try:
        if ctx.nlu is not None:
            await ctx.nlu.parse("hello")  # load the NLU before counting
        for i, (label, body) in enumerate(CONVERSATION):
            inbound = InboundMessage("sms", "+447700900123", body, f"trips-{i}", ctx.now())
            with counting(ctx.db.engine) as tally:
                stored = await ingest(ctx, inbound)
                await process_contact(ctx, stored.contact_id)  # as the webhook does (crisis_lane.py)
            texts.append(
                {
                    "text": label,
                    "round_trips": tally.round_trips,
                    "statements": tally.statements,
                    "calls": dict(tally.calls.most_common()),
                    "top_sites": [f"{n} {site}" for site, n in tally.top(top)],
                    "top_statements": [f"{n} {sql}" for sql, n in tally.sql.most_common(top)],
                }
            )
    finally:
        await ctx.close()
    return {
        "texts": texts,
        "round_trips_total": sum(t["round_trips"] for t in texts),
        "statements_total": sum(t["statements"] for t in texts),
    }


def bench_round_trips(top: int = 8) -> dict[str, Any]:
    """Store and process each text of :data:`CONVERSATION` on a temp SQLite; count per text."""
    with tempfile.TemporaryDirectory() as folder:
        return asyncio.run(_run(Path(folder), top))
