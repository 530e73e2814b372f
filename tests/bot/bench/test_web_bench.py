"""`waymark bench webhook` runs signed webhooks through the real app and reports honest counts."""

from __future__ import annotations

from bot.bench.webhooks import bench_webhook


def test_bench_webhook_stores_and_processes_every_request() -> None:
    figures = bench_webhook(4)
    assert (figures["requests"], figures["status_200"], figures["processed"]) == (4, 4, 4)
    assert 0 < figures["webhook_p50_ms"] <= figures["processed_p50_ms"]
    assert figures["webhook_p99_ms"] <= figures["processed_p99_ms"]
