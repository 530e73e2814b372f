"""The model cache: one ``.npz`` file per training-data version, named by a hash of that data.

The hash covers the training files' bytes and :data:`MODEL_VERSION`, so editing ``nlu.yml`` or changing
how features are built gives a new file name and an automatic retrain. The file holds only numbers and
strings (no pickle), is written to a temporary name and renamed into place, so a reader never sees half a
file and two processes racing to train both end up with a valid cache.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

import numpy as np

from nlu import features
from nlu.entities import NeedMatcher
from nlu.features import Vectoriser
from nlu.model import LinearModel, ModelSettings, TrainedModel
from nlu.trainer import DEFAULT_SETTINGS

log = logging.getLogger(__name__)

MODEL_VERSION = "waymark-nlu-2"
"""Bump when features, model or file layout change, so old caches are ignored."""
CACHE_ENV = "WAYMARK_CACHE_DIR"


def default_cache_dir() -> Path:
    """``$WAYMARK_CACHE_DIR`` if set, else ``./.cache/nlu`` (relative to the working directory)."""
    configured = os.environ.get(CACHE_ENV)
    return Path(configured) if configured else Path.cwd() / ".cache" / "nlu"


def data_hash(paths: Iterable[Path]) -> str:
    """A sha256 over the model version, the feature settings and each training file's name and bytes."""
    digest = hashlib.sha256(MODEL_VERSION.encode())
    digest.update(f"{features.CHAR_MIN}-{features.CHAR_MAX}-{features.LOOKUP_WEIGHT}".encode())
    digest.update(repr(DEFAULT_SETTINGS).encode())  # new thresholds must not reuse an old cache
    for path in paths:
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def cache_path(cache_dir: Path, hash_hex: str) -> Path:
    """Where the model for training data with this hash is stored."""
    return cache_dir / f"nlu-{hash_hex[:20]}.npz"


def save_model(model: TrainedModel, path: Path) -> None:
    """Write `model` to `path` atomically (temporary file, then rename)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    vocabulary = sorted(model.vectoriser.vocabulary.items(), key=lambda item: item[1])
    phrases = model.matcher.phrases
    meta = {
        "version": MODEL_VERSION,
        "data_hash": model.data_hash,
        "intent_threshold": model.settings.intent_threshold,
        "need_threshold": model.settings.need_threshold,
    }
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".nlu-", suffix=".npz")
    try:
        with os.fdopen(handle, "wb") as stream:
            np.savez(
                stream,
                meta=np.array(json.dumps(meta)),
                vocabulary=np.array([name for name, _ in vocabulary]),
                idf=np.asarray(model.vectoriser.idf, dtype=np.float64),
                intent_labels=np.array(model.intents.labels),
                intent_weights=model.intents.weights,
                intent_bias=model.intents.bias,
                need_labels=np.array(model.needs.labels),
                need_weights=model.needs.weights,
                need_bias=model.needs.bias,
                phrases=np.array(list(phrases.keys())),
                phrase_values=np.array(list(phrases.values())),
                known_words=np.array(sorted(model.matcher.known_words)),
            )
        os.chmod(temporary, 0o644)  # mkstemp makes it private; the cache is not secret
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def load_model(path: Path) -> TrainedModel:
    """Read a model written by :func:`save_model`; ``ValueError`` if it is from another version."""
    with np.load(path, allow_pickle=False) as archive:
        meta = json.loads(str(archive["meta"]))
        if meta.get("version") != MODEL_VERSION:
            raise ValueError(f"model cache {path} is version {meta.get('version')!r}, not {MODEL_VERSION!r}")
        names = [str(name) for name in archive["vocabulary"]]
        vectoriser = Vectoriser({name: i for i, name in enumerate(names)}, archive["idf"].tolist())
        intents = LinearModel(
            tuple(str(x) for x in archive["intent_labels"]), archive["intent_weights"], archive["intent_bias"]
        )
        needs = LinearModel(
            tuple(str(x) for x in archive["need_labels"]), archive["need_weights"], archive["need_bias"]
        )
        phrases = dict(
            zip((str(x) for x in archive["phrases"]), (str(x) for x in archive["phrase_values"]), strict=True)
        )
        matcher = NeedMatcher(phrases, (str(x) for x in archive["known_words"]))
    settings = ModelSettings(float(meta["intent_threshold"]), float(meta["need_threshold"]))
    return TrainedModel(vectoriser, intents, needs, matcher, settings, str(meta["data_hash"]))
