"""`waymark bench memory`: resident memory after each step of `waymark serve`'s start-up, in this process.

Runs the same steps as `waymark serve --demo` (`bot/cli/serve.py` `prepare`, then the web app and the frozen
heap) against a new SQLite database in a temporary folder, with the environment `waymark bench load` gives
its servers, and reads the RSS after each. With ``top`` it also runs tracemalloc and lists, per step, the
source lines that allocated most (tracemalloc's own bookkeeping makes the RSS figures larger then: compare
RSS only between runs without ``--top``). Memory under load (webhooks, the scheduled phase) is measured by
`waymark bench load` (`peak_rss_mb_by_phase`). Figures: docs/operations.md ("Memory per process").
"""

from __future__ import annotations

import datetime as dt
import gc
import os
import sys
import tempfile
import tracemalloc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.app.memory import rss_mb

#: Where tracemalloc files a module's code objects (what importing it costs).
IMPORTS = ("<frozen importlib._bootstrap>", "<frozen importlib._bootstrap_external>")


@dataclass
class Stages:
    """RSS after each step, and with ``top`` the lines that allocated most during it."""

    top: int = 0
    rows: list[dict[str, Any]] = field(default_factory=list)
    _last: tracemalloc.Snapshot | None = None

    def __call__(self, stage: str) -> None:
        gc.collect()  # what is garbage now would be collected before serving too
        row: dict[str, Any] = {"stage": stage, "rss_mb": round(rss_mb(), 1)}
        if self.top:
            snapshot = tracemalloc.take_snapshot().filter_traces(
                [tracemalloc.Filter(False, tracemalloc.__file__)]
            )
            if self._last is not None:
                row["traced_mb"] = round(sum(t.size for t in snapshot.traces) / 2**20, 1)
                row["top"] = [_line(stat) for stat in snapshot.compare_to(self._last, "lineno")[: self.top]]
            self._last = snapshot
        self.rows.append(row)


def _line(stat: tracemalloc.StatisticDiff) -> str:
    frame = stat.traceback[0]
    where = "module code (imports)" if frame.filename in IMPORTS else f"{frame.filename}:{frame.lineno}"
    return f"{stat.size_diff / 2**20:+7.2f} MB {stat.count_diff:+8d} blocks  {where}"


@contextmanager
def _bench_environment(folder: Path) -> Iterator[None]:
    """The environment `waymark bench load` gives its servers, on a new SQLite file in ``folder``."""
    from bot.bench.load_servers import bench_config, server_env

    config = bench_config(
        folder, Path(os.environ.get("WAYMARK_CONFIG", "config.yml")), dt.datetime.now(dt.UTC), 1
    )
    env = server_env(f"sqlite:///{folder / 'memory.db'}", config, "http://127.0.0.1:9")
    saved = dict(os.environ)
    os.environ.update(env)
    try:
        yield
    finally:
        os.environ.clear()
        os.environ.update(saved)


def bench_memory(top: int = 0) -> list[dict[str, Any]]:
    """Start up as `waymark serve --demo` does, without listening; the RSS after each step."""
    stages = Stages(top)
    if top:
        tracemalloc.start()
    try:
        stages("at the start (the CLI itself)")
        with tempfile.TemporaryDirectory() as tmp, _bench_environment(Path(tmp)):
            from bot.app.heap import freeze_startup_heap
            from bot.cli.common import context_or_exit, settings_or_exit
            from bot.cli.serve import prepare
            from bot.web.app import create_app

            stages("after importing serve and the web app")
            settings = settings_or_exit()
            ctx = context_or_exit(settings)
            stages("after the app context (features, config, the screen's model)")
            prepare(ctx, settings, demo=True, stage=stages)
            create_app(ctx)
            stages("after the web app")
            freeze_startup_heap()
            stages("at start-up's end (heap frozen)")
            gc.unfreeze()  # this process goes on to exit, not to serve
    finally:
        if top:
            tracemalloc.stop()
    modules = {name.partition(".")[0] for name in sys.modules}
    heavy = sorted(modules & {"sklearn", "scipy", "pandas", "matplotlib"})
    stages.rows.append({"stage": "heavy libraries imported", "modules": heavy})
    return stages.rows
