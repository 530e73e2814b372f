"""Test sets in Rasa YAML or CSV."""

from __future__ import annotations

from pathlib import Path

import pytest

from nlu.datasets import LabelledText, load_labelled
from nlu.training_data import DEFAULT_TEST_FILE, TrainingDataError
from tests.nlu.conftest import write


def test_csv_with_and_without_need(tmp_path: Path) -> None:
    path = write(
        tmp_path, "t.csv", 'Text,Intent,Need\nim so anxious,find_support,anxiety\n"hi, you",greet,\n'
    )
    assert load_labelled(path) == [
        LabelledText("im so anxious", "find_support", "anxiety", 2),
        LabelledText("hi, you", "greet", None, 3),
    ]


def test_csv_need_column_is_optional(tmp_path: Path) -> None:
    assert load_labelled(write(tmp_path, "t.csv", "text,intent\nyes,affirm\n"))[0].need is None


def test_csv_problems_have_line_numbers(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "t.csv",
        "text,intent,need\nok,affirm,\npizza,order_food,\nsad,find_support,sadness\n,greet,\n",
    )
    with pytest.raises(TrainingDataError) as caught:
        load_labelled(path)
    assert [issue.line for issue in caught.value.issues] == [3, 4, 5]
    with pytest.raises(TrainingDataError, match="header"):
        load_labelled(write(tmp_path, "bad.csv", "words,label\nhi,greet\n"))


def test_yaml_test_file_keeps_needs() -> None:
    examples = load_labelled(DEFAULT_TEST_FILE)
    assert any(e.need == "exam_stress" for e in examples)
    assert all(e.line > 0 for e in examples)
