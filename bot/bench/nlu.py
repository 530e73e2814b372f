"""`waymark bench nlu`: training time, parse latency, memory and quality (the harness is ``nlu/bench.py``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from bot.cli.nlu_cmd import engine_name, rasa_url_or_default


def bench_nlu(engine: str, file: Path | None, rasa_url: str | None) -> dict[str, Any]:
    """Figures for `waymark bench nlu`: training time, parse p50/p99, memory, and quality on `file`.

    With ``engine="rasa"`` the embedded and Rasa figures come side by side, measured on the same file.
    """
    from nlu.bench import bench

    chosen = engine_name(engine)
    return bench(chosen, file, rasa_url_or_default(rasa_url) if chosen == "rasa" else None)
