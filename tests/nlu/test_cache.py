"""The model cache: keyed by a hash of the training data, atomic, and rebuilt when unusable."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import nlu.embedded as embedded
from nlu.cache import CACHE_ENV, MODEL_VERSION, cache_path, data_hash, default_cache_dir, load_model
from nlu.embedded import load_or_train, model_file, train
from tests.nlu.conftest import TINY_NLU, write


@pytest.fixture
def tiny_data(tmp_path: Path) -> Path:
    return write(tmp_path, "nlu.yml", TINY_NLU)


def no_training(*args: object, **kwargs: object) -> None:
    raise AssertionError("should have loaded the cache, not trained")


def test_train_writes_a_file_named_by_the_data_hash(tiny_data: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    model = train(tiny_data, cache)
    path = cache_path(cache, data_hash([tiny_data]))
    assert path.is_file() and path == model_file(tiny_data, cache)
    assert model.data_hash == data_hash([tiny_data])
    assert list(cache.iterdir()) == [path]  # no temporary files left behind


def test_second_start_loads_the_cache_without_training(
    tiny_data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    trained = train(tiny_data, tmp_path)
    monkeypatch.setattr(embedded, "fit_model", no_training)
    loaded = load_or_train(tiny_data, tmp_path)
    for text in ("hiya", "im anxious", "yep ok", "help with bullying"):
        assert loaded.parse(text) == trained.parse(text)
    assert np.array_equal(loaded.intents.weights, trained.intents.weights)


def test_changed_data_gets_a_new_cache_file(tiny_data: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    train(tiny_data, cache)
    tiny_data.write_text(TINY_NLU + "    - hello again\n", encoding="utf-8")
    load_or_train(tiny_data, cache)
    assert len(list(cache.glob("nlu-*.npz"))) == 2


def test_a_corrupt_cache_is_replaced(tiny_data: Path, tmp_path: Path) -> None:
    path = model_file(tiny_data, tmp_path)
    path.write_bytes(b"not a model")
    model = load_or_train(tiny_data, tmp_path)
    assert model.parse("hiya").intent == "greet"
    assert load_model(path).data_hash == model.data_hash


def test_a_cache_from_another_version_is_refused(tiny_data: Path, tmp_path: Path) -> None:
    path = model_file(tiny_data, tmp_path)
    train(tiny_data, tmp_path)
    with np.load(path) as archive:
        arrays = {name: archive[name] for name in archive.files}
    arrays["meta"] = np.array(str(arrays["meta"]).replace(MODEL_VERSION, "old-version"))
    with path.open("wb") as stream:
        np.savez(stream, **arrays)
    with pytest.raises(ValueError, match="old-version"):
        load_model(path)


def test_unwritable_cache_still_gives_a_model(tiny_data: Path, tmp_path: Path) -> None:
    blocker = write(tmp_path, "not-a-folder", "")
    assert load_or_train(tiny_data, blocker / "cache").parse("hiya").intent == "greet"


def test_cache_folder_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(CACHE_ENV, str(tmp_path))
    assert default_cache_dir() == tmp_path
    monkeypatch.delenv(CACHE_ENV)
    monkeypatch.chdir(tmp_path)
    assert default_cache_dir() == tmp_path / ".cache" / "nlu"
