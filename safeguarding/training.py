"""Train the learned screen (``waymark safeguarding train``) and choose its thresholds.

Steps, all deterministic (fixed seeds, sorted inputs, sorted output keys):

1. read every corpus CSV and the lexicon's examples, put each text in canonical form, merge duplicates;
2. five-fold cross-validation (stratified, seed 0) gives every text an out-of-fold probability;
3. thresholds: the lowest ``high`` threshold (on P(high) + P(immediate)) whose out-of-fold false alarms on
   everyday (``none``) texts stay within ``high_budget``, the lowest ``concern`` threshold keeping any model
   flag within ``any_budget``, and the lowest ``immediate`` threshold (on P(immediate)) that keeps the
   everyday budget and raises at most ``immediate_raise_budget`` of the ``high`` texts to ``immediate``
   (:func:`safeguarding.round_thresholds.choose_immediate`); figures for the model alone and for
   lexicon + model are recorded at those thresholds;
4. the final model is fitted on every text with the same settings and written as plain JSON.

scikit-learn is used here only; the shipped file is run by :mod:`safeguarding.classifier`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sp
import sklearn
from sklearn.feature_extraction.text import CountVectorizer, TfidfTransformer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold

from safeguarding.assessment import SEVERITY_ORDER, Severity
from safeguarding.lexicon import Lexicon
from safeguarding.model_corpus import (
    DEFAULT_CORPUS_DIR,
    LabelledText,
    corpus_hash,
    lexicon_examples,
    merge,
    read_corpus_dir,
    round_of,
)
from safeguarding.model_features import FeatureShape
from safeguarding.model_file import BLOCKS, CLASSES, ModelData
from safeguarding.round_thresholds import (
    ROUND_GRID,
    choose_immediate,
    choose_lexicon_concern,
    choose_on_everyday,
    round_groups,
)

#: Label index per severity (the order of :data:`safeguarding.model_file.CLASSES`).
CLASS_OF: dict[Severity, int] = {"none": 0, "concern": 1, "high": 2, "immediate": 3}
GRID = tuple(round(0.5 + step / 100, 2) for step in range(50))  # 0.50 .. 0.99


@dataclass(frozen=True)
class TrainSettings:
    """Everything that decides the model besides the corpus."""

    version: str = "screen-v22"
    seed: int = 0
    folds: int = 5
    #: Cross-validation is repeated with seeds ``seed .. seed + repeats - 1``; each repeat chooses its own
    #: thresholds and the median is kept, so one lucky or unlucky split does not set them.
    repeats: int = 3
    c: float = 4.0
    #: Multiplies the "balanced" class weight (total / (classes x class count)) of the ``high`` class. 1.5 was
    #: measured for screen-v5 and not kept: with the fifth-round corpus it gave no more flagged recall on the
    #: per-round hold-out at the same everyday budget and less immediate recall (docs/safeguarding-model.md).
    high_class_weight: float = 1.0
    min_df: int = 2
    word_features: int = 15000
    char_features: int = 30000
    #: Longest word n-gram and the character n-gram lengths (:class:`FeatureShape`).
    word_max: int = 3
    char_min: int = 2
    char_max: int = 5
    high_budget: float = 0.0025
    any_budget: float = 0.01
    #: Share of the flagged (high or immediate) texts that lowering lexicon ``high`` hits may cost. Lowering
    #: takes a crisis reply away, so this is the strictest budget: 0.1% (0.25% before the third-round
    #: corpus, whose "my mum will kill me" hyperbole let 0.64 lower "he'll kill me if i tell my mum").
    lower_budget: float = 0.001
    lexicon_examples: bool = True
    #: Choose high and concern on the measured blind rounds' everyday files when the corpus holds two or
    #: more rounds (:mod:`safeguarding.round_thresholds`), within these shares of them flagged.
    round_thresholds: bool = True
    round_high_budget: float = 0.005
    round_any_budget: float = 0.02
    #: Share of the texts labelled ``high`` that the model may raise to ``immediate`` (the rounds' blind
    #: files when there are rounds, else the corpus, out of fold; :func:`choose_immediate`).
    immediate_raise_budget: float = 0.05

    def to_json(self) -> dict[str, Any]:
        return dict(self.__dict__)

    @property
    def shape(self) -> FeatureShape:
        return FeatureShape(self.word_max, self.char_min, self.char_max)


@dataclass
class Block:
    """One block of features: n-gram counts times idf, each row divided by ``sqrt(sum(count * idf**2))``.

    That divisor is the L2 norm when no n-gram repeats, and it adds up word by word, which is what lets
    the run-time scorer keep one small sum per word (:mod:`safeguarding.classifier`).
    """

    counter: CountVectorizer
    idf: np.ndarray

    @classmethod
    def fit(
        cls, analyzer: Callable[[str], list[str]], texts: Sequence[str], min_df: int, limit: int
    ) -> Block:
        counter = CountVectorizer(analyzer=analyzer, lowercase=False, min_df=min_df, max_features=limit)
        counts = counter.fit_transform(texts)
        idf = TfidfTransformer(norm=None, smooth_idf=True).fit(counts).idf_
        return cls(counter, idf)

    def transform(self, texts: Sequence[str]) -> sp.csr_matrix:
        counts = self.counter.transform(texts).astype(np.float64)
        norms = np.sqrt(counts @ (self.idf * self.idf))
        scale = np.divide(1.0, norms, out=np.zeros_like(norms), where=norms > 0)
        weighted: sp.csr_matrix = sp.diags(scale) @ counts @ sp.diags(self.idf)
        return weighted.tocsr()


@dataclass
class Fitted:
    """The scikit-learn objects of one fit (kept for tests and cross-validation)."""

    word: Block
    char: Block
    estimator: LogisticRegression

    def matrix(self, texts: Sequence[str]) -> sp.csr_matrix:
        """Features of canonical ``texts`` as one sparse matrix (word block, then character block)."""
        return sp.hstack([self.word.transform(texts), self.char.transform(texts)]).tocsr()

    def predict_proba(self, texts: Sequence[str]) -> np.ndarray:
        """scikit-learn's probabilities (columns none, concern, high, immediate)."""
        result: np.ndarray = self.estimator.predict_proba(self.matrix(texts))
        return result


