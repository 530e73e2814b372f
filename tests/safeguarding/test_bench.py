"""The safeguarding bench: repeated sample texts, then corpus texts that the caches have not seen."""

from __future__ import annotations

from safeguarding.bench import SAMPLE_MESSAGES, bench_screen, bench_second_look, distinct_texts


def test_distinct_texts_are_different_corpus_texts_not_the_samples() -> None:
    texts = distinct_texts(300)
    assert len(texts) == 300 == len(set(texts))
    assert not set(texts) & set(SAMPLE_MESSAGES)


def test_bench_reports_both_figures() -> None:
    figures = bench_screen(n=200, distinct=50)
    assert figures["messages"] == 200 and figures["distinct_messages"] == 50
    for key in ("messages_per_second", "distinct_messages_per_second"):
        assert figures[key] > 0
    assert 0 < figures["p50_ms"] <= figures["p99_ms"] <= figures["max_ms"]
    assert 0 < figures["distinct_p50_ms"] <= figures["distinct_p99_ms"]
    assert "distinct_messages" not in bench_screen(n=50, distinct=0)


def test_second_look_bench_reports_its_share_and_cpu() -> None:
    figures = bench_second_look(distinct=300)
    assert figures["second_look_texts"] == 300
    assert 0 < figures["second_look_in_band_share"] < 1  # the corpus mixes risk and everyday texts
    assert figures["second_look_rss_mb"] > 0 and figures["second_look_load_cpu_s"] > 0
    assert 0 < figures["second_look_cpu_ms_p50"] <= figures["second_look_cpu_ms_p99"]
