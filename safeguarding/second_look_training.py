"""Fit the second look's joint model (n-grams + sentence embedding) and build its head file.

The joint model is the first look's multinomial logistic regression (screen-v5's to v7's settings, same two
unit-norm n-gram blocks) with each text's unit-length MiniLM embedding times ``dense_weight`` appended as
384 dense columns: the model `sgembed` measured and `second` measured as a second look on the per-round
hold-out (docs/safeguarding-model.md, "Second look"). The band floor and threshold are not chosen here: they
come from that hold-out (they need one joint fit per round, about an hour on the shared machine) and are
passed in (:data:`BAND_FLOOR`, :data:`HIGH_THRESHOLD`), recorded in the file and printed by
``waymark safeguarding train``. Deterministic: the same corpus and encoder give the same bytes.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from sklearn.linear_model import LogisticRegression

from safeguarding.encoder import DIMENSIONS, Encoder
from safeguarding.model_file import CLASSES
from safeguarding.second_look_file import Mlp, SecondLookModel
from safeguarding.training import (
    CLASS_OF,
    Block,
    Fitted,
    TrainingSet,
    TrainSettings,
    class_weights,
    to_model_data,
)

#: Chosen on the per-round hold-out, rounds 5-17, with the `lexfp` lexicon (docs/safeguarding-model.md,
#: "screen-v7 + second-look-v3"; scripts/second_look_pairs.py): for each held-out round the pair (first look's
#: high, second look's high) with the most flagged recall on the other rounds' blind files among those keeping
#: their everyday files within 0.5% high / 2% any, at the band floor with the most pooled recall (0.7);
#: the values are the medians of the thirteen rounds' choices (first look's high 0.85-0.90, second look's
#: 0.70-0.94).
#: Rounds 5-15 with screen-v5's recipe had chosen 0.5 / 0.86 / 0.91.
#: second-look-v6 (ninth session): the decision is an MLP on the embedding (one hidden layer of
#: :data:`MLP_HIDDEN`, early stopping, seed 0), at band floor 0.5 and P(flagged) >= 0.63: on rounds 17-19
#: held out one at a time (`head`, docs/notes/second_look_heads.md) it caught 0.936 of the blind high and
#: immediate texts against the joint model's 0.896, at 8 against 10 of 1,699 everyday texts flagged high
#: (thresholds chosen on the other two rounds); 0.63 is its choice on the three rounds pooled at the
#: shipped rule's everyday count. The joint model stays in the file for the n-gram reasons of a hit.
BAND_FLOOR = 0.5
HIGH_THRESHOLD = 0.63
FIRST_LOOK_HIGH = 0.9
DENSE_WEIGHT = 1.0
MLP_HIDDEN = 256
VERSION = "second-look-v19"


@dataclass(frozen=True)
class SecondLookSettings:
    """What decides the head besides the corpus: the n-gram settings are the first look's."""

    version: str = VERSION
    dense_weight: float = DENSE_WEIGHT
    band_floor: float = BAND_FLOOR
    high_threshold: float = HIGH_THRESHOLD
    first_look_high_threshold: float = FIRST_LOOK_HIGH
    batch_size: int = 64
    mlp_hidden: int | None = MLP_HIDDEN  # None: the joint model decides (second-look-v1 to v5)


def embed(encoder: Encoder, texts: list[str], batch_size: int = 64) -> np.ndarray:
    """Unit-length float64 embeddings of ``texts`` (rows in order), with one BLAS thread so that the same
    texts give the same bits whatever the machine's core count (the head file is compared byte for byte)."""
    from threadpoolctl import threadpool_limits

    with threadpool_limits(1):
        rows = encoder.encode(texts, batch_size=batch_size).astype(np.float64)
    norms = np.linalg.norm(rows, axis=1, keepdims=True)
    scaled: np.ndarray = np.divide(rows, norms, out=np.zeros_like(rows), where=norms > 0)
    return scaled


