"""Training the learned screen: deterministic files, and a run-time scorer equal to scikit-learn."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import numpy as np
import pytest

from safeguarding.classifier import Classifier
from safeguarding.lexicon import Lexicon
from safeguarding.model_corpus import DEFAULT_CORPUS_DIR, CorpusError, read_corpus_dir
from safeguarding.model_file import dumps, parse_model, write_model
from safeguarding.model_table import load_compact
from safeguarding.training import GRID, TrainResult, TrainSettings, choose_thresholds, train

SMALL = TrainSettings(folds=2, repeats=2, lexicon_examples=False, word_features=2000, char_features=4000)


def small_corpus(folder: Path) -> Path:
    """Every 12th row of the repository's corpus, in two files (written in a shuffled order)."""
    rows = read_corpus_dir(DEFAULT_CORPUS_DIR)[::12]
    folder.mkdir(parents=True, exist_ok=True)
    for name, part in (("b.csv", rows[::2]), ("a.csv", rows[1::2])):
        with (folder / name).open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(["text", "severity", "category", "style", "source"])
            writer.writerows([r.text, r.severity, r.category, r.style, r.source] for r in reversed(part))
    return folder


@pytest.fixture(scope="module")
def trained(lexicon: Lexicon, tmp_path_factory: pytest.TempPathFactory) -> TrainResult:
    return train(lexicon, small_corpus(tmp_path_factory.mktemp("corpus")), SMALL)


def test_training_twice_gives_byte_identical_files(
    trained: TrainResult, lexicon: Lexicon, tmp_path: Path
) -> None:
    again = train(lexicon, small_corpus(tmp_path / "corpus"), SMALL)
    assert dumps(again.model) == dumps(trained.model)
    assert trained.model.training["corpus_sha256"] == again.model.training["corpus_sha256"]
    assert trained.model.training["lexicon_version"] == lexicon.version


def test_runtime_scorer_equals_sklearn_predict_proba(trained: TrainResult) -> None:
    # Through the written JSON, as the app loads it, so the file keeps every float exactly.
    model = parse_model(json.loads(dumps(trained.model)))
    classifier = Classifier(model, 0.9, 0.9)
    texts = [
        *trained.data.canonical[:250],
        " i want to sleep forever and never wake up ",
        " i want to sleep forever and never wake up i want ",  # repeated words and n-grams
        " zzqx qqqq ",  # no known n-gram at all
        " ",
        " hello hello hello hello ",
        " my mum said i could go to the park after school if i finish my homework first ",
    ]
    expected = trained.fitted.predict_proba(texts)
    for text, row in zip(texts, expected, strict=True):
        got = classifier.probabilities(text)
        assert np.allclose([got.none, got.concern, got.high, got.immediate], row, rtol=0, atol=1e-9), text
    assert len(texts) > 250


def test_compact_tables_read_from_a_written_file_equal_sklearn(trained: TrainResult, tmp_path: Path) -> None:
    # A freshly trained file (not the packaged one), read the way `build_classifier` reads it.
    path = tmp_path / "screen-test.json"
    write_model(trained.model, path)
    tables = load_compact(path)
    assert tables.info.blocks == {}  # the parsed weights are not kept
    assert len(tables.word) == len(trained.model.blocks["word"])
    assert len(tables.char) == len(trained.model.blocks["char"])
    texts = [*trained.data.canonical[250:400], " i want to sleep forever and never wake up ", " "]
    expected = trained.fitted.predict_proba(texts)
    classifier = Classifier(tables, 0.9, 0.9)
    for text, row in zip(texts, expected, strict=True):
        got = classifier.probabilities(text)
        assert np.allclose([got.none, got.concern, got.high, got.immediate], row, rtol=0, atol=1e-9), text


def test_thresholds_are_the_lowest_that_fit_the_false_alarm_budgets() -> None:
    labels = np.array([0] * 400 + [2] * 100)
    probs = np.zeros((500, 4))
    probs[:, 0] = 1.0
    probs[:400, 2] = np.linspace(0.0, 0.8, 400)  # everyday texts: the highest at 0.8
    probs[:400, 0] = 1.0 - probs[:400, 2]
    probs[400:, 2] = 0.95
    probs[400:, 0] = 0.05
    high, concern = choose_thresholds(probs, labels, TrainSettings(high_budget=0.0025, any_budget=0.01))
    assert high in GRID and concern in GRID
    assert np.mean(probs[:400, 2] >= high) <= 0.0025
    assert np.mean(probs[:400, 2] >= round(high - 0.01, 2)) > 0.0025  # one step lower breaks the budget


def test_the_packaged_model_records_its_corpus_thresholds_and_figures() -> None:
    from safeguarding.model_file import load_model

    model = load_model()
    assert model.version == "screen-v22"
    assert model.features.word_max == 3
    assert len(model.training["corpus_sha256"]) == 64
    assert 0 < model.concern_threshold <= model.high_threshold < 1
    assert model.immediate_threshold is not None and 0 < model.immediate_threshold < 1
    # The lexicon-concern bar, when there is one, is lower than the high threshold it stands in for.
    bar = model.lexicon_concern_threshold
    assert bar is None or 0 < bar < model.high_threshold
    # Chosen on the measured rounds' everyday files, each scored by a model that never saw its round.
    settings = model.training["settings"]
    rounds = model.validation["rounds"]
    everyday = [figures for name, figures in rounds.items() if name.startswith("everyday_round")]
    assert len(everyday) >= 2
    texts = sum(f["everyday_texts"] for f in everyday)
    high = sum(f["false_alarm_high"] * f["everyday_texts"] for f in everyday) / texts
    anything = sum(f["false_alarm_any"] * f["everyday_texts"] for f in everyday) / texts
    # Each round's figures are stored rounded to 4 places: pooled, they may overshoot by that rounding
    # (screen-v16: 0.0050029 against 0.005).
    rounding = 0.00005
    assert high <= settings["round_high_budget"] + rounding
    assert anything <= settings["round_any_budget"] + rounding
    # The immediate threshold raised at most its budget of the rounds' blind texts labelled high.
    blind = [figures for name, figures in rounds.items() if name.startswith("blind_round")]
    assert all(f["high_as_immediate"] is not None for f in blind)
    assert (DEFAULT_CORPUS_DIR.parent.parent / "model" / "screen-v22.json").stat().st_size < 5_000_000


def test_a_bad_corpus_row_names_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("text,severity,category,style,source\nhello,none,,plain,me\nhi,maybe,,plain,me\n")
    with pytest.raises(CorpusError, match=r"bad.csv:3: severity 'maybe'"):
        read_corpus_dir(tmp_path)
    path.write_text("text,severity\nhello,none\n")
    with pytest.raises(CorpusError, match=r"bad.csv:1: header"):
        read_corpus_dir(tmp_path)
