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
from collections import Counter
from collections.abc import Sequence

import numpy as np

from nlu.entities import NeedMatcher
from nlu.features import SparseRow, Vectoriser, lookup_features, raw_features
from nlu.model import NO_NEED, LinearModel, ModelSettings, TrainedModel
from nlu.text import normalise
from nlu.training_data import TrainingData, need_phrases

INTENT_C = 30.0
NEED_C = 30.0
DEFAULT_SETTINGS = ModelSettings(intent_threshold=0.20, need_threshold=0.30)
RANDOM_STATE = 0


def fit_model(
    data: TrainingData, settings: ModelSettings = DEFAULT_SETTINGS, data_hash: str = ""
) -> TrainedModel:
    """Train both classifiers and the phrase matcher from `data`. Deterministic for the same data."""
    phrases = need_phrases(data)
    example_texts = [example.text for example in data.examples]
    known = {word for text in example_texts for word in normalise(text).split()}
    matcher = NeedMatcher(phrases, known)
    texts = [*example_texts, *phrases]
    words = [raw_features(text) for text in texts]  # computed once: the slow, pure-Python part
    with_lookup = [
        counts + Counter(extra)
        if (extra := lookup_features(m.value for m in matcher.matches(text)))
        else counts
        for text, counts in zip(texts, words, strict=True)
    ]
    vectoriser = Vectoriser.fit_counts(with_lookup)
    n_examples = len(example_texts)
    intent_labels = [example.intent for example in data.examples]
    intent_rows = [vectoriser.weigh(counts) for counts in with_lookup[:n_examples]]
    intents = _fit_linear(len(vectoriser.idf), intent_rows, intent_labels, INTENT_C)
    need_labels = [example.need or NO_NEED for example in data.examples] + list(phrases.values())
    # The need model sees the words only: given the lookup features it would lean on them and learn
    # little from the words, which it needs for texts that no phrase matches.
    need_rows = [vectoriser.weigh(counts) for counts in words]
    needs = _fit_linear(len(vectoriser.idf), need_rows, need_labels, NEED_C)
    return TrainedModel(vectoriser, intents, needs, matcher, settings, data_hash)


def _fit_linear(
    n_features: int, feature_rows: Sequence[SparseRow], labels: Sequence[str], c: float
) -> LinearModel:
    from scipy.sparse import csr_matrix
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.linear_model import LogisticRegression
    from threadpoolctl import threadpool_limits

    rows: list[int] = []
    columns: list[int] = []
    values: list[float] = []
    for i, row in enumerate(feature_rows):
        rows.extend([i] * len(row.indices))
        columns.extend(row.indices)
        values.extend(row.values)
    matrix = csr_matrix((values, (rows, columns)), shape=(len(feature_rows), n_features))
    classifier = LogisticRegression(
        C=c, class_weight="balanced", solver="newton-cg", max_iter=1000, random_state=RANDOM_STATE
    )
    # One BLAS thread: these problems are small, and on a busy 2-CPU machine two threads took 2.5 times
    # the CPU time and twice the wall time of one (docs/nlu.md).
    with warnings.catch_warnings(), threadpool_limits(limits=1):
        warnings.simplefilter("ignore", category=ConvergenceWarning)  # only ever seen on tiny test data
        classifier.fit(matrix, list(labels))
    weights = np.ascontiguousarray(classifier.coef_.T, dtype=np.float64)
    bias = np.asarray(classifier.intercept_, dtype=np.float64)
    labels_out = tuple(str(label) for label in classifier.classes_)
    if len(labels_out) == 2:  # scikit-learn keeps one column for two classes; make it a softmax pair
        weights = np.hstack([-weights / 2, weights / 2])
        bias = np.array([-bias[0] / 2, bias[0] / 2])
    return LinearModel(labels_out, weights, bias)
