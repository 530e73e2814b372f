"""Start-up steps in a child process (bot/app/child_step.py): the NLU model trained on a first start.
The database upgrade's child is tested in tests/bot/storage/test_migrations.py."""

from __future__ import annotations

import logging
import subprocess
from pathlib import Path

import pytest

from bot.app import child_step
from bot.app.child_step import train_nlu_in_child
from nlu.cache import CACHE_ENV
from nlu.embedded import EmbeddedParser, model_file, train


def test_a_first_start_trains_in_a_child_and_the_parser_only_loads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """`waymark serve` trains a missing model in a child process (its memory goes back when the child
    exits); the parser then loads the cached file and never trains in this process."""
    monkeypatch.delenv(CACHE_ENV, raising=False)
    assert not model_file(cache_dir=tmp_path).exists()
    assert train_nlu_in_child(tmp_path) is True
    assert model_file(cache_dir=tmp_path).is_file()
    parser = EmbeddedParser(cache_dir=tmp_path)
    with caplog.at_level(logging.INFO, logger="nlu.embedded"):
        assert parser.model.parse("can some1 ring me").intent == "request_callback"
    assert not [r for r in caplog.records if "Training the NLU model" in r.getMessage()]


def test_a_cached_model_needs_no_child_and_a_failed_child_is_not_fatal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[object] = []

    def failing(*args: object, **kwargs: object) -> subprocess.CompletedProcess[bytes]:
        calls.append(args)
        return subprocess.CompletedProcess(args, 1, b"", b"")

    monkeypatch.setattr(child_step.subprocess, "run", failing)
    assert (
        child_step.train_nlu_in_child(tmp_path) is False
    )  # no cache and the child failed: the caller trains
    assert len(calls) == 1
    train(cache_dir=tmp_path)
    assert child_step.train_nlu_in_child(tmp_path) is True  # cached now: no child at all
    assert len(calls) == 1
