"""Properties of `nlu.parse()` and its tokeniser (issue 17): any text parses without an error into a
well-formed `Parse` (a known intent, a probability, a sorted ranking over the known intents, `need`
entities that point into the text), and the work is linear in the length of the text (tests/work.py)."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from hypothesis import given, settings

import nlu
from nlu.model import TrainedModel
from nlu.text import tokenise
from nlu.types import INTENTS, NEED, NEEDS, OUT_OF_SCOPE, Parse
from tests.strategies import messy_texts, repeated, units
from tests.work import assert_linear, measure


def well_formed(result: Parse, text: str, model: TrainedModel) -> None:
    assert result.intent in INTENTS
    assert 0.0 <= result.confidence <= 1.0 and not math.isnan(result.confidence)
    if result.ranking:
        labels = [label for label, _ in result.ranking]
        scores = [score for _, score in result.ranking]
        assert len(set(labels)) == len(labels) and set(labels) <= set(INTENTS)
        assert scores == sorted(scores, reverse=True)
        assert math.isclose(sum(scores), 1.0, rel_tol=1e-6)
        assert result.confidence == scores[0]
        if result.confidence < model.settings.intent_threshold:
            assert result.intent == OUT_OF_SCOPE
        else:
            assert result.intent == labels[0]
    else:
        assert (result.intent, result.confidence) == (OUT_OF_SCOPE, 0.0)
    for entity in result.entities:
        assert entity.entity == NEED and entity.value in NEEDS
        if entity.start is not None:
            assert entity.end is not None and 0 <= entity.start < entity.end <= len(text)


@given(text=messy_texts())
def test_any_text_parses_into_a_well_formed_result(model: TrainedModel, text: str) -> None:
    well_formed(model.parse(text), text, model)


@settings(max_examples=20)
@given(text=messy_texts(80))
def test_the_default_parser_answers_as_the_model_does(
    default_model_from: Path, model: TrainedModel, text: str
) -> None:
    assert nlu.parse(text) == model.parse(text)


@given(text=messy_texts())
def test_tokens_point_at_the_words_they_came_from(text: str) -> None:
    tokens = tokenise(text)
    ends = 0
    for token in tokens:
        assert token.text and " " not in token.text
        assert ends <= token.start < token.end <= len(text)
        ends = token.end


def _parse_work(model: TrainedModel, text: str) -> object:
    return measure(lambda: model.parse(text), reset=model.matcher._corrections.clear)


@pytest.mark.parametrize(
    "unit",
    ["exams are doing my head in ", "anxeity ", "x" * 50, "i dont know ", "\U0001f44d\U0001f3fd ", "a'b'c"],
)
def test_work_is_linear_in_the_length(model: TrainedModel, unit: str) -> None:
    small = _parse_work(model, repeated(unit, 1_000))
    large = _parse_work(model, repeated(unit, 8_000))
    assert_linear(small, large, 8, label=unit)  # type: ignore[arg-type]


@settings(max_examples=8)
@given(unit=units())
def test_work_is_linear_for_any_repeated_text(model: TrainedModel, unit: str) -> None:
    small = _parse_work(model, repeated(unit, 400))
    large = _parse_work(model, repeated(unit, 3_200))
    assert_linear(small, large, 8, label=unit)  # type: ignore[arg-type]
