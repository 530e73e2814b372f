"""`waymark bench telegram` runs webhook updates through the real app and reports honest counts."""

from __future__ import annotations

from bot.bench.telegram_webhooks import bench_telegram_webhook


def test_bench_telegram_stores_and_processes_every_update() -> None:
    figures = bench_telegram_webhook(4)
    assert (figures["requests"], figures["status_200"], figures["processed"]) == (4, 4, 4)
    assert 0 < figures["webhook_p50_ms"] <= figures["processed_p50_ms"]
    assert figures["webhook_p99_ms"] <= figures["processed_p99_ms"]
