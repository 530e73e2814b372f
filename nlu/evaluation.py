"""Evaluation in the style of ``rasa test nlu``: accuracy, per-intent precision/recall/F1, macro and
weighted F1, ``need`` accuracy, the errors, a confusion matrix and the confidences.

The scores are computed here (no scikit-learn) the same way scikit-learn's ``classification_report`` does:
macro F1 averages over every intent that appears in the gold labels or the predictions.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from nlu.datasets import LabelledText
from nlu.types import INTENTS, NEED, OUT_OF_SCOPE, Parse, Parser

SWEEP = (0.0, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.5, 0.6, 0.7)


@dataclass(frozen=True)
class IntentScore:
    """Precision, recall and F1 for one intent over a test set."""

    intent: str
    precision: float
    recall: float
    f1: float
    support: int
    confused_with: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Prediction:
    """What the engine said about one labelled text."""

    text: str
    intent: str
    predicted: str
    confidence: float
    need: str | None
    predicted_need: str | None
    top_intent: str

    @property
    def correct(self) -> bool:
        """The intent was right."""
        return self.intent == self.predicted


@dataclass(frozen=True)
class EvalReport:
    """Everything ``waymark nlu test`` prints and writes."""

    engine: str
    source: str
    count: int
    accuracy: float
    macro_f1: float
    weighted_f1: float
    need_accuracy: float | None
    need_support: int
    need_false_positive_rate: float | None
    labels: list[str]
    confusion: list[list[int]]
    per_intent: list[IntentScore]
    predictions: list[Prediction]
    threshold_sweep: list[dict[str, float]]

    @property
    def errors(self) -> list[Prediction]:
        """Texts whose intent was wrong, least confident first (like Rasa's ``intent_errors.json``)."""
        return sorted((p for p in self.predictions if not p.correct), key=lambda p: p.confidence)

    @property
    def need_errors(self) -> list[Prediction]:
        """Texts with a gold need that got another need (or none)."""
        return [p for p in self.predictions if p.need is not None and p.need != p.predicted_need]

    def summary(self) -> dict[str, Any]:
        """The headline figures only."""
        return {
            "engine": self.engine,
            "file": self.source,
            "examples": self.count,
            "accuracy": round(self.accuracy, 4),
            "macro_f1": round(self.macro_f1, 4),
            "weighted_f1": round(self.weighted_f1, 4),
            "need_accuracy": None if self.need_accuracy is None else round(self.need_accuracy, 4),
            "need_examples": self.need_support,
            "need_false_positive_rate": (
                None if self.need_false_positive_rate is None else round(self.need_false_positive_rate, 4)
            ),
        }

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict: the summary, per-intent scores, confusion matrix, errors and sweep."""
        return {
            **self.summary(),
            "per_intent": [asdict(score) for score in self.per_intent],
            "labels": self.labels,
            "confusion_matrix": self.confusion,
            "errors": [asdict(p) for p in self.errors],
            "need_errors": [asdict(p) for p in self.need_errors],
            "threshold_sweep": self.threshold_sweep,
        }


async def evaluate(parser: Parser, examples: Sequence[LabelledText], engine: str, source: str) -> EvalReport:
    """Parse every example with `parser` and score the results."""
    parses = [await parser.parse(example.text) for example in examples]
    return score(examples, parses, engine, source)


def score(examples: Sequence[LabelledText], parses: Sequence[Parse], engine: str, source: str) -> EvalReport:
    """Score `parses` (one per example, same order) against the examples' labels."""
    predictions = [
        Prediction(
            example.text,
            example.intent,
            parse.intent,
            parse.confidence,
            example.need,
            parse.entity(NEED),
            parse.ranking[0][0] if parse.ranking else parse.intent,
        )
        for example, parse in zip(examples, parses, strict=True)
    ]
    gold = [p.intent for p in predictions]
    predicted = [p.predicted for p in predictions]
    labels = [name for name in INTENTS if name in set(gold) | set(predicted)]
    per_intent = _per_intent(gold, predicted, labels)
    with_need = [p for p in predictions if p.need is not None]
    without_need = [p for p in predictions if p.need is None]
    total_support = sum(s.support for s in per_intent) or 1
    return EvalReport(
        engine=engine,
        source=source,
        count=len(predictions),
        accuracy=_ratio(sum(p.correct for p in predictions), len(predictions)) or 0.0,
        macro_f1=sum(s.f1 for s in per_intent) / len(per_intent) if per_intent else 0.0,
        weighted_f1=sum(s.f1 * s.support for s in per_intent) / total_support,
        need_accuracy=_ratio(sum(p.predicted_need == p.need for p in with_need), len(with_need)),
        need_support=len(with_need),
        need_false_positive_rate=_ratio(
            sum(p.predicted_need is not None for p in without_need), len(without_need)
        ),
        labels=labels,
        confusion=[
            [sum(1 for g, q in zip(gold, predicted, strict=True) if g == row and q == col) for col in labels]
            for row in labels
        ],
        per_intent=per_intent,
        predictions=predictions,
        threshold_sweep=threshold_sweep(predictions),
    )


def _ratio(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def _per_intent(gold: list[str], predicted: list[str], labels: list[str]) -> list[IntentScore]:
    scores: list[IntentScore] = []
    for label in labels:
        true_pos = sum(1 for g, p in zip(gold, predicted, strict=True) if g == label and p == label)
        predicted_n = predicted.count(label)
        support = gold.count(label)
        precision = true_pos / predicted_n if predicted_n else 0.0
        recall = true_pos / support if support else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        confused = Counter(p for g, p in zip(gold, predicted, strict=True) if g == label and p != label)
        scores.append(IntentScore(label, precision, recall, f1, support, dict(confused.most_common())))
    return scores


def threshold_sweep(
    predictions: Sequence[Prediction], thresholds: Sequence[float] = SWEEP
) -> list[dict[str, float]]:
    """Accuracy and macro F1 had the out-of-scope threshold been each of `thresholds`.

    Uses the model's own top intent and confidence, so it shows how the threshold was chosen.
    """
    gold = [p.intent for p in predictions]
    rows: list[dict[str, float]] = []
    for threshold in thresholds:
        predicted = [p.top_intent if p.confidence >= threshold else OUT_OF_SCOPE for p in predictions]
        labels = [name for name in INTENTS if name in set(gold) | set(predicted)]
        scores = _per_intent(gold, predicted, labels)
        correct = sum(g == q for g, q in zip(gold, predicted, strict=True))
        rows.append(
            {
                "threshold": threshold,
                "accuracy": round(correct / len(gold), 4) if gold else 0.0,
                "macro_f1": round(sum(s.f1 for s in scores) / len(scores), 4) if scores else 0.0,
            }
        )
    return rows
