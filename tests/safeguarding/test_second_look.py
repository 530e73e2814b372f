"""The second look: its head equals the joint scikit-learn fit, its file is deterministic, it only raises."""

from __future__ import annotations

import csv
import json
import re
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import scipy.sparse as sp

import safeguarding.screening as screening
from bot.app.config import load_config
from bot.app.context import configure_screening_model
from safeguarding import second_look
from safeguarding.assessment import SEVERITY_ORDER, Assessment, Match, Severity
from safeguarding.encoder import shared_encoder
from safeguarding.lexicon import Lexicon
from safeguarding.matcher import Matcher
from safeguarding.model_corpus import DEFAULT_CORPUS_DIR, read_corpus_dir
from safeguarding.model_file import ModelFileError
from safeguarding.second_look import SecondLook, SecondLookSettings, needs_second_look
from safeguarding.second_look_file import (
    DEFAULT_SECOND_LOOK_PATH,
    SecondLookModel,
    dumps,
    load_second_look,
    parse_second_look,
    write_second_look,
)
from safeguarding.second_look_training import SecondLookSettings as TrainLook
from safeguarding.second_look_training import embed, fit_joint, train_second_look
from safeguarding.training import TrainingSet, TrainSettings, training_set_from_rows

SMALL = TrainSettings(lexicon_examples=False, word_features=2000, char_features=4000)
LOOK = TrainLook(
    band_floor=0.2, high_threshold=0.5, dense_weight=2.0, mlp_hidden=None
)  # the joint model decides
MLP_LOOK = TrainLook(band_floor=0.2, high_threshold=0.5, mlp_hidden=16)  # the MLP decides (second-look-v6 on)


@pytest.fixture(scope="module")
def data(lexicon: Lexicon) -> TrainingSet:
    return training_set_from_rows(lexicon, read_corpus_dir(DEFAULT_CORPUS_DIR)[::40])


@pytest.fixture(scope="module")
def embedded(data: TrainingSet) -> np.ndarray:
    """The training texts' embeddings, worked out once for the module (test_training_twice... embeds
    them again itself, so the file is still compared with one made from scratch)."""
    return embed(shared_encoder(), data.canonical, LOOK.batch_size)


@pytest.fixture(scope="module")
def head(data: TrainingSet, embedded: np.ndarray) -> SecondLookModel:
    return train_second_look(data, shared_encoder(), {"texts": len(data.rows)}, SMALL, LOOK, embedded)


@pytest.fixture(scope="module")
def mlp_head(data: TrainingSet, embedded: np.ndarray) -> SecondLookModel:
    return train_second_look(data, shared_encoder(), {"texts": len(data.rows)}, SMALL, MLP_LOOK, embedded)


def _normalise(lexicon: Lexicon) -> object:
    return lambda raw: lexicon.normaliser.normalise(raw).text


def test_training_twice_gives_byte_identical_files(
    data: TrainingSet, head: SecondLookModel, tmp_path: Path
) -> None:
    again = train_second_look(data, shared_encoder(), {"texts": len(data.rows)}, SMALL, LOOK)
    assert dumps(again) == dumps(head)
    write_second_look(head, tmp_path / "head.json")
    loaded = load_second_look(tmp_path / "head.json")
    assert dumps(loaded) == dumps(head)
    assert (loaded.band_floor, loaded.high_threshold) == (0.2, 0.5)


def test_head_equals_the_joint_fit(data: TrainingSet, embedded: np.ndarray, head: SecondLookModel) -> None:
    dense = LOOK.dense_weight * embedded
    fitted, _ = fit_joint(data.canonical, data.labels, SMALL, dense)
    texts = data.canonical[:60]
    matrix = sp.hstack(
        [fitted.word.transform(texts), fitted.char.transform(texts), sp.csr_matrix(dense[:60])]
    )
    expected = fitted.estimator.predict_proba(matrix.tocsr())
    look = SecondLook(parse_second_look(json.loads(dumps(head))), shared_encoder(), 0.2, 0.5)
    found = np.array([list(look.probabilities(text).__dict__.values()) for text in texts])
    assert np.abs(found - expected).max() < 1e-5


