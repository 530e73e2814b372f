"""The embedded engine: train, cache, load, and the process-wide default model behind :func:`parse`.

``parse(text)`` uses a default model trained from the shipped ``nlu/data`` files. It is loaded from the
cache on first use, or trained (about a second) and cached if the cache has no model for this exact
training data. ``waymark nlu train`` calls :func:`train` to do that ahead of time.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from pathlib import Path

from nlu.cache import cache_path, data_hash, default_cache_dir, load_model, save_model
from nlu.model import TrainedModel
from nlu.trainer import fit_model
from nlu.training_data import DEFAULT_TRAINING_FILES, load_training_data
from nlu.types import Parse

log = logging.getLogger(__name__)


def training_files(data: Path | None = None) -> list[Path]:
    """The files to train on: the shipped ones, one given file, or a folder's nlu.yml and synonyms.yml."""
    if data is None:
        return list(DEFAULT_TRAINING_FILES)
    if data.is_dir():
        found = [data / name for name in ("nlu.yml", "synonyms.yml") if (data / name).is_file()]
        if not found:
            raise FileNotFoundError(f"no nlu.yml in {data}")
        return found
    return [data]


def model_file(data: Path | None = None, cache_dir: Path | None = None) -> Path:
    """Where the model for `data` is (or would be) cached."""
    return cache_path(cache_dir or default_cache_dir(), data_hash(training_files(data)))


def train(data: Path | None = None, cache_dir: Path | None = None) -> TrainedModel:
    """Train from `data` (default: the shipped training files) and write the cache keyed by its hash.

    Raises :class:`~nlu.training_data.TrainingDataError` (every problem, with its line) if the data is bad.
    """
    files = training_files(data)
    hash_hex = data_hash(files)
    model = fit_model(load_training_data(files), data_hash=hash_hex)
    save_model(model, cache_path(cache_dir or default_cache_dir(), hash_hex))
    return model


def load_or_train(data: Path | None = None, cache_dir: Path | None = None) -> TrainedModel:
    """The cached model for `data` if there is one, else a freshly trained (and cached) one.

    A cache that cannot be read is replaced; a cache folder that cannot be written is logged and the
    model is still returned.
    """
    files = training_files(data)
    hash_hex = data_hash(files)
    path = cache_path(cache_dir or default_cache_dir(), hash_hex)
    if path.is_file():
        try:
            return load_model(path)
        except (OSError, ValueError, KeyError) as exc:
            log.warning("NLU model cache %s unreadable (%s); retraining", path, type(exc).__name__)
    log.info("Training the NLU model (no cache for data %s)", hash_hex[:12])
    model = fit_model(load_training_data(files), data_hash=hash_hex)
    try:
        save_model(model, path)
    except OSError as exc:
        log.warning("Could not write NLU model cache %s (%s); continuing without it", path, exc)
    return model


_default_lock = threading.Lock()
_default_model: TrainedModel | None = None


def default_model() -> TrainedModel:
    """The process-wide model for the shipped training data (loaded or trained once, thread-safe)."""
    global _default_model
    if _default_model is None:
        with _default_lock:
            if _default_model is None:
                _default_model = load_or_train()
    return _default_model


def reset_default_model() -> None:
    """Forget the default model (tests; or after retraining in a long-running process)."""
    global _default_model
    with _default_lock:
        _default_model = None


def parse(text: str) -> Parse:
    """Parse `text` with the default embedded model (trained on first use if there is no cache)."""
    return default_model().parse(text)


class EmbeddedParser:
    """The embedded engine as an async :class:`~nlu.types.Parser`.

    With no arguments it shares the process-wide default model. The first call loads or trains the model
    in a worker thread so the event loop is not blocked; later calls take well under a millisecond and
    run inline.
    """

    def __init__(self, model: TrainedModel | None = None, *, cache_dir: Path | None = None) -> None:
        self._model = model
        self._cache_dir = cache_dir

    def _load(self) -> TrainedModel:
        if self._model is None:
            self._model = (
                default_model() if self._cache_dir is None else load_or_train(cache_dir=self._cache_dir)
            )
        return self._model

    @property
    def cache_dir(self) -> Path | None:
        """The cache folder this parser loads from (None: the default one)."""
        return self._cache_dir

    @property
    def loaded(self) -> bool:
        """True once the model is in memory (readiness checks)."""
        return self._model is not None

    @property
    def model(self) -> TrainedModel:
        """The model (loaded now if need be)."""
        return self._load()

    async def parse(self, text: str) -> Parse:
        """Parse one text."""
        model = self._model if self._model is not None else await asyncio.to_thread(self._load)
        return model.parse(text)
