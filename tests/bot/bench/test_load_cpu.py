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


def test_a_server_that_burns_cpu_between_marks_is_counted_per_text_and_in_cores() -> None:
    proc = subprocess.Popen([sys.executable, "-c", BURN.format(seconds=0.6) + "import time; time.sleep(30)"])
    try:
        meter = CpuMeter(lambda: [proc.pid], with_postgres=False)
        meter.mark("start")
        # wait (without burning CPU here) until the child has burned its 0.6 s
        child = psutil.Process(proc.pid)
        while child.cpu_times().user + child.cpu_times().system < 0.6:
            subprocess.run(["sleep", "0.05"], check=True)
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


def test_a_server_that_has_exited_keeps_its_last_reading() -> None:
    proc = subprocess.Popen([sys.executable, "-c", BURN.format(seconds=0.2)])
    meter = CpuMeter(lambda: [proc.pid], with_postgres=False)
    meter.mark("start")
    proc.wait()
    meter.mark("end")  # gone: its reading at "start" stands, so nothing negative or invented
    out = meter.between("start", "end", texts=10)
    assert out["servers_cpu_s"] == 0.0


def test_missing_marks_give_nothing_and_cores_needed_scales_with_the_rate() -> None:
    meter = CpuMeter(lambda: [], with_postgres=False)
    meter.mark("start")
    assert meter.between("start", "never", texts=5) == {}
    per_text = {"servers_ms_per_text": 4.0, "postgres_ms_per_text": 1.0, "bench_ms_per_text": 1.5,
                "all_ms_per_text": 6.5}  # fmt: skip
    assert cores_needed(per_text, 400) == {"servers": 1.6, "postgres": 0.4, "bench": 0.6, "all": 2.6}


def test_postgres_cpu_is_a_count_never_negative() -> None:
    assert postgres_cpu() >= 0.0


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
