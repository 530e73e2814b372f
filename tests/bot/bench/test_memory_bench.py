"""`waymark bench memory`: the per-step rows (the full start-up runs in `waymark bench memory`, not here)."""

from __future__ import annotations

import tracemalloc

from bot.bench.memory import Stages


def test_stages_record_rss_and_with_top_the_lines_that_allocated() -> None:
    stages = Stages(top=3)
    tracemalloc.start()
    try:
        stages("first")
        held = [bytearray(1000) for _ in range(2000)]  # about 2 MB from this file
        stages("second")
    finally:
        tracemalloc.stop()
    first, second = stages.rows
    assert first["stage"] == "first" and first["rss_mb"] > 0 and "top" not in first
    assert second["traced_mb"] > 0 and len(second["top"]) == 3
    assert "test_memory_bench.py" in second["top"][0]
    assert len(held) == 2000


def test_without_top_only_the_rss_is_read() -> None:
    stages = Stages()
    stages("only")
    assert stages.rows == [{"stage": "only", "rss_mb": stages.rows[0]["rss_mb"]}]
