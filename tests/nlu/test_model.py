"""The trained model's decisions: threshold, ranking, need choice, determinism."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from nlu.model import ModelSettings, TrainedModel
from nlu.trainer import fit_model
from nlu.training_data import parse_training_yaml
from nlu.types import INTENTS, OUT_OF_SCOPE
from tests.nlu.conftest import TINY_NLU


@pytest.fixture(scope="module")
def tiny() -> TrainedModel:
    return fit_model(parse_training_yaml(TINY_NLU), ModelSettings(intent_threshold=0.0, need_threshold=0.4))


def test_ranking_is_sorted_and_sums_to_one(tiny: TrainedModel) -> None:
    result = tiny.parse("hiya")
    assert result.intent == "greet"
    scores = [score for _, score in result.ranking]
    assert scores == sorted(scores, reverse=True)
    assert sum(scores) == pytest.approx(1.0)
    assert result.confidence == scores[0]


def test_below_the_threshold_the_intent_is_out_of_scope(tiny: TrainedModel) -> None:
    strict = replace(tiny, settings=ModelSettings(intent_threshold=0.99, need_threshold=0.4))
    plain = tiny.parse("hello there hiya")
    guarded = strict.parse("hello there hiya")
    assert plain.confidence < 0.99
    assert guarded.intent == OUT_OF_SCOPE
    assert guarded.confidence == plain.confidence  # what the model thought is still visible
    assert guarded.ranking == plain.ranking


def test_at_or_above_the_threshold_the_intent_stands(tiny: TrainedModel) -> None:
    confidence = tiny.parse("hiya").confidence
    exact = replace(tiny, settings=ModelSettings(intent_threshold=confidence, need_threshold=0.4))
    assert exact.parse("hiya").intent == "greet"


def test_text_without_any_known_feature_is_out_of_scope(tiny: TrainedModel) -> None:
    for text in ("", "!!!", "😀"):
        result = tiny.parse(text)
        assert (result.intent, result.confidence, result.entities) == (OUT_OF_SCOPE, 0.0, [])


def test_need_from_a_phrase_has_a_span(tiny: TrainedModel) -> None:
    result = tiny.parse("i keep getting panic attacks")
    [entity] = result.entities
    assert (entity.entity, entity.value, entity.extractor) == ("need", "anxiety", "waymark.lookup")
    assert entity.start == 15 and entity.end == 28


def test_shipped_model_breaks_ties_with_the_need_classifier(model: TrainedModel) -> None:
    text = "so stressed about my gcses"  # "stressed" names anxiety, "gcses" exam stress
    assert {m.value for m in model.matcher.matches(text)} == {"anxiety", "exam_stress"}
    result = model.parse(text)
    assert result.entity("need") == "exam_stress"
    assert len([e for e in result.entities if e.entity == "need"]) == 1


def test_need_classifier_fills_in_only_for_support_like_intents(model: TrainedModel) -> None:
    sure = replace(model, settings=replace(model.settings, need_threshold=0.0))
    assert sure.parse("thanks so much").entity("need") is None  # thanks: never a guessed need
    text = "my mum keeps shouting at me"  # no need phrase in it, but clearly about family
    assert model.matcher.matches(text) == []
    guessed = model.parse(text)
    assert guessed.intent == "find_support"
    assert [(e.value, e.start, e.extractor) for e in guessed.entities] == [
        ("family", None, "waymark.classifier")
    ]
    off = replace(model, settings=replace(model.settings, need_threshold=1.01))
    assert off.parse(text).entities == []


def test_training_is_deterministic() -> None:
    data = parse_training_yaml(TINY_NLU)
    first, second = fit_model(data), fit_model(data)
    assert first.vectoriser.vocabulary == second.vectoriser.vocabulary
    assert np.array_equal(first.intents.weights, second.intents.weights)
    assert np.array_equal(first.needs.bias, second.needs.bias)


def test_shipped_model_knows_every_intent(model: TrainedModel) -> None:
    assert set(model.intents.labels) == set(INTENTS)
