"""The embedded engine: nlu.parse, first-use training, the async parser."""

from __future__ import annotations

from pathlib import Path

import pytest

import nlu
from nlu.cache import CACHE_ENV
from nlu.embedded import EmbeddedParser, default_model, model_file, reset_default_model, training_files
from nlu.types import Parser
from tests.nlu.conftest import TINY_NLU, write


def test_parse_uses_the_cached_default_model(default_model_from: Path) -> None:
    result = nlu.parse("exams are doing my head in")
    assert (result.intent, result.entity("need")) == ("find_support", "exam_stress")
    assert default_model() is default_model()


def test_first_use_trains_and_caches_when_there_is_no_model(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(CACHE_ENV, str(tmp_path))
    reset_default_model()
    try:
        assert not model_file().exists()
        assert nlu.parse("can some1 ring me").intent == "request_callback"
        assert model_file().is_file()
    finally:
        reset_default_model()


async def test_async_parser_matches_the_sync_model(default_model_from: Path) -> None:
    parser: Parser = EmbeddedParser()
    result = await parser.parse("cant make my appt tmrw")
    assert result == default_model().parse("cant make my appt tmrw")
    assert result.intent == "appointment_cancel"


async def test_parser_with_its_own_cache_folder(tmp_path: Path) -> None:
    parser = EmbeddedParser(cache_dir=tmp_path)
    assert (await parser.parse("yh")).intent == "affirm"
    assert list(tmp_path.glob("nlu-*.npz"))


def test_training_files_for_a_folder_or_a_file(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        training_files(tmp_path)
    nlu_file = write(tmp_path, "nlu.yml", TINY_NLU)
    assert training_files(tmp_path) == [nlu_file]
    synonyms = write(tmp_path, "synonyms.yml", 'version: "3.1"\nnlu: []\n')
    assert training_files(tmp_path) == [nlu_file, synonyms]
    assert training_files(nlu_file) == [nlu_file]
