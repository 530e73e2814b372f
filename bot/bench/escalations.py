"""`waymark bench escalation`: inbound risk message stored -> processed -> escalation stored + alert queued.

In-process on a temp SQLite file (migrated), the project's config, a one-shift rota that is always on, and
one duty practitioner. Each sample is one webhook's worth of work: ingest (commit) then process (commit).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from sqlmodel import func, select

from bot.app.clock import SystemClock
from bot.app.config import RotaConfig, RotaSlotConfig, Weekday, load_config
from bot.app.context import build_context
from bot.app.settings import Settings
from bot.bench.support import percentile
from bot.channels.base import InboundMessage
from bot.features.practitioners.service import create_practitioner
from bot.messaging.inbox import ingest
from bot.messaging.pipeline import process_inbound
from bot.storage.migrate import upgrade_async
from bot.storage.models import Message
from safeguarding.models import Escalation

RISK_TEXTS = (
    "i want to kill myself",
    "i took all my pills",
    "i cut myself again last night",
    "he hits me when mum is out",
    "i am going to end it tonight",
)
ALL_WEEK: list[Weekday] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]


async def _run(n: int, folder: Path) -> dict[str, Any]:
    settings = Settings(env="development", database_url=f"sqlite:///{folder / 'bench.db'}")
    await upgrade_async(settings.database_url)
    cfg = load_config(settings.config_path)
    halves = [(dt.time(0), dt.time(12)), (dt.time(12), dt.time(0))]  # always on duty
    slots = [RotaSlotConfig(days=ALL_WEEK, start=a, end=b, primary="bench.duty") for a, b in halves]
    rota = RotaConfig(manager=None, shifts=slots)
    cfg = cfg.model_copy(update={"safeguarding": cfg.safeguarding.model_copy(update={"rota": rota})})
    ctx = build_context(settings, config=cfg, clock=SystemClock(), use_nlu=False)
    timings: list[float] = []
    try:
        async with ctx.db.session() as session:
            await create_practitioner(
                session,
                username="bench.duty",
                display_name="Bench",
                role="duty_clinician",
                channel="sms",
                address="07700 900599",
                now=ctx.now(),
            )
            await session.commit()
        # Warm-up, untimed: the lexicon loads on first use (a server does this once, at start-up).
        for i in range(-len(RISK_TEXTS), n):
            text = RISK_TEXTS[i % len(RISK_TEXTS)]
            # one sender per text: each opens its own case (a second text would join the first)
            inbound = InboundMessage("sms", f"+447700{i + 100:06d}", text, f"bench-esc-{i}", ctx.now())
            start = time.perf_counter()
            stored = await ingest(ctx, inbound)
            await process_inbound(ctx, stored.message_id)
            if i >= 0:
                timings.append((time.perf_counter() - start) * 1000)
        async with ctx.db.session() as session:
            escalations = (await session.exec(select(func.count()).select_from(Escalation))).one()
            alerts = (
                await session.exec(
                    select(func.count()).select_from(Message).where(Message.kind == "alert_new")
                )
            ).one()
    finally:
        await ctx.close()
    return {
        "messages": n,
        "warm_up_messages": len(RISK_TEXTS),
        "escalations_stored": escalations,
        "alerts_queued": alerts,
        "p50_ms": statistics.median(timings),
        "p99_ms": percentile(timings, 0.99),
        "max_ms": max(timings),
        "target_p99_ms": 200.0,
    }


def bench_escalation(n: int = 200) -> dict[str, Any]:
    """Time `n` risk texts from store to escalation stored and alert queued (screening included)."""
    with tempfile.TemporaryDirectory() as folder:
        return asyncio.run(_run(n, Path(folder)))
