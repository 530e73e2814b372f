"""`bot/bench/load_cpu.py`: each part's CPU between two marks, per text and in cores, from real processes."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from bot.bench.load_cpu import CpuMeter, cores_needed, postgres_cpu
from bot.storage.db import async_url

BURN = "import time\nend = time.process_time() + {seconds}\nwhile time.process_time() < end: pass\n"
# A stand-in server: it starts, says so, and burns only when told to, so what it burns falls between the
# marks however slowly the machine runs it (a 1 s sleep before burning once let it burn before the mark).
SERVER = (
    "import sys, time\nprint('ready', flush=True)\nsys.stdin.readline()\n"
    + BURN
    + "print('done', flush=True)\ntime.sleep(30)\n"
)


def _server(seconds: float) -> subprocess.Popen[bytes]:
    """A started stand-in server that burns `seconds` of CPU when :func:`_burn` tells it to."""
    proc = subprocess.Popen(
        [sys.executable, "-c", SERVER.format(seconds=seconds)], stdin=subprocess.PIPE, stdout=subprocess.PIPE
    )
    assert proc.stdout is not None and proc.stdout.readline() == b"ready\n"
    return proc


def _burn(proc: subprocess.Popen[bytes]) -> None:
    """Tell `proc` to burn its CPU seconds; wait (blocked on its pipe, burning nothing) until it has."""
    assert proc.stdin is not None and proc.stdout is not None
    proc.stdin.write(b"go\n")
    proc.stdin.flush()
    assert proc.stdout.readline() == b"done\n"


def _end(*procs: subprocess.Popen[bytes]) -> None:
    for proc in procs:
        proc.kill()
        proc.wait()
        for pipe in (proc.stdin, proc.stdout):
            if pipe is not None:
                pipe.close()


def test_a_server_that_burns_cpu_between_marks_is_counted_per_text_and_in_cores() -> None:
    proc = _server(0.6)
    try:
        meter = CpuMeter(lambda: [proc.pid], with_postgres=False)
        meter.mark("start")
        _burn(proc)
        meter.mark("end")
        out = meter.between("start", "end", texts=100)
    finally:
        _end(proc)
    assert out["servers_cpu_s"] == pytest.approx(0.6, abs=0.15)
    assert out["servers_ms_per_text"] == pytest.approx(6.0, abs=1.5)
    assert out["postgres_cpu_s"] == 0.0
    assert out["servers_cores"] > 0 and out["wall_s"] > 0
    assert out["all_ms_per_text"] >= out["servers_ms_per_text"]


def test_a_server_that_exits_between_marks_keeps_its_last_reading() -> None:
    """Server A burned CPU before the first mark and is gone at the second; B burns between the marks. The
    delta is B's work: A's reading is kept, not dropped (which would subtract A's earlier seconds)."""
    gone, stays = _server(0.4), _server(0.3)
    try:
        _burn(gone)
        meter = CpuMeter(lambda: [gone.pid, stays.pid], with_postgres=False)
        meter.mark("start")
        gone.kill()
        gone.wait()
        _burn(stays)
        meter.mark("end")
    finally:
        _end(gone, stays)
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
