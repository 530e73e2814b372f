"""Scores like `rasa test nlu`, checked against hand-worked numbers."""

from __future__ import annotations

import pytest

from nlu.datasets import LabelledText
from nlu.evaluation import score, threshold_sweep
from nlu.types import Entity, Parse


def parse(intent: str, confidence: float, need: str | None = None, top: str | None = None) -> Parse:
    entities = [Entity("need", need)] if need else []
    return Parse(intent, confidence, entities, [(top or intent, confidence)])


EXAMPLES = [
    LabelledText("hi", "greet"),
    LabelledText("hello", "greet"),
    LabelledText("yes", "affirm"),
    LabelledText("im anxious", "find_support", "anxiety"),
    LabelledText("exams", "find_support", "exam_stress"),
    LabelledText("lol", "out_of_scope"),
]
PARSES = [
    parse("greet", 0.9),
    parse("affirm", 0.6),  # wrong
    parse("affirm", 0.8),
    parse("find_support", 0.95, "anxiety"),
    parse("find_support", 0.7, "anxiety"),  # right intent, wrong need
    parse("out_of_scope", 0.2, "sleep", top="greet"),  # right (by threshold), need false positive
]


def test_headline_figures() -> None:
    report = score(EXAMPLES, PARSES, "embedded", "t.yml")
    assert report.count == 6
    assert report.accuracy == pytest.approx(5 / 6)
    # greet P=1 R=.5 F=2/3; affirm P=.5 R=1 F=2/3; find_support 1; out_of_scope 1
    assert report.macro_f1 == pytest.approx((2 / 3 + 2 / 3 + 1 + 1) / 4)
    assert report.weighted_f1 == pytest.approx((2 / 3 * 2 + 2 / 3 * 1 + 2 + 1) / 6)
    assert report.need_accuracy == pytest.approx(1 / 2) and report.need_support == 2
    assert report.need_false_positive_rate == pytest.approx(1 / 4)


def test_per_intent_confusion_and_errors() -> None:
    report = score(EXAMPLES, PARSES, "embedded", "t.yml")
    greet = next(s for s in report.per_intent if s.intent == "greet")
    assert (greet.precision, greet.recall, greet.support, greet.confused_with) == (1.0, 0.5, 2, {"affirm": 1})
    assert report.labels == ["greet", "affirm", "find_support", "out_of_scope"]
    assert report.confusion[0] == [1, 1, 0, 0]
    assert [e.text for e in report.errors] == ["hello"]
    assert [e.text for e in report.need_errors] == ["exams"]


def test_threshold_sweep_recomputes_from_the_top_intent() -> None:
    report = score(EXAMPLES, PARSES, "embedded", "t.yml")
    by_threshold = {row["threshold"]: row for row in report.threshold_sweep}
    assert by_threshold[0.0]["accuracy"] == pytest.approx(
        round(4 / 6, 4)
    )  # "lol" -> greet without a threshold
    assert by_threshold[0.25]["accuracy"] == pytest.approx(round(5 / 6, 4))
    assert by_threshold[0.7]["accuracy"] == pytest.approx(round(5 / 6, 4))  # 0.7 >= 0.7 stands
    [stricter] = threshold_sweep(report.predictions, (0.75,))
    assert stricter["accuracy"] == pytest.approx(round(4 / 6, 4))  # "exams" (0.7) is now out_of_scope


def test_json_report_has_everything() -> None:
    data = score(EXAMPLES, PARSES, "rasa", "t.yml").to_json()
    for key in (
        "accuracy",
        "macro_f1",
        "weighted_f1",
        "need_accuracy",
        "per_intent",
        "confusion_matrix",
        "errors",
        "threshold_sweep",
    ):
        assert key in data
    assert data["engine"] == "rasa"
