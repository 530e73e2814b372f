"""The learned screen's model file: plain JSON data (no pickle), versioned, checked when it is loaded.

Layout (``format`` ``waymark-screen-model/2``)::

    {"format": ..., "version": "screen-v4", "classes": ["none", "concern", "high", "immediate"],
     "intercept": [b_none, b_concern, b_high, b_immediate],
     "blocks": {"word": {gram: [idf, w_none, w_concern, w_high, w_immediate], ...}, "char": {...}},
     "thresholds": {"high": 0.9, "concern": 0.9, "immediate": 0.9, "everyday": 0.9,
                    "lexicon_concern": 0.5},  # all but high and concern optional
     "training": {corpus hash, counts, lexicon version, settings}, "validation": {figures}}

Each block holds the n-grams of :mod:`safeguarding.model_features`: counts times idf, divided by
``sqrt(sum(count * idf**2))`` (the L2 norm when no n-gram repeats); the scores are a multinomial
logistic regression over both blocks.
P(flagged) is P(high) + P(immediate). Format 1 (screen-v1/v2: classes none, concern, flagged; never
``immediate``) is no longer read. The file is written with sorted keys and exact float reprs, so the same
corpus gives the same bytes.
"""

from __future__ import annotations

import functools
import json
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from safeguarding.model_features import FeatureShape

FORMAT = "waymark-screen-model/2"
#: The model's classes, in the order of every per-class tuple (intercept, weights, probabilities).
CLASSES = ("none", "concern", "high", "immediate")
BLOCKS = ("word", "char")
DEFAULT_MODEL_PATH = Path(__file__).resolve().parent / "model" / "screen-v22.json"
#: The second look's head file (:mod:`safeguarding.second_look_file`; named here so that reading the path
#: does not import numpy).
DEFAULT_SECOND_LOOK_PATH = Path(__file__).resolve().parent / "model" / "second-look-v19.json"

#: One feature: its idf, then one weight per class (:data:`CLASSES` order).
Weights = tuple[float, ...]


class ModelFileError(ValueError):
    """The model file is missing or not a valid model; the message names the file."""


@dataclass(frozen=True)
class ModelData:
    """A loaded model file."""

    version: str
    intercept: tuple[float, ...]
    blocks: dict[str, dict[str, Weights]]
    high_threshold: float
    concern_threshold: float
    training: dict[str, Any]
    validation: dict[str, Any]
    path: str = ""
    #: P(none) at or above which a lowerable lexicon ``high`` hit becomes ``concern``; None: never.
    everyday_threshold: float | None = None
    #: Which n-grams the model reads (files without ``features`` use the defaults).
    features: FeatureShape = field(default_factory=FeatureShape)
    #: P(immediate) at or above which the model says ``immediate``; None: it never does.
    immediate_threshold: float | None = None
    #: P(flagged) at or above which the model makes a text the lexicon calls ``concern`` ``high`` (the lexicon
    #: found a risk signal, so a lower bar than ``high_threshold``); None: the high threshold applies.
    lexicon_concern_threshold: float | None = None

    def to_json(self) -> dict[str, Any]:
        """The file's JSON content."""
        return {
            "format": FORMAT,
            "version": self.version,
            "classes": list(CLASSES),
            "intercept": list(self.intercept),
            "blocks": {name: {g: list(w) for g, w in table.items()} for name, table in self.blocks.items()},
            "thresholds": {
                "high": self.high_threshold,
                "concern": self.concern_threshold,
                **({} if self.everyday_threshold is None else {"everyday": self.everyday_threshold}),
                **({} if self.immediate_threshold is None else {"immediate": self.immediate_threshold}),
                **(
                    {}
                    if self.lexicon_concern_threshold is None
                    else {"lexicon_concern": self.lexicon_concern_threshold}
                ),
            },
            "training": self.training,
            "validation": self.validation,
            **({} if self.features == FeatureShape() else {"features": self.features.to_json()}),
        }


def canonical_json(data: dict[str, Any]) -> str:
    """A model file's text, deterministic: sorted keys, compact separators, exact float reprs, a final
    newline (the screen's model and the second look's head both)."""
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=True) + "\n"


