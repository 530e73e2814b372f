"""Add the MLP head to a second-look file (second-look-v6 from v5) without refitting the joint model.

    PYTHONPATH=. python scripts/second_look_mlp.py safeguarding/model/second-look-v5.json \
        safeguarding/model/second-look-v6.json [CACHE_DIR]

The MLP is fitted on the unit-length MiniLM embeddings of the training set that `waymark safeguarding
train` builds from the corpus and the lexicon's examples (the same function), with the settings of
:mod:`safeguarding.second_look_training`. ``CACHE_DIR`` (optional) holds ``texts.json`` and ``emb.npy`` from
``scripts/second_look_heads_embed.py``; texts found there are not embedded again (the encoder is
deterministic), the rest are. `waymark safeguarding train` refits the joint model as well and writes the
same kind of file in one go; this script exists so that one added head does not cost the first look's 40
minutes of fits.
"""

from __future__ import annotations

import json
import sys
import time
from dataclasses import replace
from pathlib import Path

import numpy as np

from safeguarding.encoder import load_encoder
from safeguarding.screening import load_lexicon
from safeguarding.second_look_file import load_second_look, write_second_look
from safeguarding.second_look_training import SecondLookSettings, embed, fit_mlp
from safeguarding.training import build_training_set


def embeddings(texts: list[str], cache: Path | None) -> np.ndarray:
    """Unit-length rows for ``texts``, from the cache where it has them."""
    rows = np.zeros((len(texts), 384), dtype=np.float64)
    missing = list(range(len(texts)))
    if cache is not None:
        known = {t: i for i, t in enumerate(json.loads((cache / "texts.json").read_text()))}
        table = np.load(cache / "emb.npy")
        missing = []
        for i, text in enumerate(texts):
            if text in known:
                rows[i] = table[known[text]]
            else:
                missing.append(i)
        norms = np.linalg.norm(rows, axis=1, keepdims=True)
        rows = np.divide(rows, norms, out=np.zeros_like(rows), where=norms > 0)
    if missing:
        rows[missing] = embed(load_encoder(), [texts[i] for i in missing])
    print(f"{len(texts)} texts, {len(missing)} embedded now")
    return rows


def main() -> None:
    source, out = Path(sys.argv[1]), Path(sys.argv[2])
    cache = Path(sys.argv[3]) if len(sys.argv) > 3 else None
    look = SecondLookSettings()
    lexicon = load_lexicon()
    data = build_training_set(lexicon)
    dense = embeddings(data.canonical, cache)
    started = time.process_time()
    assert look.mlp_hidden is not None
    mlp = fit_mlp(dense, data.labels, look.mlp_hidden)
    print(f"MLP fitted in {time.process_time() - started:.0f} s CPU")
    head = load_second_look(source)
    training = {
        **head.training,
        "mlp_hidden": look.mlp_hidden,
        "mlp_training": {
            "texts": len(data.canonical),
            "lexicon_version": lexicon.version,
            "joint_model_from": head.version,
            "method": "MLPClassifier on unit embeddings, early stopping, seed 0 (scripts/second_look_mlp.py)",
        },
    }
    write_second_look(
        replace(
            head,
            version=look.version,
            band_floor=look.band_floor,
            high_threshold=look.high_threshold,
            first_look_high_threshold=look.first_look_high_threshold,
            training=training,
            mlp=mlp,
        ),
        out,
    )
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
