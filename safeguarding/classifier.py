"""Run the learned screen: a small pure-Python scorer over the model file's n-gram weights.

No scikit-learn at run time: each message costs one pass over its n-grams with dictionary look-ups,
and the result equals scikit-learn's ``predict_proba`` at training time (tests check this to 1e-9).
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass

from safeguarding.assessment import Severity
from safeguarding.model_features import char_grams, word_grams
from safeguarding.model_file import ModelData, Weights

#: How many top features a model hit shows as its reasons.
TOP_FEATURES = 5


@dataclass(frozen=True)
class Probabilities:
    """The model's probabilities for one text."""

    none: float
    concern: float
    flagged: float

    @property
    def any_risk(self) -> float:
        """Probability that the text is risk of any level (concern, high or immediate)."""
        return 1.0 - self.none


@dataclass(frozen=True)
class Verdict:
    """What the model says about one text, with the thresholds applied."""

    severity: Severity
    probabilities: Probabilities
    reasons: tuple[str, ...]


def _block(table: dict[str, Weights], grams: list[str]) -> tuple[float, float, float]:
    """Sum of weights times L2-normalised sublinear TF-IDF for one block."""
    norm = s0 = s1 = s2 = 0.0
    for gram, count in Counter(grams).items():
        found = table.get(gram)
        if found is None:
            continue
        idf, w0, w1, w2 = found
        value = idf if count == 1 else (1.0 + math.log(count)) * idf
        norm += value * value
        s0 += value * w0
        s1 += value * w1
        s2 += value * w2
    if norm == 0.0:
        return 0.0, 0.0, 0.0
    scale = 1.0 / math.sqrt(norm)
    return s0 * scale, s1 * scale, s2 * scale


def _contributions(table: dict[str, Weights], grams: list[str]) -> list[tuple[float, str]]:
    """Each known n-gram's push towards ``flagged`` rather than ``none`` in one block."""
    counts = Counter(grams)
    values = {}
    for gram, count in counts.items():
        found = table.get(gram)
        if found is not None:
            values[gram] = (found[0] if count == 1 else (1.0 + math.log(count)) * found[0], found)
    norm = math.sqrt(sum(v * v for v, _ in values.values())) or 1.0
    return [(v / norm * (w[3] - w[1]), gram) for gram, (v, w) in values.items()]


class Classifier:
    """Scores canonical text with one loaded model and applies its thresholds."""

    def __init__(self, model: ModelData, high_threshold: float, concern_threshold: float) -> None:
        if not 0.0 < concern_threshold <= high_threshold < 1.0:
            raise ValueError("thresholds must satisfy 0 < concern <= high < 1")
        self.model = model
        self.version = model.version
        self.high_threshold = high_threshold
        self.concern_threshold = concern_threshold
        self._word = model.blocks["word"]
        self._char = model.blocks["char"]

    def probabilities(self, canonical: str) -> Probabilities:
        """Class probabilities for ``canonical`` text (see :mod:`safeguarding.model_features`)."""
        b0, b1, b2 = self.model.intercept
        a0, a1, a2 = _block(self._word, word_grams(canonical))
        c0, c1, c2 = _block(self._char, char_grams(canonical))
        z0, z1, z2 = b0 + a0 + c0, b1 + a1 + c1, b2 + a2 + c2
        top = max(z0, z1, z2)
        e0, e1, e2 = math.exp(z0 - top), math.exp(z1 - top), math.exp(z2 - top)
        total = e0 + e1 + e2
        return Probabilities(e0 / total, e1 / total, e2 / total)

    def reasons(self, canonical: str, limit: int = TOP_FEATURES) -> tuple[str, ...]:
        """The n-grams that pushed hardest towards risk, strongest first (words quoted, pieces in brackets)."""
        found = [(score, f'"{gram}"') for score, gram in _contributions(self._word, word_grams(canonical))]
        found += [(score, f"[{gram}]") for score, gram in _contributions(self._char, char_grams(canonical))]
        found.sort(key=lambda pair: (-pair[0], pair[1]))
        return tuple(f"{label} +{score:.2f}" for score, label in found[:limit] if score > 0)

    def judge(self, canonical: str) -> Verdict:
        """Apply the thresholds: ``high`` when P(flagged) reaches the high threshold, ``concern`` when
        P(any risk) reaches the concern threshold, else ``none``. Reasons are worked out only for hits."""
        probs = self.probabilities(canonical)
        severity: Severity = "none"
        if probs.flagged >= self.high_threshold:
            severity = "high"
        elif probs.any_risk >= self.concern_threshold:
            severity = "concern"
        reasons = self.reasons(canonical) if severity != "none" else ()
        return Verdict(severity, probs, reasons)