@dataclass
class TrainingSet:
    """The merged corpus: canonical texts, labels and the rows they came from."""

    canonical: list[str]
    rows: list[LabelledText]
    labels: np.ndarray = field(init=False)

    def __post_init__(self) -> None:
        self.labels = np.array([CLASS_OF[row.severity] for row in self.rows], dtype=np.int64)


@dataclass
class TrainResult:
    """A trained model, its last fit and its out-of-fold probabilities."""

    model: ModelData
    fitted: Fitted
    data: TrainingSet
    out_of_fold: np.ndarray


def build_training_set(
    lexicon: Lexicon, corpus_dir: Path = DEFAULT_CORPUS_DIR, with_examples: bool = True
) -> TrainingSet:
    """Read the corpus folder (and the lexicon's examples) into one merged, sorted training set."""
    rows = read_corpus_dir(corpus_dir) + (lexicon_examples(lexicon) if with_examples else [])
    return training_set_from_rows(lexicon, rows)


def training_set_from_rows(lexicon: Lexicon, rows: Sequence[LabelledText]) -> TrainingSet:
    """Put ``rows`` in canonical form and merge them into one sorted training set."""
    canonical = {row.text: lexicon.normaliser.normalise(row.text).text for row in rows}
    merged = merge(rows, canonical)
    return TrainingSet([key for key, _ in merged], [row for _, row in merged])


def fit(texts: Sequence[str], labels: np.ndarray, settings: TrainSettings) -> Fitted:
    """Fit the vectorisers and the logistic regression on canonical ``texts``."""

    shape = settings.shape
    word = Block.fit(shape.words, texts, settings.min_df, settings.word_features)
    char = Block.fit(shape.chars, texts, settings.min_df, settings.char_features)
    matrix = sp.hstack([word.transform(texts), char.transform(texts)]).tocsr()
    estimator = LogisticRegression(
        C=settings.c, class_weight=class_weights(labels, settings), max_iter=5000, random_state=settings.seed
    )
    estimator.fit(matrix, labels)
    return Fitted(word, char, estimator)