def write_text_file(text: str, path: Path) -> None:
    """Write a model file's text to ``path`` (folders created as needed)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def dumps(model: ModelData) -> str:
    """Serialise deterministically (:func:`canonical_json`)."""
    return canonical_json(model.to_json())


def write_model(model: ModelData, path: Path) -> None:
    """Write ``model`` to ``path`` (folders created as needed)."""
    write_text_file(dumps(model), path)


def _number(value: Any, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ValueError(f"{where}: not a finite number")
    return float(value)


def _threshold(value: Any, where: str) -> float:
    number = _number(value, where)
    if not 0.0 < number < 1.0:
        raise ValueError(f"{where}: must be between 0 and 1")
    return number


def parse_model(data: Any) -> ModelData:
    """Check and convert parsed JSON into :class:`ModelData`. Raises ``ValueError`` saying what is wrong."""
    if not isinstance(data, dict):
        raise ValueError("the top level must be an object")
    if data.get("format") != FORMAT:
        raise ValueError(f"format must be {FORMAT!r} (got {data.get('format')!r})")
    if data.get("classes") != list(CLASSES):
        raise ValueError(f"classes must be {list(CLASSES)}")
    version = data.get("version")
    if not isinstance(version, str) or not version:
        raise ValueError("version is missing")
    intercept = data.get("intercept")
    if not isinstance(intercept, list) or len(intercept) != len(CLASSES):
        raise ValueError("intercept must hold one number per class")
    bias = tuple(_number(v, "intercept") for v in intercept)
    raw_blocks = data.get("blocks")
    if not isinstance(raw_blocks, dict) or sorted(raw_blocks) != sorted(BLOCKS):
        raise ValueError(f"blocks must be {', '.join(BLOCKS)}")
    blocks: dict[str, dict[str, Weights]] = {}
    for name in BLOCKS:
        table = raw_blocks[name]
        if not isinstance(table, dict) or not table:
            raise ValueError(f"blocks.{name} must be a non-empty object")
        converted: dict[str, Weights] = {}
        for gram, weights in table.items():
            if not isinstance(weights, list) or len(weights) != 1 + len(CLASSES):
                raise ValueError(f"blocks.{name}[{gram!r}] must hold an idf and one weight per class")
            converted[gram] = tuple(_number(v, f"blocks.{name}[{gram!r}]") for v in weights)
        blocks[name] = converted
    thresholds = data.get("thresholds")
    if not isinstance(thresholds, dict):
        raise ValueError("thresholds are missing")
    high = _threshold(thresholds.get("high"), "thresholds.high")
    concern = _threshold(thresholds.get("concern"), "thresholds.concern")
    raw_everyday = thresholds.get("everyday")
    everyday = None if raw_everyday is None else _threshold(raw_everyday, "thresholds.everyday")
    raw_immediate = thresholds.get("immediate")
    immediate = None if raw_immediate is None else _threshold(raw_immediate, "thresholds.immediate")
    raw_lexicon_concern = thresholds.get("lexicon_concern")
    lexicon_concern = (
        None if raw_lexicon_concern is None else _threshold(raw_lexicon_concern, "thresholds.lexicon_concern")
    )
    training = data.get("training")
    validation = data.get("validation")
    if not isinstance(training, dict) or not isinstance(validation, dict):
        raise ValueError("training and validation records are missing")
    features = FeatureShape.from_json(data.get("features"))
    return ModelData(
        version,
        bias,
        blocks,
        high,
        concern,
        training,
        validation,
        everyday_threshold=everyday,
        features=features,
        immediate_threshold=immediate,
        lexicon_concern_threshold=lexicon_concern,
    )


@functools.lru_cache(maxsize=4)
def load_model(path: Path = DEFAULT_MODEL_PATH) -> ModelData:
    """Load and check the model file at ``path`` once per process (:func:`read_model`, cached).

    Scoring reads the compact form instead (:func:`safeguarding.model_table.load_compact`), which does not
    keep this one in memory.
    """
    return read_model(path)


def read_model(path: Path) -> ModelData:
    """Read and check the model file at ``path`` (not cached).

    Raises :class:`ModelFileError` naming the file when it is missing, not JSON, or not a valid model.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ModelFileError(f"safeguarding model file {path}: cannot read: {exc.strerror}") from exc
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise ModelFileError(f"safeguarding model file {path}: not valid JSON: {exc}") from exc
    del text  # the file's 5 MB of text need not outlive the parse
    try:
        model = parse_model(data)
    except ValueError as exc:
        raise ModelFileError(f"safeguarding model file {path}: {exc}") from exc
    return ModelData(**{**model.__dict__, "path": str(path)})
