"""`waymark bench signposting` runs end to end on a small directory (figures are not judged here)."""

from __future__ import annotations

from signposting.bench import TARGET_P99_MS, run_bench


async def test_small_bench_reports_cold_and_warm_figures() -> None:
    figures = await run_bench(n_services=300, n_queries=20, seed=3)
    assert figures["n_services"] == 300 and figures["n_queries"] == 20
    assert figures["distinct_timetables"] > 100  # varied hours, as in a real directory
    assert figures["mean_candidates"] > 0
    for key in ("cold_p50_ms", "cold_p99_ms", "p50_ms", "p95_ms", "p99_ms", "max_ms"):
        assert figures[key] > 0, key
    assert figures["p50_ms"] <= figures["p99_ms"] <= figures["max_ms"]
    assert figures["meets_target"] is (figures["p99_ms"] <= TARGET_P99_MS)
