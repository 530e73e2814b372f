"""`safeguarding.model` in config.yml: validated, applied at start-up, and a bad model file stops start-up."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer

import safeguarding.screening as screening
from bot.app.config import ConfigError, load_config, parse_config
from bot.app.context import configure_screening_model
from bot.cli.common import lexicon_or_exit
from safeguarding.model_file import DEFAULT_MODEL_PATH, ModelFileError, load_model

ROOT = Path(__file__).resolve().parents[2]
GOOD = (ROOT / "config.yml").read_text(encoding="utf-8")


def test_the_shipped_config_states_the_packaged_models_thresholds() -> None:
    config = load_config(ROOT / "config.yml").safeguarding.model
    model = load_model(DEFAULT_MODEL_PATH)
    assert config.enabled and config.path is None
    # Retraining changes the thresholds: copy the ones `waymark safeguarding train` prints into config.yml.
    assert (config.high_threshold, config.concern_threshold, config.immediate_threshold) == (
        model.high_threshold,
        model.concern_threshold,
        model.immediate_threshold,
    )
    # The everyday (lowering) bar may be stricter (higher: fewer lexicon highs lowered), never looser:
    # screen-v22's training chose 0.79 (0.84 kept), v20's 0.81 (0.84 kept), v19's 0.84, v18's 0.82 (0.84
    # kept), v17's 0.84 (v16's 0.83, v15's 0.79, v14's 0.82, v13's 0.81, v12's 0.82, v11's and v10's 0.81,
    # where config.yml kept 0.82; docs/safeguarding-model.md, screen-v8).
    assert model.everyday_threshold is not None and config.everyday_threshold is not None
    assert config.everyday_threshold >= model.everyday_threshold
    # The lexicon-concern bar may be set stricter (higher) than the trained one, never looser: screen-v5's
    # training chose 0.30, screen-v6's 0.54, screen-v7's 0.56; config.yml keeps 0.67
    # (docs/safeguarding-model.md, screen-v5).
    trained = model.lexicon_concern_threshold
    assert trained is not None and config.lexicon_concern_threshold is not None
    assert trained <= config.lexicon_concern_threshold < config.high_threshold
    assert model.everyday_threshold is not None and model.immediate_threshold is not None


@pytest.mark.parametrize(
    ("old", "new", "key"),
    [
        ("    high_threshold: ", "    high_threshold: 1.5 #", "safeguarding.model.high_threshold"),
        ("    concern_threshold: ", "    concern_threshold: 0 #", "safeguarding.model.concern_threshold"),
        ("    everyday_threshold: ", "    everyday_threshold: 1 #", "safeguarding.model.everyday_threshold"),
        (
            "    immediate_threshold: ",
            "    immediate_threshold: 0 #",
            "safeguarding.model.immediate_threshold",
        ),
        (
            "    lexicon_concern_threshold: ",
            "    lexicon_concern_threshold: 1 #",
            "safeguarding.model.lexicon_concern_threshold",
        ),
        ("    enabled: true", "    enabled: maybe", "safeguarding.model.enabled"),
        ("    enabled: true", "    enabled: true\n    colour: blue", "safeguarding.model.colour"),
    ],
)
def test_bad_model_settings_name_the_key_and_line(old: str, new: str, key: str) -> None:
    assert old in GOOD
    with pytest.raises(ConfigError, match=rf"config.yml:\d+: {key}"):
        parse_config(GOOD.replace(old, new, 1))


def test_a_concern_threshold_above_the_high_one_is_a_config_error() -> None:
    assert "    concern_threshold: " in GOOD
    with pytest.raises(
        ConfigError, match=r"config.yml:\d+: safeguarding.model.*concern_threshold \(0.995\) must not"
    ):
        parse_config(GOOD.replace("    concern_threshold: ", "    concern_threshold: 0.995 #", 1))


def test_a_concern_threshold_above_the_paired_first_look_is_a_config_error(tmp_path: Path) -> None:
    """With the second look on, the first look's high bar is second_look.first_look_high_threshold (0.9):
    a concern bar above it cannot be built. Start-up says so instead of failing with a traceback."""
    config = parse_config(
        GOOD.replace("    concern_threshold: ", "    concern_threshold: 0.93 #", 1).replace(
            "    high_threshold: ", "    high_threshold: 0.95 #", 1
        )
    )
    with pytest.raises(ConfigError, match=r"safeguarding.model: thresholds must satisfy"):
        configure_screening_model(config, tmp_path / "config.yml")


#: config.yml with the second look off: the first look's high threshold is then model.high_threshold (with it
#: on, the paired second_look.first_look_high_threshold).
NO_SECOND_LOOK = GOOD.replace("  second_look:\n    enabled: true", "  second_look:\n    enabled: false", 1)


def test_configured_thresholds_and_switching_off_reach_the_screener() -> None:
    assert NO_SECOND_LOOK != GOOD
    config = parse_config(NO_SECOND_LOOK.replace("    high_threshold: ", "    high_threshold: 0.999 #", 1))
    configure_screening_model(config, ROOT / "config.yml")
    classifier = screening.default_screener().classifier
    assert classifier is not None and classifier.high_threshold == 0.999
    # With the second look on, the paired first-look threshold from config.yml reaches the screener.
    paired = GOOD.replace("    first_look_high_threshold: ", "    first_look_high_threshold: 0.995 #", 1)
    configure_screening_model(parse_config(paired), ROOT / "config.yml")
    classifier = screening.default_screener().classifier
    assert classifier is not None and classifier.high_threshold == 0.995
    configure_screening_model(parse_config(GOOD.replace("    enabled: true", "    enabled: false", 1)), ROOT)
    assert screening.default_screener().classifier is None


def test_a_deferred_model_is_read_on_the_first_screen_with_the_configured_thresholds() -> None:
    """`waymark` commands that screen nothing configure the model without reading it (load=False); if
    one ever screens, the first screen reads it with config.yml's thresholds, not the file's."""
    configure_screening_model(parse_config(GOOD), ROOT / "config.yml")  # something loaded already
    assert screening.is_loaded()
    config = parse_config(NO_SECOND_LOOK.replace("    high_threshold: ", "    high_threshold: 0.999 #", 1))
    configure_screening_model(config, ROOT / "config.yml", load=False)
    assert not screening.is_loaded()  # what was loaded was for other settings: dropped, not kept
    assert screening.screen("i want to kill myself tonight").severity == "immediate"
    classifier = screening.default_screener().classifier
    assert classifier is not None and classifier.high_threshold == 0.999


def test_a_deferred_corrupt_model_fails_closed_at_the_first_screen(tmp_path: Path) -> None:
    bad = tmp_path / "screen-bad.json"
    bad.write_text("{", encoding="utf-8")
    config = parse_config(GOOD.replace("    path: null", f"    path: {bad.name}", 1))
    configure_screening_model(config, tmp_path / "config.yml", load=False)  # not read: no error yet
    assessment = screening.screen("see you at 4")
    assert assessment.severity == "high" and "unscreened" in assessment.categories


def test_a_corrupt_model_file_stops_start_up_naming_the_file(tmp_path: Path) -> None:
    bad = tmp_path / "screen-bad.json"
    bad.write_text('{"format": "waymark-screen-model/1", "version": "x"', encoding="utf-8")
    config = parse_config(GOOD.replace("    path: null", f"    path: {bad.name}", 1))
    with pytest.raises(
        ConfigError, match=r"safeguarding.model: safeguarding model file .*screen-bad.json: not valid JSON"
    ):
        configure_screening_model(config, tmp_path / "config.yml")
    missing = parse_config(GOOD.replace("    path: null", "    path: nowhere.json", 1))
    with pytest.raises(ConfigError, match=r"nowhere.json: cannot read"):
        configure_screening_model(missing, tmp_path / "config.yml")


def test_a_model_file_with_a_bad_field_is_refused(tmp_path: Path) -> None:
    data = json.loads(DEFAULT_MODEL_PATH.read_text(encoding="utf-8"))
    data["thresholds"]["high"] = 2
    bad = tmp_path / "screen-v9.json"
    bad.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ModelFileError, match=r"screen-v9.json: thresholds.high: must be between 0 and 1"):
        load_model(bad)
    data["thresholds"]["high"] = load_model().high_threshold
    data["thresholds"]["immediate"] = 1.0
    bad.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ModelFileError, match=r"thresholds.immediate: must be between 0 and 1"):
        load_model.__wrapped__(bad)
    # A screen-v2 file (format 1: none, concern, flagged; no immediate class) is no longer read.
    data["format"], data["classes"] = "waymark-screen-model/1", ["none", "concern", "flagged"]
    bad.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ModelFileError, match=r"format must be 'waymark-screen-model/2'"):
        load_model.__wrapped__(bad)


def test_a_broken_packaged_model_stops_start_up(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    monkeypatch.setattr(screening, "_default", None)
    monkeypatch.setattr(screening, "_settings", screening.ModelSettings(path=tmp_path / "gone.json"))
    with pytest.raises(typer.Exit) as stopped:
        lexicon_or_exit()
    assert stopped.value.exit_code == 2
    assert "gone.json: cannot read" in capsys.readouterr().err