def test_an_mlp_head_trains_to_the_same_bytes_and_loads(
    mlp_head: SecondLookModel, data: TrainingSet, embedded: np.ndarray
) -> None:
    again = train_second_look(data, shared_encoder(), {"texts": len(data.rows)}, SMALL, MLP_LOOK, embedded)
    assert dumps(again) == dumps(mlp_head)
    loaded = parse_second_look(json.loads(dumps(mlp_head)))
    assert loaded.mlp is not None and loaded.mlp.w1.shape == (384, 16)


def test_the_mlp_decides_and_equals_scikit_learns_network(
    mlp_head: SecondLookModel, data: TrainingSet, embedded: np.ndarray
) -> None:
    """The file's network gives scikit-learn's predict_proba (classes in the file's order), and the second
    look's probabilities are the network's, not the joint model's."""
    from sklearn.neural_network import MLPClassifier
    from threadpoolctl import threadpool_limits

    dense = embedded
    network = MLPClassifier(hidden_layer_sizes=(16,), early_stopping=True, random_state=0, max_iter=200)
    with threadpool_limits(1):
        network.fit(dense, data.labels)
    expected = network.predict_proba(dense[:60])
    assert mlp_head.mlp is not None
    found = np.array([mlp_head.mlp.probabilities(row) for row in dense[:60]])
    assert np.abs(found - expected).max() < 1e-9
    look = SecondLook(parse_second_look(json.loads(dumps(mlp_head))), shared_encoder(), 0.2, 0.5)
    through = np.array([list(look.probabilities(text).__dict__.values()) for text in data.canonical[:20]])
    assert np.abs(through - expected[:20]).max() < 1e-5


def test_an_mlp_hit_says_which_model_decided(mlp_head: SecondLookModel, lexicon: Lexicon) -> None:
    look = SecondLook(mlp_head, shared_encoder(), 0.2, 0.01)  # every text in the band passes
    found = look.judge("i dont want to be here anymore", _first("none", 0.6), _normalise(lexicon))  # type: ignore[arg-type]
    assert found.severity == "high"
    assert found.matches[-1].note.startswith("second look (the sentence embedding's network): similar")


def test_a_corrupt_mlp_section_is_refused(mlp_head: SecondLookModel) -> None:
    data = json.loads(dumps(mlp_head))
    data["mlp"]["w2"] = data["mlp"]["w2"][:3]
    with pytest.raises(ModelFileError, match=r"mlp\.w2"):
        parse_second_look(data)
    data = json.loads(dumps(mlp_head))
    data["mlp"]["b1"][0] = float("nan")
    with pytest.raises(ModelFileError, match=r"mlp\.b1"):
        parse_second_look(data)
    data = json.loads(dumps(mlp_head))
    data["mlp"]["b2"][0] = "0.5"  # a string numpy would quietly convert
    with pytest.raises(ModelFileError, match=r"mlp\.b2"):
        parse_second_look(data)
    data = json.loads(dumps(mlp_head))
    data["mlp"]["hidden"] = True
    with pytest.raises(ModelFileError, match="hidden"):
        parse_second_look(data)


def test_a_corrupt_or_foreign_head_is_refused(head: SecondLookModel) -> None:
    data = json.loads(dumps(head))
    data["encoder"]["model_sha256"] = "0" * 64
    with pytest.raises(ModelFileError, match="another encoder"):
        parse_second_look(data)
    data = json.loads(dumps(head))
    data["dense"]["coef"] = data["dense"]["coef"][:3]
    with pytest.raises(ModelFileError, match="coef"):
        parse_second_look(data)


def _first(severity: Severity, flagged: float | None) -> Assessment:
    match = Match("model", severity, "model.screen-v9", "x", kind="model") if severity != "none" else None
    return Assessment(
        severity, ["model"] if match else [], [match] if match else [], "lex", model_flagged=flagged
    )


