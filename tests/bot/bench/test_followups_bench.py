"""`waymark bench followups`: N due follow-ups, each run once; the figures it reports (no timings)."""

from __future__ import annotations

from bot.bench.followups import bench_followups


def test_each_followup_is_run_once_and_the_statements_are_counted() -> None:
    figures = bench_followups(45)
    assert figures["handled"] == figures["texts"] == figures["contacts_texted"] == figures["done"] == 45
    assert figures["exactly_once"] is True
    # chunks of 20: a few statements a chunk (claim, reads, locks, multi-row writes), not several an item
    assert 0 < figures["statements_per_item"] < 4
