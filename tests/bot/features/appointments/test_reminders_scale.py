"""Due reminders on PostgreSQL with two worker processes: every one queued exactly once.

The default run has 500 reminders in batches of 50; the soak run (``pytest -m soak``) has 10,000 in the
scheduler's batches of 500. Both workers are started, say "ready", and are told "go" together, so their
batches overlap; ``FOR UPDATE SKIP LOCKED`` and the single transaction per batch keep them apart.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys

import pytest

from bot.app.clock import FixedClock
from bot.app.context import build_context
from bot.app.settings import Settings
from bot.bench.reminders import BENCH_NOW, reminder_counts, seed_due_reminders
from bot.storage.migrate import upgrade_async
from tests.pg import reset_schema
from tests.support import ROOT

pytestmark = pytest.mark.postgres
WORKER = "tests.bot.features.appointments.reminder_worker"


@pytest.fixture
def pg_url() -> str:
    url = os.environ.get("WAYMARK_TEST_POSTGRES_URL")
    if not url:
        pytest.skip("WAYMARK_TEST_POSTGRES_URL not set")
    reset_schema(url)
    return url


def _seed(url: str, n: int) -> None:
    async def go() -> None:
        await upgrade_async(url)
        ctx = build_context(
            Settings(env="test", database_url=url), clock=FixedClock(BENCH_NOW), use_nlu=False
        )  # type: ignore[call-arg]
        try:
            await seed_due_reminders(ctx, n, BENCH_NOW)
        finally:
            await ctx.close()

    asyncio.run(go())


def _counts(url: str) -> dict[str, int]:
    async def go() -> dict[str, int]:
        ctx = build_context(
            Settings(env="test", database_url=url), clock=FixedClock(BENCH_NOW), use_nlu=False
        )  # type: ignore[call-arg]
        try:
            return await reminder_counts(ctx)
        finally:
            await ctx.close()

    return asyncio.run(go())


def _two_workers(url: str, batch: int) -> list[int]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TWILIO_", "TELEGRAM_"))}
    env.update(WAYMARK_ENV="test", WAYMARK_CONFIG=str(ROOT / "config.yml"), PYTHONPATH=str(ROOT))
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", WORKER, url, str(batch)],
            cwd=ROOT,
            env=env,
            text=True,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for _ in range(2)
    ]
    try:
        for p in procs:
            assert p.stdout is not None
            assert p.stdout.readline().strip() == "ready", p.stderr.read() if p.stderr else ""
        for p in procs:
            assert p.stdin is not None
            p.stdin.write("go\n")
            p.stdin.flush()
        settled = []
        for p in procs:
            out, err = p.communicate(timeout=600)
            assert p.returncode == 0, err
            settled.append(int(out.split()[-1]))
        return settled
    finally:
        for p in procs:
            if p.poll() is None:
                p.kill()


def _check(url: str, n: int, batch: int) -> None:
    _seed(url, n)
    settled = _two_workers(url, batch)
    print(f"settled per worker: {settled}")
    counts = _counts(url)
    assert sum(settled) == n, settled
    assert counts == {"texts": n, "contacts_texted": n, "reminded": n, "done": n, "pending": 0}, counts


def test_two_workers_queue_each_due_reminder_once(pg_url: str) -> None:
    _check(pg_url, 500, 50)


@pytest.mark.soak
def test_two_workers_queue_10000_due_reminders_once(pg_url: str) -> None:
    _check(pg_url, 10_000, 500)
