"""The benchmark helpers (the figures themselves come from `waymark bench nlu`, never from tests)."""

from __future__ import annotations

import os

import pytest

from nlu.bench import _process_tree_rss_mb, bench, bench_embedded, percentile


def test_percentile_nearest_rank() -> None:
    samples = [float(i) for i in range(1, 101)]
    assert percentile(samples, 50) == 50.0
    assert percentile(samples, 99) == 99.0
    assert percentile(samples, 100) == 100.0
    assert percentile([3.0], 99) == 3.0
    assert percentile([], 50) == 0.0


def test_bench_embedded_reports_every_figure() -> None:
    figures = bench_embedded(min_calls=200, train_runs=1)
    for key in (
        "train_seconds",
        "parse_p50_ms",
        "parse_p99_ms",
        "parses_per_second",
        "added_memory_mb",
        "model_file_mb",
        "accuracy",
        "macro_f1",
        "need_accuracy",
    ):
        assert isinstance(figures[key], float), key
    assert figures["parse_calls"] >= 200
    assert figures["sklearn_imported_to_parse"] == 0.0  # parsing a cached model never loads scikit-learn


def test_process_memory_is_read_from_proc() -> None:
    own = _process_tree_rss_mb(os.getpid())
    assert own is not None and own > 1.0
    assert _process_tree_rss_mb(2**22 + 12345) is None


def test_unknown_engine_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("nlu.bench.bench_embedded", lambda file=None: {})
    with pytest.raises(ValueError, match="unknown engine"):
        bench("spacy")
