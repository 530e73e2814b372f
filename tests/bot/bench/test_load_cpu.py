"""`bot/bench/load_cpu.py`: each part's CPU between two marks, per text and in cores, from real processes."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys

import psutil
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from bot.bench.load_cpu import CpuMeter, cores_needed, postgres_cpu
from bot.storage.db import async_url

BURN = "import time\nend = time.process_time() + {seconds}\nwhile time.process_time() < end: pass\n"


def _burned(pid: int, seconds: float) -> None:
    """Wait (without burning CPU here) until process `pid` has used `seconds` of CPU."""
    child = psutil.Process(pid)
    while child.cpu_times().user + child.cpu_times().system < seconds:
        subprocess.run(["sleep", "0.05"], check=True)


def test_a_server_that_burns_cpu_between_marks_is_counted_per_text_and_in_cores() -> None:
    proc = subprocess.Popen([sys.executable, "-c", BURN.format(seconds=0.6) + "import time; time.sleep(30)"])
    try:
        meter = CpuMeter(lambda: [proc.pid], with_postgres=False)
        meter.mark("start")
        _burned(proc.pid, 0.6)
        meter.mark("end")
        out = meter.between("start", "end", texts=100)
    finally:
        proc.kill()
        proc.wait()
    assert out["servers_cpu_s"] == pytest.approx(0.6, abs=0.15)
    assert out["servers_ms_per_text"] == pytest.approx(6.0, abs=1.5)
    assert out["postgres_cpu_s"] == 0.0
    assert out["servers_cores"] > 0 and out["wall_s"] > 0
    assert out["all_ms_per_text"] >= out["servers_ms_per_text"]


def test_a_server_that_exits_between_marks_keeps_its_last_reading() -> None:
    """Server A burned CPU before the first mark and is gone at the second; B burns between the marks. The
    delta is B's work: A's reading is kept, not dropped (which would subtract A's earlier seconds)."""
    gone = subprocess.Popen([sys.executable, "-c", BURN.format(seconds=0.4) + "import time; time.sleep(30)"])
    stays = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(1)\n" + BURN.format(seconds=0.3)
                              + "time.sleep(30)"])  # fmt: skip
    try:
        _burned(gone.pid, 0.4)
        meter = CpuMeter(lambda: [gone.pid, stays.pid], with_postgres=False)
        meter.mark("start")
        gone.kill()
        gone.wait()
        _burned(stays.pid, 0.3)
        meter.mark("end")
    finally:
        for proc in (gone, stays):
            proc.kill()
            proc.wait()
    assert meter.between("start", "end", texts=10)["servers_cpu_s"] == pytest.approx(0.3, abs=0.15)


def test_missing_marks_give_nothing_and_cores_needed_scales_with_the_rate() -> None:
    meter = CpuMeter(lambda: [], with_postgres=False)
    meter.mark("start")
    assert meter.between("start", "never", texts=5) == {}
    per_text = {"servers_ms_per_text": 4.0, "postgres_ms_per_text": 1.0, "bench_ms_per_text": 1.5,
                "all_ms_per_text": 6.5}  # fmt: skip
    assert cores_needed(per_text, 400) == {"servers": 1.6, "postgres": 0.4, "bench": 0.6, "all": 2.6}


@pytest.mark.postgres
def test_postgres_cpu_of_one_database_counts_its_backend_and_no_other() -> None:
    url = os.environ.get("WAYMARK_TEST_POSTGRES_URL")
    if not url:
        pytest.skip("WAYMARK_TEST_POSTGRES_URL not set")
    database = url.rsplit("/", 1)[-1]

    async def busy_backend() -> float:
        engine = create_async_engine(async_url(url))
        async with engine.connect() as conn:
            before = postgres_cpu(database)
            await conn.execute(text("SELECT count(*) FROM generate_series(1, 3000000)"))
            used = postgres_cpu(database) - before  # read while the backend is still open
        await engine.dispose()
        return used

    assert asyncio.run(busy_backend()) > 0.05
    assert postgres_cpu("no_such_database_for_waymark") == 0.0
