"""Training the embedded model from :class:`~nlu.training_data.TrainingData` (uses scikit-learn).

Choices, all made by measurement (docs/nlu.md has the figures):

* features: word unigrams and bigrams plus character 2-4-grams inside word boundaries, sublinear tf-idf;
* intent model: multinomial logistic regression, ``C=30``, balanced class weights (``find_support`` has
  many more examples than ``thanks``), the deterministic ``newton-cg`` solver (a fraction of a second);
* need model: the same, trained on every annotated example and every need phrase, with the texts that
  name no need as the ``none`` class.

scikit-learn is imported only here, so parsing with a cached model never loads it.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence

import numpy as np

from nlu.entities import NeedMatcher
from nlu.features import Vectoriser
from nlu.model import NO_NEED, LinearModel, ModelSettings, TrainedModel
from nlu.text import normalise
from nlu.training_data import TrainingData, need_phrases

INTENT_C = 30.0
NEED_C = 30.0
DEFAULT_SETTINGS = ModelSettings(intent_threshold=0.25, need_threshold=0.40)
RANDOM_STATE = 0


def fit_model(
    data: TrainingData, settings: ModelSettings = DEFAULT_SETTINGS, data_hash: str = ""
) -> TrainedModel:
    """Train both classifiers and the phrase matcher from `data`. Deterministic for the same data."""
    phrases = need_phrases(data)
    example_texts = [example.text for example in data.examples]
    vectoriser = Vectoriser.fit([*example_texts, *phrases])
    intents = _fit_linear(vectoriser, example_texts, [example.intent for example in data.examples], INTENT_C)
    need_texts = [*example_texts, *phrases]
    need_labels = [example.need or NO_NEED for example in data.examples] + list(phrases.values())
    needs = _fit_linear(vectoriser, need_texts, need_labels, NEED_C)
    known = {word for text in example_texts for word in normalise(text).split()}
    return TrainedModel(vectoriser, intents, needs, NeedMatcher(phrases, known), settings, data_hash)


def _fit_linear(vectoriser: Vectoriser, texts: Sequence[str], labels: Sequence[str], c: float) -> LinearModel:
    from scipy.sparse import csr_matrix
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.linear_model import LogisticRegression

    rows: list[int] = []
    columns: list[int] = []
    values: list[float] = []
    for i, text in enumerate(texts):
        row = vectoriser.transform(text)
        rows.extend([i] * len(row.indices))
        columns.extend(row.indices)
        values.extend(row.values)
    matrix = csr_matrix((values, (rows, columns)), shape=(len(texts), len(vectoriser.idf)))
    classifier = LogisticRegression(
        C=c, class_weight="balanced", solver="newton-cg", max_iter=1000, random_state=RANDOM_STATE
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", category=ConvergenceWarning)  # only ever seen on tiny test data
        classifier.fit(matrix, list(labels))
    weights = np.ascontiguousarray(classifier.coef_.T, dtype=np.float64)
    bias = np.asarray(classifier.intercept_, dtype=np.float64)
    labels_out = tuple(str(label) for label in classifier.classes_)
    if len(labels_out) == 2:  # scikit-learn keeps one column for two classes; make it a softmax pair
        weights = np.hstack([-weights / 2, weights / 2])
        bias = np.array([-bias[0] / 2, bias[0] / 2])
    return LinearModel(labels_out, weights, bias)
