"""`waymark bench sends`: N queued texts all sent through the Twilio client to the fake provider, and the CPU
figures it reports (no timings asserted)."""

from __future__ import annotations

from bot.bench.sends import bench_sends


def test_every_queued_text_is_sent_once_and_cpu_is_reported() -> None:
    figures = bench_sends(30, sms_rate=1000.0)
    assert figures["texts"] == figures["sent"] == 30
    assert figures["dispatcher_cpu_ms_per_send"] > 0
    assert figures["fake_provider_cpu_ms_per_send"] >= 0
