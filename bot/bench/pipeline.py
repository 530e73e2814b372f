"""`waymark bench pipeline`: the in-process message path (ingest, screen, route, reply) on a temp SQLite."""

from __future__ import annotations

import asyncio
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from bot.app.clock import SystemClock
from bot.app.context import build_context
from bot.app.settings import Settings
from bot.bench.support import percentile
from bot.channels.base import InboundMessage
from bot.channels.console import ConsoleSender
from bot.messaging.inbox import ingest
from bot.messaging.pipeline import process_inbound
from bot.storage.migrate import upgrade_async

TEXTS = ("hi", "menu", "2", "help", "what is this", "DEMO1", "thanks", "i feel a bit low", "ok")


async def _run(n: int, folder: Path) -> dict[str, Any]:
    settings = Settings(env="development", database_url=f"sqlite:///{folder / 'bench.db'}")
    await upgrade_async(settings.database_url)
    ctx = build_context(settings, clock=SystemClock())
    ctx.senders["sms"] = ConsoleSender("sms", write=lambda _line: None)
    timings: list[float] = []
    try:
        for i in range(n):
            sender = f"+4477009{i % 50:05d}"
            inbound = InboundMessage("sms", sender, TEXTS[i % len(TEXTS)], f"bench-{i}", ctx.now())
            start = time.perf_counter()
            stored = await ingest(ctx, inbound)
            await process_inbound(ctx, stored.message_id)
            timings.append((time.perf_counter() - start) * 1000)
    finally:
        await ctx.close()
    return {
        "messages": n,
        "p50_ms": statistics.median(timings),
        "p99_ms": percentile(timings, 0.99),
        "mean_ms": statistics.fmean(timings),
        "messages_per_s": n / (sum(timings) / 1000),
    }


def bench_pipeline(n: int = 300) -> dict[str, Any]:
    """Time `n` inbound texts from store to replies queued (NLU and screening included)."""
    with tempfile.TemporaryDirectory() as folder:
        return asyncio.run(_run(n, Path(folder)))
