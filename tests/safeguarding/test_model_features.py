"""The n-gram shape a model reads, recorded in its file."""

from __future__ import annotations

import pytest

from safeguarding.model_features import FeatureShape, char_grams, word_grams


def test_word_grams_up_to_three_words() -> None:
    assert word_grams("i want to go", 3) == [
        "i",
        "want",
        "to",
        "go",
        "i want",
        "want to",
        "to go",
        "i want to",
        "want to go",
    ]
    assert word_grams("i want to go", 1) == ["i", "want", "to", "go"]
    assert word_grams("i want to go") == word_grams("i want to go", 2)


def test_char_grams_stay_inside_each_padded_word() -> None:
    assert char_grams("ab cd", 2, 3) == [" a", "ab", "b ", " ab", "ab ", " c", "cd", "d ", " cd", "cd "]


def test_the_shape_round_trips_and_defaults_for_old_files() -> None:
    shape = FeatureShape(3, 2, 5)
    assert FeatureShape.from_json(shape.to_json()) == shape
    assert FeatureShape.from_json(None) == FeatureShape(2, 2, 5)


@pytest.mark.parametrize(
    "bad",
    [
        {"word_max": 3},
        {"word_max": 0, "char_min": 2, "char_max": 5},
        {"word_max": 3, "char_min": 6, "char_max": 5},
        {"word_max": True, "char_min": 2, "char_max": 5},
        [3, 2, 5],
    ],
)
def test_a_malformed_shape_is_refused(bad: object) -> None:
    with pytest.raises(ValueError, match="features"):
        FeatureShape.from_json(bad)