def test_judge_only_raises(head: SecondLookModel, data: TrainingSet, lexicon: Lexicon) -> None:
    look = SecondLook(head, shared_encoder(), 0.2, 0.5)
    normalise = _normalise(lexicon)
    raised = 0
    for row in data.rows[:80]:
        for severity in ("none", "concern", "high", "immediate"):
            first = _first(severity, 0.6)
            found = look.judge(row.text, first, normalise)  # type: ignore[arg-type]
            assert SEVERITY_ORDER[found.severity] >= SEVERITY_ORDER[severity]
            assert found.matches[: len(first.matches)] == first.matches
            if found is not first:
                raised += 1
                assert found.severity == "high" and severity in ("none", "concern")
                assert found.matches[-1].note.startswith(
                    "second look (the joint model): similar to known risk"
                )
                assert found.matches[-1].entry_id == "second-look.second-look-v19"
                assert "model" in found.categories
    assert raised > 0  # the head does raise some of these texts, so the checks above ran on raises
    # Out of the band: never judged, whatever the text.
    for flagged in (None, 0.1):
        first = _first("none", flagged)
        assert look.judge("i am going to end it all tonight", first, normalise) is first  # type: ignore[arg-type]


def test_a_raise_with_an_immediacy_cue_in_the_message_is_immediate(
    head: SecondLookModel, lexicon: Lexicon
) -> None:
    """As for the first look's model hit: the second look finds risk, the lexicon's cues say when."""
    look = SecondLook(head, shared_encoder(), 0.2, 0.01)  # a threshold every text in the band passes
    normalise = _normalise(lexicon)
    cue = second_look.cue_finder(lexicon, Matcher(lexicon))
    first = _first("concern", 0.6)
    now = look.judge("i dont want to be here anymore, im doing it tonight", first, normalise, cue)  # type: ignore[arg-type]
    assert now.severity == "immediate"
    assert [m.kind for m in now.matches[-2:]] == ["model", "immediacy"]
    assert now.matches[-1].note == "cue in this message; raises the second look's hit"
    for text in ("i dont want to be here anymore", "i wanted to die last year but im fine now"):
        assert look.judge(text, first, normalise, cue).severity == "high", text  # type: ignore[arg-type]
    assert look.judge("i dont want to be here tonight", first, normalise).severity == "high"  # type: ignore[arg-type]


@pytest.fixture
def configured(tmp_path: Path, head: SecondLookModel) -> Path:
    """The head written to a file; tests/conftest.py puts config.yml's settings back after each test."""
    path = tmp_path / "head.json"
    write_second_look(head, path)
    return path


def test_band_check(configured: Path) -> None:
    second_look.configure_second_look(SecondLookSettings(path=configured, band_floor=0.4))
    assert needs_second_look(_first("none", 0.4))
    assert needs_second_look(_first("concern", 0.85))
    assert not needs_second_look(_first("none", 0.39))
    assert not needs_second_look(_first("none", None))  # the learned screen did not run
    assert not needs_second_look(_first("high", 0.95))  # already flagged
    second_look.configure_second_look(SecondLookSettings(path=configured))  # the file's floor, 0.2
    assert needs_second_look(_first("none", 0.2)) and not needs_second_look(_first("none", 0.19))
    second_look.configure_second_look(SecondLookSettings(enabled=False, path=configured))
    assert not needs_second_look(_first("none", 0.9))


def test_judge_loads_lazily_and_raises_when_it_cannot(configured: Path, tmp_path: Path) -> None:
    second_look.configure_second_look(SecondLookSettings(path=configured, high_threshold=0.01))
    first = replace(_first("none", 0.5), lexicon_version="x")
    found = second_look.judge("nobody would care if i was gone", ["earlier message"], first)
    assert found.severity == "high" and found.matches[-1].kind == "model"
    now = second_look.judge("nobody would care if i was gone now", ["earlier message"], first)
    assert now.severity == "immediate" and [m.kind for m in now.matches[-2:]] == ["model", "immediacy"]
    second_look.configure_second_look(SecondLookSettings(path=tmp_path / "missing.json"))
    with pytest.raises(ModelFileError):
        second_look.judge("hello", [], first)


