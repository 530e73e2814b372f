"""The compact form of a model file: any format-2 file, the same probabilities and reasons as its weights."""

from __future__ import annotations

import json
import math
import random
from pathlib import Path

import pytest

from safeguarding.assessment import Severity
from safeguarding.classifier import Classifier
from safeguarding.model_features import FeatureShape
from safeguarding.model_file import CLASSES, ModelData, ModelFileError, load_model, write_model
from safeguarding.model_table import REASON_CLASSES, WIDTH, TermTable, compact, load_compact

TEXTS = (
    " i want to die ",
    " i want to die i want to die ",  # repeated words and n-grams count each time
    " im fine thanks see you at four ",
    " zzqx qqqq ",  # nothing known
    " ",
    " my mum shouts at me and i cant sleep ",
)


def _grams(shape: FeatureShape) -> tuple[list[str], list[str]]:
    words: list[str] = []
    chars: list[str] = []
    for text in TEXTS:
        words += shape.words(text)
        chars += shape.chars(text)
    return sorted(set(words)), sorted(set(chars))


DEFAULT_SHAPE = FeatureShape()


def synthetic_model(seed: int, shape: FeatureShape = DEFAULT_SHAPE) -> ModelData:
    """A format-2 model over the n-grams of :data:`TEXTS` (every other one left out), random weights."""
    rng = random.Random(seed)
    words, chars = _grams(shape)

    def block(grams: list[str]) -> dict[str, tuple[float, ...]]:
        kept = [*grams[::2], "unseen gram", "qq"]
        return {g: (rng.uniform(1.0, 9.0), *(rng.gauss(0.0, 2.0) for _ in CLASSES)) for g in kept}

    return ModelData(
        version=f"screen-test-{seed}",
        intercept=tuple(rng.gauss(0.0, 1.0) for _ in CLASSES),
        blocks={"word": block(words), "char": block(chars)},
        high_threshold=0.5,
        concern_threshold=0.4,
        training={"texts": 0},
        validation={},
        everyday_threshold=0.9,
        features=shape,
        immediate_threshold=0.6,
    )


def reference(model: ModelData, canonical: str) -> list[float]:
    """The scoring formula written out: per block ``sum(idf * w) / sqrt(sum(idf**2))`` over every known
    n-gram occurrence, per class, plus the intercept, then softmax."""
    scores = list(model.intercept)
    for name, grams in (("word", model.features.words(canonical)), ("char", model.features.chars(canonical))):
        found = [model.blocks[name][g] for g in grams if g in model.blocks[name]]
        norm = sum(row[0] ** 2 for row in found)
        for k in range(len(CLASSES)):
            total = sum(row[0] * row[1 + k] for row in found)
            scores[k] += total / math.sqrt(norm) if norm > 0 else 0.0
    top = max(scores)
    exps = [math.exp(z - top) for z in scores]
    return [e / sum(exps) for e in exps]


@pytest.mark.parametrize(
    "seed, shape",
    [(1, FeatureShape()), (2, FeatureShape(word_max=3, char_min=2, char_max=5)), (3, FeatureShape(1, 3, 4))],
)
def test_a_written_file_scores_as_the_formula_says(seed: int, shape: FeatureShape, tmp_path: Path) -> None:
    model = synthetic_model(seed, shape)
    path = tmp_path / "model.json"
    write_model(model, path)
    tables = load_compact(path)
    classifier = Classifier(tables, 0.5, 0.4)
    assert classifier.version == model.version and tables.info.features == shape
    for text in TEXTS:
        got = classifier.probabilities(text)
        want = reference(model, text)
        assert [got.none, got.concern, got.high, got.immediate] == pytest.approx(want, abs=1e-12), text


