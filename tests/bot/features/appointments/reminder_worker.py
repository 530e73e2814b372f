"""One worker process for the two-process reminder test: waits for "go" on stdin, runs the due scheduled
items once at the bench's fixed time, prints how many it settled."""

from __future__ import annotations

import asyncio
import sys

from bot.app.clock import FixedClock
from bot.app.context import build_context
from bot.app.settings import Settings
from bot.bench.reminders import BENCH_NOW
from bot.features.appointments.sender import send_due_reminders
from bot.messaging.jobs import run_due_items


async def main(url: str, batch: int) -> None:
    ctx = build_context(Settings(env="test", database_url=url), clock=FixedClock(BENCH_NOW), use_nlu=False)  # type: ignore[call-arg]
    ctx.batches[:] = [lambda app: send_due_reminders(app, limit=batch)]
    try:
        print("ready", flush=True)
        sys.stdin.readline()
        settled = await run_due_items(ctx)
        print(f"settled {settled}", flush=True)
    finally:
        await ctx.close()


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], int(sys.argv[2])))
