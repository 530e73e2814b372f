"""`waymark nlu train|test|parse` and the bench hook."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.cli.nlu_cmd import app
from tests.nlu.conftest import TINY_NLU, write

runner = CliRunner()


def test_train_writes_the_cache(tmp_path: Path) -> None:
    data = write(tmp_path, "nlu.yml", TINY_NLU)
    result = runner.invoke(app, ["train", "--data", str(data), "--cache-dir", str(tmp_path / "cache")])
    assert result.exit_code == 0, result.output
    assert "trained in" in result.output
    assert len(list((tmp_path / "cache").glob("nlu-*.npz"))) == 1


def test_train_reports_bad_data_with_lines(tmp_path: Path) -> None:
    data = write(tmp_path, "nlu.yml", TINY_NLU + "- intent: order_pizza\n  examples: |\n    - hiya\n")
    result = runner.invoke(app, ["train", "--data", str(data), "--cache-dir", str(tmp_path / "cache")])
    assert result.exit_code == 1
    line = TINY_NLU.count("\n") + 1
    assert f"nlu.yml:{line}: intent 'order_pizza'" in result.output
    assert not (tmp_path / "cache").exists()


def test_test_writes_reports_and_pictures(tmp_path: Path, default_model_from: Path) -> None:
    data = write(tmp_path, "t.csv", "text,intent,need\nhiya,greet,\nim so anxious,find_support,anxiety\n")
    out = tmp_path / "out"
    result = runner.invoke(app, ["test", str(data), "--json", "--out", str(out)])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["accuracy"] == 1.0 and report["need_accuracy"] == 1.0
    names = sorted(p.name for p in (out / "embedded").iterdir())
    assert names == [
        "intent_confusion_matrix.png",
        "intent_errors.json",
        "intent_histogram.png",
        "intent_report.json",
    ]


def test_test_prints_a_readable_summary(tmp_path: Path, default_model_from: Path) -> None:
    data = write(tmp_path, "t.csv", "text,intent\nhiya,greet\nstop texting me,opt_out\nyes,deny\n")
    result = runner.invoke(app, ["test", str(data), "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "macro_f1" in result.output and "intent errors (1)" in result.output
    assert "deny -> affirm: 'yes'" in result.output


def test_parse_shows_intent_and_need(default_model_from: Path) -> None:
    result = runner.invoke(app, ["parse", "exams are doing my head in"])
    assert result.exit_code == 0, result.output
    shown = json.loads(result.output)
    assert shown["intent"] == "find_support" and shown["entities"][0]["value"] == "exam_stress"


def test_engine_must_be_known() -> None:
    result = runner.invoke(app, ["parse", "hi", "--engine", "spacy"])
    assert result.exit_code != 0


def test_bench_hook_passes_through(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[tuple[object, ...]] = []
    monkeypatch.setattr("nlu.bench.bench", lambda *args: seen.append(args) or {"ok": True})
    monkeypatch.setenv("WAYMARK_RASA_URL", "http://127.0.0.1:5999")
    from bot.bench.nlu import bench_nlu

    assert bench_nlu("rasa", None, None) == {"ok": True}
    assert bench_nlu("embedded", None, None) == {"ok": True}
    assert seen == [("rasa", None, "http://127.0.0.1:5999"), ("embedded", None, None)]


def test_evaluating_rasa_never_falls_back_silently(tmp_path: Path) -> None:
    data = write(tmp_path, "t.csv", "text,intent\nhiya,greet\n")
    closed = "http://127.0.0.1:9"  # nothing listens on the discard port
    result = runner.invoke(
        app, ["test", str(data), "--engine", "rasa", "--rasa-url", closed, "--out", str(tmp_path)]
    )
    assert result.exit_code == 1
    assert "Rasa server did not answer" in result.output
    assert not (tmp_path / "rasa").exists()
