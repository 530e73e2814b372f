"""The numpy MiniLM encoder against sentence-transformers' own output, and its refusal of other files."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from safeguarding.encoder import MAX_TOKENS, EncoderError, load_encoder, package_dir, shared_encoder

FIXTURE = Path(__file__).parent / "data" / "encoder_fixture.json"


@pytest.fixture(scope="module")
def fixture() -> dict[str, object]:
    found: dict[str, object] = json.loads(FIXTURE.read_text())
    return found


def test_matches_sentence_transformers(fixture: dict[str, object]) -> None:
    texts = fixture["texts"]
    expected = np.array(fixture["embeddings"], dtype=np.float64)
    assert isinstance(texts, list) and expected.shape == (12, 384)
    found = shared_encoder().encode(texts, batch_size=5).astype(np.float64)
    cosines = (found * expected).sum(axis=1) / np.linalg.norm(expected, axis=1)
    assert cosines.min() >= 0.9999, cosines
    assert np.abs(found - expected).max() < 1e-4


def test_token_counts_and_truncation(fixture: dict[str, object]) -> None:
    texts = fixture["texts"]
    assert isinstance(texts, list)
    assert fixture["max_seq_length"] == MAX_TOKENS
    assert [len(ids) for ids in shared_encoder().token_ids(texts)] == fixture["tokens"]


def test_row_does_not_depend_on_batch(fixture: dict[str, object]) -> None:
    texts = fixture["texts"]
    assert isinstance(texts, list)
    encoder = shared_encoder()
    alone = np.vstack([encoder.encode([text]) for text in texts])
    together = encoder.encode(texts, batch_size=12)
    assert np.abs(alone - together).max() < 1e-5
    assert np.allclose(np.linalg.norm(together, axis=1), 1.0, atol=1e-5)


def test_refuses_files_that_are_not_the_pinned_ones(tmp_path: Path) -> None:
    source = package_dir()
    for name in ("model.safetensors", "tokenizer.json", "config.json"):
        (tmp_path / name).symlink_to(source / name)
    load_encoder(tmp_path)  # the same files load
    (tmp_path / "config.json").unlink()
    shutil.copyfile(source / "config.json", tmp_path / "config.json")
    with (tmp_path / "config.json").open("a") as handle:
        handle.write(" ")
    with pytest.raises(EncoderError, match=r"config\.json"):
        load_encoder(tmp_path)
    (tmp_path / "config.json").unlink()
    with pytest.raises(EncoderError, match="missing"):
        load_encoder(tmp_path)
