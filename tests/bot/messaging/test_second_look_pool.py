"""The second look's worker process: it runs in another process, survives a crash, and is bounded in time."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from collections.abc import Iterator
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

import psutil
import pytest

from bot.messaging.second_look import SecondLookPool, unavailable
from safeguarding.assessment import Assessment, Match
from tests.bot.messaging.second_look_targets import dying_judge, pid_judge, slow_judge

NONE = Assessment("none")
ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
def pools() -> Iterator[list[SecondLookPool]]:
    made: list[SecondLookPool] = []
    yield made
    for pool in made:
        pool.close()


def _pool(pools: list[SecondLookPool], target: object) -> SecondLookPool:
    pool = SecondLookPool(target, initializer=None)  # type: ignore[arg-type]
    pools.append(pool)
    return pool


async def test_the_judge_runs_in_another_process_with_the_context(pools: list[SecondLookPool]) -> None:
    judged = await _pool(pools, pid_judge).judge("hello", ["one", "two"], NONE, timeout=60)
    assert judged.severity == "high"
    note = judged.matches[-1].note
    assert note.endswith("context=2") and f"pid={os.getpid()} " not in note


async def test_a_crashed_worker_is_replaced_by_a_new_one(pools: list[SecondLookPool]) -> None:
    pool = _pool(pools, dying_judge)
    first = await pool.judge("warm", [], NONE, timeout=60)
    with pytest.raises(BrokenProcessPool):
        await pool.judge("die", [], NONE, timeout=60)
    again = await pool.judge("after", [], NONE, timeout=60)
    assert again.severity == "high"
    assert again.matches[-1].note.split()[0] != first.matches[-1].note.split()[0]  # a new process


async def test_a_slow_judge_times_out(pools: list[SecondLookPool]) -> None:
    pool = _pool(pools, slow_judge)
    await pool.judge("0", [], NONE, timeout=60)  # started
    with pytest.raises(asyncio.TimeoutError):
        await pool.judge("5", [], NONE, timeout=0.2)


PARENT = """
import sys, time
import psutil
from bot.messaging.second_look import SecondLookPool
from tests.bot.messaging.second_look_targets import watched_initializer

if __name__ == "__main__":
    pool = SecondLookPool(initializer=watched_initializer)
    pool.ready(60)
    worker = [c.pid for c in psutil.Process().children() if "resource_tracker" not in " ".join(c.cmdline())]
    print(*worker, flush=True)
    time.sleep(600)
"""


def test_the_worker_exits_when_its_server_is_killed(tmp_path: Path) -> None:
    script = tmp_path / "parent.py"
    script.write_text(PARENT)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    parent = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, env=env, text=True)
    try:
        assert parent.stdout is not None
        [pid] = [int(p) for p in parent.stdout.readline().split()]
        worker = psutil.Process(pid)
        assert worker.is_running()
    finally:
        parent.kill()  # SIGKILL: no atexit, no shutdown: the worker is told nothing
        parent.wait()
        if parent.stdout is not None:
            parent.stdout.close()
    try:
        worker.wait(timeout=30)  # its watch sees the parent gone within its period
    except psutil.TimeoutExpired:
        worker.kill()
        pytest.fail("the second-look worker outlived its killed server")


def test_an_unavailable_second_look_sends_the_text_for_review_and_says_why() -> None:
    unsure = Assessment("none", model_flagged=0.6)
    out = unavailable(unsure, alone_high=0.88)
    assert out.severity == "concern" and out.matches[-1].entry_id == "second_look:unavailable"
    concern = Assessment(
        "concern", ["bullying"], [Match("bullying", "concern", "b1", "picked on")], model_flagged=0.7
    )
    kept = unavailable(concern, alone_high=0.88)
    assert kept.severity == "concern" and kept.categories == ["bullying", "second_look"]
    assert len(kept.matches) == 2


def test_without_the_second_look_the_first_looks_own_threshold_decides() -> None:
    # 0.9: below the first look's paired (stricter) threshold, above its own: high, as with no second look
    out = unavailable(Assessment("concern", model_flagged=0.9), alone_high=0.88)
    assert out.severity == "high" and out.matches[-1].severity == "high"
    assert unavailable(Assessment("none", model_flagged=0.87), alone_high=0.88).severity == "concern"