def test_compact_and_parsed_weights_give_the_same_verdicts_bit_for_bit() -> None:
    model = synthetic_model(4, FeatureShape(word_max=3))
    from_dicts = Classifier(model, 0.5, 0.4, 0.9, 0.6)
    from_tables = Classifier(compact(model), 0.5, 0.4, 0.9, 0.6)
    for text in TEXTS:
        assert from_tables.judge(text) == from_dicts.judge(text)
        for towards in ("high", "immediate"):
            assert from_tables.reasons(text, towards=towards) == from_dicts.reasons(text, towards=towards)


def test_the_packaged_model_loads_compact_with_its_record() -> None:
    full = load_model()
    tables = load_compact()
    assert tables.info.blocks == {}
    assert (tables.info.version, tables.info.intercept, tables.info.training) == (
        full.version,
        full.intercept,
        full.training,
    )
    assert len(tables.word) == len(full.blocks["word"]) and len(tables.char) == len(full.blocks["char"])
    text = " i want to kill myself tonight "
    assert Classifier(tables, 0.9, 0.9).judge(text) == Classifier(full, 0.9, 0.9).judge(text)


def test_a_table_row_holds_idf_squared_then_idf_times_each_weight() -> None:
    table = TermTable.build({"a": (2.0, 1.0, -1.0, 3.0, 0.5), "b": (3.0, 0.0, 0.0, -1.0, 2.0)})
    assert list(table.terms[table.index["b"] : table.index["b"] + WIDTH]) == [9.0, 0.0, 0.0, -3.0, 6.0]
    high, immediate = range(len(REASON_CLASSES))
    # "a" pushes towards high (6 > 2) but not immediate (1 < 2); "b" towards immediate only
    assert table.pushes(high, ["a", "b", "a", "c"]) == {"a": 2}
    assert table.pushes(immediate, ["a", "b", "c"]) == {"b": 1}
    assert table.delta(high, "a") == 4.0 and table.delta(immediate, "b") == 6.0
    assert [list(row) for row in table.rows(["c", "a"])] == [[4.0, 2.0, -2.0, 6.0, 1.0]]


def test_a_corrupt_file_is_refused_naming_it(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    data = synthetic_model(5).to_json()
    data["blocks"]["char"] = {"ab": [1.0, 2.0]}  # an idf and one weight: not one per class
    path.write_text(json.dumps(data))
    with pytest.raises(ModelFileError, match=r"bad\.json"):
        load_compact.__wrapped__(path)


def reference_reasons(model: ModelData, canonical: str, towards: int, limit: int = 5) -> tuple[str, ...]:
    """The reasons written out: each known n-gram pushing towards class ``towards`` rather than ``none``
    scores ``n * (idf * w_towards - idf * w_none) / sqrt(its block's sum of idf**2)``; the strongest first."""
    found: list[tuple[float, str]] = []
    blocks = (
        ("word", model.features.words(canonical), '"{}"'),
        ("char", model.features.chars(canonical), "[{}]"),
    )
    for name, grams, label in blocks:
        table = model.blocks[name]
        known = [g for g in grams if g in table]
        root = math.sqrt(sum(table[g][0] ** 2 for g in known)) or 1.0
        for gram in dict.fromkeys(known):
            idf, none, want = table[gram][0], table[gram][1], table[gram][1 + towards]
            if idf * want > idf * none:
                found.append((known.count(gram) * (idf * want - idf * none) / root, label.format(gram)))
    found.sort(key=lambda pair: (-pair[0], pair[1]))
    return tuple(f"{text} +{score:.2f}" for score, text in found[:limit] if score > 0)


@pytest.mark.parametrize("towards", ["high", "immediate"])
def test_reasons_are_the_strongest_pushes_as_the_formula_says(towards: Severity) -> None:
    model = synthetic_model(6, FeatureShape(word_max=3))
    classifier = Classifier(compact(model), 0.5, 0.4)
    explained = 0
    for text in TEXTS:
        want = reference_reasons(model, text, CLASSES.index(towards))
        assert classifier.reasons(text, towards=towards) == want, text
        assert classifier.reasons(text, towards=towards) == want  # again, from the word cache
        explained += bool(want)
    assert explained >= 3