def test_the_shipped_config_states_the_packaged_heads_thresholds() -> None:
    root = Path(__file__).resolve().parents[2]
    look = load_config(root / "config.yml").safeguarding.second_look
    head = load_second_look(DEFAULT_SECOND_LOOK_PATH)
    assert look.path is None
    # Retraining writes the thresholds into the head file: copy the ones `safeguarding train` prints here.
    assert (look.band_floor, look.high_threshold, look.first_look_high_threshold) == (
        head.band_floor,
        head.high_threshold,
        head.first_look_high_threshold,
    )
    assert head.band_floor < head.first_look_high_threshold


def test_turning_it_on_pairs_the_first_looks_high_threshold(tmp_path: Path) -> None:
    root = Path(__file__).resolve().parents[2]
    text = (root / "config.yml").read_text(encoding="utf-8")
    shipped = re.search(r"second_look:\n    enabled: (true|false)", text)
    assert shipped is not None
    model_high = re.search(r"  model:\n(?:    .*\n)*?    high_threshold: ([0-9.]+)", text)
    assert model_high is not None
    for enabled, expected in (("true", 0.9), ("false", float(model_high.group(1)))):
        changed = text.replace(shipped.group(0), f"second_look:\n    enabled: {enabled}")
        path = tmp_path / "config.yml"
        path.write_text(changed, encoding="utf-8")
        configure_screening_model(load_config(path), path)
        classifier = screening.default_screener().classifier
        assert classifier is not None and classifier.high_threshold == expected
        assert needs_second_look(_first("none", 0.75)) is (enabled == "true")


def test_train_command_writes_the_head_beside_the_model(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from typer.testing import CliRunner

    import safeguarding.second_look_training as look_training
    import safeguarding.training as training
    from bot.cli.safeguarding_cmd import app

    # The command's wiring, not the full-size fit (a fit per blind round for the thresholds, 3 x 5 folds,
    # 45,000 n-gram columns: ~4 minutes, a fifth of the default run): the same command and corpus with the
    # lexicon's examples in, but one 2-fold cross-validation, fewer n-gram columns and the thresholds from
    # it (tests/safeguarding/test_model_training.py trains with the per-round thresholds).
    quick = replace(
        TrainSettings(), folds=2, repeats=1, word_features=2000, char_features=4000, round_thresholds=False
    )
    real_train, real_look = training.train, look_training.train_second_look
    calls: list[str] = []

    def train(*args: Any, **kwargs: Any) -> Any:
        assert kwargs.get("settings") is None, "the command trains with its default settings"
        calls.append("train")
        return real_train(*args, settings=quick, **kwargs)

    def train_second_look(*args: Any, **kwargs: Any) -> Any:
        assert len(args) == 3 and kwargs.get("settings") is None
        calls.append("second look")
        return real_look(*args, settings=quick, **kwargs)

    monkeypatch.setattr(training, "train", train)
    monkeypatch.setattr(look_training, "train_second_look", train_second_look)

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    with (corpus / "a.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["text", "severity", "category", "style", "source"])
        rows = read_corpus_dir(DEFAULT_CORPUS_DIR)[::60]
        writer.writerows([r.text, r.severity, r.category, r.style, r.source] for r in rows)
    model, head = tmp_path / "screen.json", tmp_path / "head.json"
    args = ["train", "--corpus", str(corpus), "--out", str(model), "--second-look-out", str(head)]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "second look second-look-v19" in result.output
    assert "first_look_high_threshold: 0.9" in result.output
    assert calls == ["train", "second look"]
    loaded = load_second_look(head)
    assert (loaded.band_floor, loaded.high_threshold) == (0.5, 0.63)
    assert loaded.mlp is not None and loaded.mlp.b1.shape == (256,)
    assert loaded.training["corpus_sha256"] == json.loads(model.read_text())["training"]["corpus_sha256"]