def class_weights(labels: np.ndarray, settings: TrainSettings) -> dict[int, float]:
    """scikit-learn's "balanced" weights for the classes present, the ``high`` class's multiplied by
    ``settings.high_class_weight``."""
    present, counts = np.unique(labels, return_counts=True)
    balanced = len(labels) / (len(present) * counts)
    weights = {int(k): float(w) for k, w in zip(present, balanced, strict=True)}
    if CLASS_OF["high"] in weights:
        weights[CLASS_OF["high"]] *= settings.high_class_weight
    return weights


def out_of_fold(data: TrainingSet, settings: TrainSettings, seed: int | None = None) -> np.ndarray:
    """Probabilities for every text from a model that did not see it (stratified k-fold, split by ``seed``,
    default ``settings.seed``)."""
    result = np.zeros((len(data.canonical), len(CLASSES)))
    split_seed = settings.seed if seed is None else seed
    folds = StratifiedKFold(n_splits=settings.folds, shuffle=True, random_state=split_seed)
    for train_index, test_index in folds.split(data.canonical, data.labels):
        fitted = fit([data.canonical[i] for i in train_index], data.labels[train_index], settings)
        result[test_index] = fitted.predict_proba([data.canonical[i] for i in test_index])
    return result


def choose_thresholds(probs: np.ndarray, labels: np.ndarray, settings: TrainSettings) -> tuple[float, float]:
    """Lowest thresholds on :data:`GRID` whose false alarms on ``none`` texts fit the budgets."""
    everyday = labels == 0
    flagged_p, any_p = probs[everyday, 2] + probs[everyday, 3], 1.0 - probs[everyday, 0]
    high = next((t for t in GRID if np.mean(flagged_p >= t) <= settings.high_budget), GRID[-1])
    concern = next(
        (t for t in GRID if np.mean((any_p >= t) | (flagged_p >= high)) <= settings.any_budget), GRID[-1]
    )
    return high, concern


def choose_everyday_threshold(
    probs: np.ndarray, labels: np.ndarray, lowerable: Sequence[bool], settings: TrainSettings
) -> float:
    """Lowest P(none) threshold on :data:`GRID` at which lowering the lexicon's lowerable ``high`` hits
    costs at most ``lower_budget`` of the flagged (high or immediate) texts; ``lowerable`` marks the texts
    the lexicon calls ``high`` with only entries that allow it."""
    flagged = labels >= 2
    can = np.asarray(lowerable, dtype=bool)
    allowed = settings.lower_budget * max(int(flagged.sum()), 1)
    return next((t for t in GRID if int(np.sum(flagged & can & (probs[:, 0] >= t))) <= allowed), GRID[-1])