def fit_joint(
    texts: list[str], labels: np.ndarray, settings: TrainSettings, dense: np.ndarray
) -> tuple[Fitted, np.ndarray]:
    """The joint fit; returns it (n-gram blocks and estimator) and the dense columns' coefficients."""
    shape = settings.shape
    word = Block.fit(shape.words, texts, settings.min_df, settings.word_features)
    char = Block.fit(shape.chars, texts, settings.min_df, settings.char_features)
    matrix = sp.hstack([word.transform(texts), char.transform(texts), sp.csr_matrix(dense)]).tocsr()
    estimator = LogisticRegression(
        C=settings.c, class_weight=class_weights(labels, settings), max_iter=5000, random_state=settings.seed
    )
    estimator.fit(matrix, labels)
    ngram_columns = len(word.counter.vocabulary_) + len(char.counter.vocabulary_)
    coef = np.array(estimator.coef_[:, ngram_columns:], dtype=np.float64)
    return Fitted(word, char, estimator), coef


def fit_mlp(dense: np.ndarray, labels: np.ndarray, hidden: int, seed: int = 0) -> Mlp:
    """The MLP head on unit-length embeddings (one BLAS thread, fixed seed: the same rows give the same
    weights). A training set lacking a class cannot give the four outputs the file needs: ValueError."""
    from sklearn.neural_network import MLPClassifier
    from threadpoolctl import threadpool_limits

    network = MLPClassifier(
        hidden_layer_sizes=(hidden,), early_stopping=True, random_state=seed, max_iter=200, alpha=1e-4
    )
    if tuple(CLASS_OF) != CLASSES:  # the file's class order is the labels' order
        raise AssertionError("CLASS_OF and CLASSES disagree")
    if set(labels.tolist()) != set(CLASS_OF.values()):
        raise ValueError("the MLP needs training texts of all four classes")
    with threadpool_limits(1):
        network.fit(dense, labels)
    order = [list(network.classes_).index(index) for index in CLASS_OF.values()]
    w1, w2 = network.coefs_
    b1, b2 = network.intercepts_
    return Mlp(
        np.asarray(w1, dtype=np.float64),
        np.asarray(b1, dtype=np.float64),
        np.asarray(w2, dtype=np.float64)[:, order],
        np.asarray(b2, dtype=np.float64)[order],
    )


def train_second_look(
    data: TrainingSet,
    encoder: Encoder,
    training: dict[str, object],
    settings: TrainSettings | None = None,
    look: SecondLookSettings | None = None,
    embeddings: np.ndarray | None = None,
) -> SecondLookModel:
    """Embed every canonical text, fit the joint model on all of them and build the head file's data.

    ``embeddings`` (one unit-length row per canonical text, as :func:`embed` gives) skips the embedding
    when it was already done for these texts."""
    settings = settings or TrainSettings()
    look = look or SecondLookSettings()
    dense = embed(encoder, data.canonical, look.batch_size) if embeddings is None else embeddings
    if dense.shape != (len(data.canonical), DIMENSIONS):
        raise ValueError("one embedding row per training text is needed")
    fitted, coef = fit_joint(data.canonical, data.labels, settings, look.dense_weight * dense)
    coef = coef * look.dense_weight  # scores = coef_fit . (w * e) = (w * coef_fit) . e ...
    ngrams = to_model_data(
        fitted,
        TrainSettings(**{**settings.__dict__, "version": f"{look.version}-ngrams"}),
        dict(training),
        {"method": "joint fit on every text; thresholds from the per-round hold-out (see the docs)"},
        (look.high_threshold, look.high_threshold),
    )
    mlp = None if look.mlp_hidden is None else fit_mlp(dense, data.labels, look.mlp_hidden, settings.seed)
    return SecondLookModel(
        version=look.version,
        ngrams=ngrams,
        dense_weight=1.0,  # ... so the file's coef already carries the weight
        coef=coef,
        band_floor=look.band_floor,
        high_threshold=look.high_threshold,
        first_look_high_threshold=look.first_look_high_threshold,
        training={**training, "dense_weight": look.dense_weight, "mlp_hidden": look.mlp_hidden},
        mlp=mlp,
    )
