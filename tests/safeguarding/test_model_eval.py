"""`waymark safeguarding eval`: per-layer figures and the calibration plot; `train` writes a model file."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from bot.app.config import load_config
from bot.cli.safeguarding_cmd import app
from safeguarding.assessment import SEVERITY_ORDER
from safeguarding.evaluation import read_cases
from safeguarding.lexicon import Lexicon
from safeguarding.model_evaluation import calibration_bins, evaluate_layers
from safeguarding.screening import ModelSettings, build_classifier
from safeguarding.second_look import SecondLookSettings, build_second_look

runner = CliRunner()
CASES = "text,severity,category\ni want to die,high,suicide\nhello,none,\nim being bullied,concern,bullying\n"


def test_eval_prints_each_layer_and_keeps_the_old_keys(tmp_path: Path) -> None:
    path = tmp_path / "cases.csv"
    path.write_text(CASES, encoding="utf-8")
    result = runner.invoke(app, ["eval", str(path)])
    assert result.exit_code == 0, result.output
    assert "flagged recall (high+immediate)" in result.output
    for label in ("lexicon alone", "model alone", "lexicon + model", "+ second look"):
        assert label in result.output
    result = runner.invoke(app, ["eval", str(path), "--json"])
    data = json.loads(result.stdout)
    assert data["flagged_recall"] == 1.0 and "misses" in data and "confusion" in data
    assert set(data["layers"]) == {"lexicon", "model", "combined", "second_look"}
    assert data["layers"]["second_look"]["flagged_recall"] == data["flagged_recall"]
    assert data["model"]["version"] == "screen-v22"
    assert set(data["calibration"]) == {"flagged", "any_risk"}
    result = runner.invoke(app, ["eval", str(path), "--json", "--no-second-look"])
    data = json.loads(result.stdout)
    assert set(data["layers"]) == {"lexicon", "model", "combined"}
    assert data["layers"]["combined"]["flagged_recall"] == data["flagged_recall"]


def _config_with(tmp_path: Path, **values: str) -> Path:
    """The shipped config.yml with some ``safeguarding.model`` / ``second_look`` lines changed."""
    text = Path("config.yml").read_text(encoding="utf-8")
    for key, value in values.items():
        lines = text.splitlines()
        at = next(i for i, line in enumerate(lines) if line.strip().startswith(f"{key}:"))
        indent = lines[at][: len(lines[at]) - len(lines[at].lstrip())]
        lines[at] = f"{indent}{key}: {value}"
        text = "\n".join(lines) + "\n"
    path = tmp_path / "config.yml"
    path.write_text(text, encoding="utf-8")
    return path


def test_eval_measures_the_thresholds_in_config_not_only_the_model_files(tmp_path: Path) -> None:
    cases = tmp_path / "cases.csv"
    cases.write_text(CASES, encoding="utf-8")
    model = build_classifier(ModelSettings())
    assert model is not None

    def measured(*args: str) -> dict[str, object]:
        result = runner.invoke(app, ["eval", str(cases), "--json", *args])
        assert result.exit_code == 0, result.output
        found: dict[str, object] = json.loads(result.stdout)["model"]
        return found

    config = load_config(Path("config.yml")).safeguarding
    shipped = measured("--config", "config.yml")
    on_concern = config.model.lexicon_concern_threshold
    assert shipped["lexicon_concern_threshold"] == on_concern != model.model.lexicon_concern_threshold
    assert shipped["everyday_threshold"] == config.model.everyday_threshold
    assert shipped["high_threshold"] == config.second_look.first_look_high_threshold  # paired with the look
    no_look = measured("--config", "config.yml", "--no-second-look")["high_threshold"]
    assert no_look == config.model.high_threshold != config.second_look.first_look_high_threshold
    own = measured("--model-file-thresholds")
    assert own["lexicon_concern_threshold"] == model.model.lexicon_concern_threshold
    assert own["everyday_threshold"] == model.everyday_threshold
    changed = _config_with(tmp_path, lexicon_concern_threshold="0.71", first_look_high_threshold="0.93")
    found = measured("--config", str(changed))
    assert found["lexicon_concern_threshold"] == 0.71 and found["high_threshold"] == 0.93
    off = _config_with(tmp_path, enabled="false")  # the first `enabled:` in the file is safeguarding.model's
    result = runner.invoke(app, ["eval", str(cases), "--config", str(off)])
    assert result.exit_code == 2 and "not enabled" in result.output
    bad = tmp_path / "bad.yml"
    bad.write_text("safeguarding: [\n", encoding="utf-8")
    result = runner.invoke(app, ["eval", str(cases), "--config", str(bad)])
    assert result.exit_code == 2 and "bad.yml" in result.output


def test_the_second_look_layer_only_raises(lexicon: Lexicon, tmp_path: Path) -> None:
    path = tmp_path / "cases.csv"
    rows = [
        "im sat in the car with the engine running in the garage,high,suicide",
        "got off my shift and drove to the cliffs. walking to the edge now,immediate,suicide",
        "can we move my appointment,none,",
        "the bus is late again,none,",
        "hello can i ask something,none,",
    ]
    path.write_text("text,severity,category\n" + "\n".join(rows) + "\n", encoding="utf-8")
    classifier = build_classifier(ModelSettings())
    assert classifier is not None
    # A band and a threshold near 0 (second-look-v10 gives "hello" P(flagged) 7e-10): every text the first
    # look left below high is read again and raised.
    look = build_second_look(SecondLookSettings(band_floor=1e-15, high_threshold=1e-15))
    report = evaluate_layers(read_cases(path), lexicon, classifier, second_look=look)
    assert report.second is not None and report.in_band > 0
    for first, second in zip(report.combined.outcomes, report.second.outcomes, strict=True):
        assert SEVERITY_ORDER[second.severity] >= SEVERITY_ORDER[first.severity]
    figures = report.layer_figures()
    assert figures["second_look"]["flagged_recall"] == 1.0
    assert figures["combined"]["flagged_false_positive_rate"] == 0.0
    assert figures["second_look"]["flagged_false_positive_rate"] == 1.0


def test_layers_differ_when_only_the_model_finds_a_text(lexicon: Lexicon, tmp_path: Path) -> None:
    path = tmp_path / "cases.csv"
    path.write_text("text,severity,category\nwhat time is my appointment,none,\n", encoding="utf-8")
    classifier = build_classifier(ModelSettings(high_threshold=0.000001, concern_threshold=0.000001))
    assert classifier is not None
    report = evaluate_layers(read_cases(path), lexicon, classifier)
    figures = report.layer_figures()
    assert figures["lexicon"]["flagged_false_positive_rate"] == 0.0
    assert figures["model"]["flagged_false_positive_rate"] == 1.0
    assert figures["combined"]["flagged_false_positive_rate"] == 1.0


def test_calibration_plot_is_a_png(tmp_path: Path) -> None:
    path = tmp_path / "cases.csv"
    path.write_text(CASES, encoding="utf-8")
    plot = tmp_path / "out" / "calibration.png"
    result = runner.invoke(app, ["eval", str(path), "--calibration", str(plot)])
    assert result.exit_code == 0, result.output
    assert plot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_calibration_bins_count_and_average() -> None:
    rows = calibration_bins([0.05, 0.15, 0.95, 1.0], [False, True, True, True], bins=10)
    assert [(r["low"], r["n"], r["observed"]) for r in rows] == [(0.0, 1, 0.0), (0.1, 1, 1.0), (0.9, 2, 1.0)]
