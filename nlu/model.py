"""The trained embedded model and how it parses a text (numpy only; scikit-learn is needed to train).

Two linear classifiers share one set of features: one for the intent and one for the need. The need comes
first from the phrase lookup (:class:`~nlu.entities.NeedMatcher`); the need classifier only breaks ties
when a text names two needs ("stressed about exams" is exam stress, not anxiety) and fills in when no
phrase matched but the model is confident ("i drink a lot").
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from nlu.entities import EXTRACTOR as LOOKUP
from nlu.entities import NeedMatch, NeedMatcher
from nlu.features import SparseRow, Vectoriser, lookup_features, raw_features
from nlu.types import NEED, OUT_OF_SCOPE, Entity, Parse

NO_NEED = "none"
"""The need classifier's label for texts that name no need."""
CLASSIFIER = "waymark.classifier"
NEED_INTENTS = frozenset({"find_support", "talk_to_someone", "request_callback"})
"""Intents where the need classifier may name a need that no phrase matched."""

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True)
class LinearModel:
    """A multinomial linear classifier: ``softmax(x @ weights + bias)`` over ``labels``."""

    labels: tuple[str, ...]
    weights: FloatArray
    """Shape (n_features, n_labels)."""
    bias: FloatArray
    """Shape (n_labels,)."""

    def probabilities(self, row: SparseRow) -> FloatArray:
        """Class probabilities for one feature row, in ``labels`` order."""
        if row.indices:
            scores = self.bias + np.asarray(row.values) @ self.weights[row.indices]
        else:
            scores = self.bias.copy()
        scores -= scores.max()
        exp = np.exp(scores)
        result: FloatArray = exp / exp.sum()
        return result


@dataclass(frozen=True)
class ModelSettings:
    """Decision thresholds, chosen by measurement (see docs/nlu.md)."""

    intent_threshold: float
    """Below this top-intent probability the intent is ``out_of_scope``."""
    need_threshold: float
    """The need classifier must be this sure to name a need that no phrase matched."""


@dataclass(frozen=True)
class TrainedModel:
    """Everything the embedded engine needs to parse; built by :func:`nlu.trainer.fit_model`."""

    vectoriser: Vectoriser
    intents: LinearModel
    needs: LinearModel
    matcher: NeedMatcher
    settings: ModelSettings
    data_hash: str = ""

    def parse(self, text: str) -> Parse:
        """Intent, confidence, ranking and the ``need`` entity for one text."""
        counts = raw_features(text)
        row = self.vectoriser.weigh(counts)
        if not row.indices:
            return Parse(OUT_OF_SCOPE, 0.0, [], [])
        matches = self.matcher.matches(text)
        lookup = lookup_features(match.value for match in matches)
        # Lookup feature names ("n ...") never clash with word features, so a plain merge adds them.
        intent_row = self.vectoriser.weigh({**counts, **dict.fromkeys(lookup, 1)}) if lookup else row
        probabilities = self.intents.probabilities(intent_row)
        order = np.argsort(-probabilities, kind="stable")
        ranking = [(self.intents.labels[i], float(probabilities[i])) for i in order]
        intent, confidence = ranking[0]
        if confidence < self.settings.intent_threshold:
            intent = OUT_OF_SCOPE
        return Parse(intent, confidence, self._need(matches, row, ranking[0][0]), ranking)

    def _need(self, matches: list[NeedMatch], row: SparseRow, top_intent: str) -> list[Entity]:
        values = list(dict.fromkeys(match.value for match in matches))
        if len(values) == 1:
            first = matches[0]
            return [Entity(NEED, first.value, first.start, first.end, LOOKUP)]
        probabilities = self.needs.probabilities(row)
        score = dict(zip(self.needs.labels, probabilities.tolist(), strict=True))
        if values:
            best = max(values, key=lambda value: score.get(value, 0.0))
            chosen = next(match for match in matches if match.value == best)
            return [Entity(NEED, best, chosen.start, chosen.end, LOOKUP)]
        label = max(score, key=score.__getitem__)
        if top_intent in NEED_INTENTS and label != NO_NEED and score[label] >= self.settings.need_threshold:
            return [Entity(NEED, label, None, None, CLASSIFIER)]
        return []
