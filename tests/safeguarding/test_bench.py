"""The safeguarding bench: repeated sample texts, then corpus texts that the caches have not seen."""

from __future__ import annotations

import re
from pathlib import Path

from safeguarding.bench import SAMPLE_MESSAGES, bench_screen, bench_second_look, distinct_texts

ROOT = Path(__file__).resolve().parents[2]


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


def test_second_look_bench_uses_the_band_it_is_given() -> None:
    from safeguarding.second_look import SecondLookSettings

    wide = bench_second_look(distinct=200, settings=SecondLookSettings(band_floor=0.05))
    narrow = bench_second_look(distinct=200, settings=SecondLookSettings(band_floor=0.85))
    assert wide["second_look_in_band_share"] > narrow["second_look_in_band_share"]


def test_the_command_measures_the_screen_config_yml_deploys(tmp_path: Path) -> None:
    """`waymark bench safeguarding` screens with config.yml's thresholds, not the model file's own."""
    from typer.testing import CliRunner

    import safeguarding.screening as screening
    from bot.cli.bench import bench_app

    text = (ROOT / "config.yml").read_text(encoding="utf-8")
    model = r"(\n  model:\n(?:    .*\n)*?    concern_threshold: )[0-9.]+"
    changed = re.sub(model, r"\g<1>0.81", text, count=1)
    assert changed != text
    path = tmp_path / "config.yml"
    path.write_text(changed, encoding="utf-8")
    result = CliRunner().invoke(
        bench_app, ["safeguarding", "--n", "20", "--distinct", "0", "--no-second-look", "--config", str(path)]
    )
    assert result.exit_code == 0, result.output
    assert "messages_per_second" in result.output
    assert screening.model_settings().concern_threshold == 0.81


def test_the_command_refuses_a_bad_config(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from bot.cli.bench import bench_app

    path = tmp_path / "config.yml"
    path.write_text("safeguarding: [not, a, mapping]\n", encoding="utf-8")
    result = CliRunner().invoke(bench_app, ["safeguarding", "--n", "5", "--config", str(path)])
    assert result.exit_code == 2
    assert "config.yml" in result.output
