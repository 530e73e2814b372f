"""NLU test fixtures: one model trained on the shipped data per session, in a private cache folder."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from nlu.cache import CACHE_ENV
from nlu.embedded import reset_default_model, train
from nlu.model import TrainedModel


@pytest.fixture(scope="session")
def shipped_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A cache folder holding the model for the shipped training data (trained once per session)."""
    folder = tmp_path_factory.mktemp("nlu-cache")
    train(cache_dir=folder)
    return folder


@pytest.fixture(scope="session")
def model(shipped_cache: Path) -> TrainedModel:
    """The model trained on the shipped nlu.yml + synonyms.yml."""
    from nlu.embedded import load_or_train

    return load_or_train(cache_dir=shipped_cache)


@pytest.fixture
def default_model_from(shipped_cache: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Point the process-wide default model at the session cache (so nlu.parse loads, not trains)."""
    monkeypatch.setenv(CACHE_ENV, str(shipped_cache))
    reset_default_model()
    yield shipped_cache
    reset_default_model()


def write(folder: Path, name: str, text: str) -> Path:
    """Write `text` to folder/name and return the path."""
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


TINY_NLU = """\
version: "3.1"
nlu:
- intent: greet
  examples: |
    - hi
    - hello
    - hiya
    - hey there
- intent: affirm
  examples: |
    - yes
    - yeah
    - yep
    - ok
- intent: find_support
  examples: |
    - i need help with my [anxiety](need)
    - im really [anxious]{"entity": "need", "value": "anxiety"}
    - i get [bullied]{"entity": "need", "value": "bullying"}
    - help with [bullying](need)
    - i need some help
- synonym: anxiety
  examples: |
    - panic attacks
"""
"""A small valid training file: three intents, two needs, one synonym. Trains in well under a second."""