def _median(values: Sequence[float]) -> float:
    """The median, rounded to the grid (the lower middle value of an even count)."""
    ordered = sorted(values)
    return ordered[(len(ordered) - 1) // 2]


def model_severities(
    probs: np.ndarray,
    high: float,
    concern: float,
    immediate: float | None = None,
    lexicon: Sequence[Severity] | None = None,
) -> list[Severity]:
    """The model's severity for each row of ``probs`` at these thresholds (as
    :meth:`safeguarding.classifier.Classifier.severity_of`): P(immediate) grades a text flagged by P(flagged)
    or, given ``lexicon`` (its severity per row), by the lexicon."""
    out: list[Severity] = []
    already = [False] * len(probs) if lexicon is None else [SEVERITY_ORDER[s] >= 2 for s in lexicon]
    for (p_none, _, p_high, p_imm), flagged_already in zip(probs, already, strict=True):
        flagged = p_high + p_imm >= high
        if (flagged or flagged_already) and immediate is not None and p_imm >= immediate:
            out.append("immediate")
        elif flagged:
            out.append("high")
        else:
            out.append("concern" if 1.0 - p_none >= concern else "none")
    return out


def figures(labels: Sequence[Severity], found: Sequence[Severity]) -> dict[str, float | int | None]:
    """Recall and false-alarm figures of ``found`` severities against ``labels``."""

    def share(rows: list[bool]) -> float | None:
        return round(sum(rows) / len(rows), 4) if rows else None

    pairs = list(zip(labels, found, strict=True))
    return {
        "flagged_recall": share([SEVERITY_ORDER[f] >= 2 for e, f in pairs if SEVERITY_ORDER[e] >= 2]),
        "immediate_as_flagged": share([SEVERITY_ORDER[f] >= 2 for e, f in pairs if e == "immediate"]),
        "immediate_recall": share([f == "immediate" for e, f in pairs if e == "immediate"]),
        "high_as_immediate": share([f == "immediate" for e, f in pairs if e == "high"]),
        "concern_recall": share([f != "none" for e, f in pairs if e == "concern"]),
        "false_alarm_any": share([f != "none" for e, f in pairs if e == "none"]),
        "false_alarm_high": share([SEVERITY_ORDER[f] >= 2 for e, f in pairs if e == "none"]),
        "everyday_texts": sum(e == "none" for e, _ in pairs),
        "risk_texts": sum(e != "none" for e, _ in pairs),
    }


def combine(lexicon_severity: Severity, model_severity: Severity, lowered: bool = False) -> Severity:
    """Lexicon + model: a model ``immediate`` raises any text to ``immediate``; otherwise the model raises
    ``none`` or ``concern``, and a lexicon ``high`` stands unless ``lowered`` (a lowerable hit on a text the
    model reads as everyday), when it is ``concern``."""
    if model_severity == "immediate":
        return "immediate"
    if lexicon_severity == "high" and lowered:
        return "concern"
    if SEVERITY_ORDER[lexicon_severity] >= SEVERITY_ORDER["high"]:
        return lexicon_severity
    return max(lexicon_severity, model_severity, key=lambda s: SEVERITY_ORDER[s])


def raised_on_concern(
    lexicon_severity: Severity,
    model_severity: Severity,
    probs: np.ndarray,
    threshold: float | None,
    immediate: float | None = None,
) -> Severity:
    """The model's severity with the lower bar on a text the lexicon calls ``concern``: ``high`` when
    P(flagged) reaches ``threshold``, ``immediate`` when P(immediate) also reaches ``immediate`` (as
    :meth:`safeguarding.screening.Screener.screen`)."""
    if (
        threshold is not None
        and lexicon_severity == "concern"
        and SEVERITY_ORDER[model_severity] < SEVERITY_ORDER["high"]
        and float(probs[2] + probs[3]) >= threshold
    ):
        return "immediate" if immediate is not None and float(probs[3]) >= immediate else "high"
    return model_severity


def to_model_data(
    fitted: Fitted,
    settings: TrainSettings,
    training: dict[str, Any],
    validation: dict[str, Any],
    thresholds: tuple[float, float],
    everyday_threshold: float | None = None,
    immediate_threshold: float | None = None,
    lexicon_concern_threshold: float | None = None,
) -> ModelData:
    """Turn a fit into plain model data (vocabulary, idf and per-class weights)."""
    coef = fitted.estimator.coef_
    blocks: dict[str, dict[str, tuple[float, ...]]] = {}
    offset = 0
    for name, block in zip(BLOCKS, (fitted.word, fitted.char), strict=True):
        idf = block.idf
        table = {}
        for gram, index in block.counter.vocabulary_.items():
            column = offset + index
            table[gram] = (float(idf[index]), *(float(w) for w in coef[:, column]))
        blocks[name] = dict(sorted(table.items()))
        offset += len(block.counter.vocabulary_)
    return ModelData(
        settings.version,
        tuple(float(v) for v in fitted.estimator.intercept_),
        blocks,
        thresholds[0],
        thresholds[1],
        training,
        validation,
        everyday_threshold=everyday_threshold,
        features=settings.shape,
        immediate_threshold=immediate_threshold,
        lexicon_concern_threshold=lexicon_concern_threshold,
    )


def train(
    lexicon: Lexicon,
    corpus_dir: Path = DEFAULT_CORPUS_DIR,
    settings: TrainSettings | None = None,
    lexicon_screen: Callable[[str], Severity] | None = None,
    lowerable: Callable[[str], bool] | None = None,
    data: TrainingSet | None = None,
) -> TrainResult:
    """Train, choose thresholds and build the model data. ``lexicon_screen`` (raw text to the lexicon's
    severity) gives the lexicon + model figures; without it only the model's own figures are recorded.
    ``lowerable`` (raw text: is the lexicon's ``high`` on it one the model may lower) adds the everyday
    threshold; without it the model file has none and never lowers. ``data`` (a training set already
    built) replaces the corpus folder (the per-round hold-out passes one)."""
    settings = settings or TrainSettings()
    if data is None:
        data = build_training_set(lexicon, corpus_dir, settings.lexicon_examples)
    repeats = [out_of_fold(data, settings, settings.seed + k) for k in range(max(settings.repeats, 1))]
    chosen = [choose_thresholds(probs, data.labels, settings) for probs in repeats]
    high = _median([h for h, _ in chosen])
    # each repeat chooses concern <= high, but the two medians are taken apart: keep the order
    concern = min(_median([c for _, c in chosen]), high)
    oof = np.mean(repeats, axis=0)
    labels = [row.severity for row in data.rows]
    validation: dict[str, Any] = {
        "method": (
            f"{settings.folds}-fold stratified cross-validation repeated {len(repeats)} times (seeds "
            f"{settings.seed}..{settings.seed + len(repeats) - 1}); thresholds: the median of each repeat's "
            "choice; figures: mean out-of-fold probabilities"
        ),
        "thresholds_per_repeat": [list(pair) for pair in chosen],
    }
    everyday: float | None = None
    lexicon_found: list[Severity] = []
    can: list[bool] = [False] * len(data.rows)
    if lexicon_screen is not None:
        lexicon_found = [lexicon_screen(row.text) for row in data.rows]
        if lowerable is not None:
            can = [
                found == "high" and lowerable(row.text)
                for found, row in zip(lexicon_found, data.rows, strict=True)
            ]
            everyday = _median([choose_everyday_threshold(p, data.labels, can, settings) for p in repeats])
    immediate = _corpus_immediate(
        oof, data, lexicon_found or ["none"] * len(data.rows), can, everyday, (high, concern), settings
    )
    on_concern: float | None = None
    if lexicon_found:
        groups = round_groups(data.rows)
        if settings.round_thresholds and len(groups) >= 2:
            validation["corpus_cv_thresholds"] = [high, concern, immediate]
            high, concern, immediate, on_concern, validation["rounds"] = _round_choice(
                data, settings, groups, lexicon_found, can, everyday
            )
            validation["method"] += (
                "; high and concern thresholds chosen instead on the measured blind rounds' everyday files, "
                "each scored by a model fitted without its round (safeguarding/round_thresholds.py)"
            )
    alone = model_severities(oof, high, concern, immediate)
    validation["model_alone"] = figures(labels, alone)
    if lexicon_found:
        validation["lexicon_alone"] = figures(labels, lexicon_found)
        alone = model_severities(oof, high, concern, immediate, lexicon_found)
        validation["combined"] = figures(
            labels, [combine(a, b) for a, b in zip(lexicon_found, alone, strict=True)]
        )
        if everyday is not None:
            lowered = [c and p >= everyday for c, p in zip(can, oof[:, 0], strict=True)]
            validation["combined_with_lowering"] = figures(
                labels,
                [combine(a, b, low) for a, b, low in zip(lexicon_found, alone, lowered, strict=True)],
            )
    training = {
        "corpus_sha256": corpus_hash(zip(data.canonical, data.rows, strict=True)),
        "texts": len(data.rows),
        "by_severity": dict(sorted(Counter(row.severity for row in data.rows).items())),
        "lexicon_version": lexicon.version,
        "settings": settings.to_json(),
        "sklearn": sklearn.__version__,
    }
    fitted = fit(data.canonical, data.labels, settings)
    model = to_model_data(
        fitted, settings, training, validation, (high, concern), everyday, immediate, on_concern
    )
    return TrainResult(model, fitted, data, oof)


def _corpus_immediate(
    oof: np.ndarray,
    data: TrainingSet,
    lexicon_found: Sequence[Severity],
    can: Sequence[bool],
    everyday: float | None,
    thresholds: tuple[float, float],
    settings: TrainSettings,
) -> float | None:
    """The immediate threshold chosen on the corpus's out-of-fold probabilities: its everyday texts within
    ``high_budget``, its ``high`` texts raised within ``immediate_raise_budget``."""
    lowered = [
        bool(c and everyday is not None and p >= everyday) for c, p in zip(can, oof[:, 0], strict=True)
    ]
    none = [i for i, row in enumerate(data.rows) if row.severity == "none"]
    high = [i for i, row in enumerate(data.rows) if row.severity == "high"]
    return choose_immediate(
        ([lexicon_found[i] for i in none], [lowered[i] for i in none], oof[none]),
        ([lexicon_found[i] for i in high], oof[high]),
        thresholds,
        settings.high_budget,
        settings.immediate_raise_budget,
        GRID,
    )


def _round_choice(
    data: TrainingSet,
    settings: TrainSettings,
    groups: dict[int, list[int]],
    lexicon_found: Sequence[Severity],
    can: Sequence[bool],
    everyday: float | None,
) -> tuple[float, float, float | None, float | None, dict[str, Any]]:
    """Per-round out-of-fold probabilities, the thresholds chosen on the rounds' files (high and concern on
    the everyday files, immediate on those and the blind files' ``high`` texts, then the lower bar for
    texts the lexicon calls ``concern`` on the everyday files), and each round's figures at those
    thresholds (see :mod:`safeguarding.round_thresholds`)."""
    probs = np.zeros((len(data.rows), len(CLASSES)))
    for indices in groups.values():
        held = set(indices)
        kept = [i for i in range(len(data.rows)) if i not in held]
        fitted = fit([data.canonical[i] for i in kept], data.labels[kept], settings)
        probs[indices] = fitted.predict_proba([data.canonical[i] for i in indices])
    lowered = [
        bool(c and everyday is not None and p >= everyday) for c, p in zip(can, probs[:, 0], strict=True)
    ]
    every = [
        i for found in groups.values() for i in found if (r := round_of(data.rows[i])) and r[0] == "everyday"
    ]
    high, concern = choose_on_everyday(
        [lexicon_found[i] for i in every],
        [lowered[i] for i in every],
        probs[every],
        settings.round_high_budget,
        settings.round_any_budget,
    )
    high_texts = [
        i
        for found in groups.values()
        for i in found
        if (r := round_of(data.rows[i])) and r[0] == "blind" and data.rows[i].severity == "high"
    ]
    immediate = choose_immediate(
        ([lexicon_found[i] for i in every], [lowered[i] for i in every], probs[every]),
        ([lexicon_found[i] for i in high_texts], probs[high_texts]),
        (high, concern),
        settings.round_high_budget,
        settings.immediate_raise_budget,
        ROUND_GRID,
    )
    on_concern = choose_lexicon_concern(
        ([lexicon_found[i] for i in every], [lowered[i] for i in every], probs[every]),
        (high, concern, immediate),
        settings.round_high_budget,
    )
    model_found = [
        raised_on_concern(lex, model, p, on_concern, immediate)
        for lex, model, p in zip(
            lexicon_found,
            model_severities(probs, high, concern, immediate, lexicon_found),
            probs,
            strict=True,
        )
    ]
    found = [
        combine(lex, model, low) for lex, model, low in zip(lexicon_found, model_found, lowered, strict=True)
    ]
    per_round: dict[str, Any] = {}
    for k, indices in sorted(groups.items()):
        for part in ("blind", "everyday"):
            chosen = [i for i in indices if (r := round_of(data.rows[i])) and r[0] == part]
            per_round[f"{part}_round{k}"] = figures(
                [data.rows[i].severity for i in chosen], [found[i] for i in chosen]
            )
    return high, concern, immediate, on_concern, per_round
