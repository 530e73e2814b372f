"""Embed the training set's canonical texts with the numpy MiniLM encoder (`second`; no torch needed).

    PYTHONPATH=. python scripts/screen_round_holdout_fast.py --dump-texts /tmp/second/canonical.json
    PYTHONPATH=. python scripts/second_look_embed.py /tmp/second/canonical.json /tmp/second/emb_numpy.npy

writes the rows (float32, the texts' order) and, beside them, ``.json`` with the texts (which the hold-out
script and ``second_look_head.py`` check). One BLAS thread, batches of 64 (as ``waymark safeguarding train``).
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import numpy as np
from threadpoolctl import threadpool_limits

from safeguarding.encoder import load_encoder


def main() -> None:
    source, out = Path(sys.argv[1]), Path(sys.argv[2])
    texts: list[str] = json.loads(source.read_text())
    encoder = load_encoder()
    with threadpool_limits(1):
        started = time.process_time()
        rows = encoder.encode(texts, batch_size=64)
    print(f"{len(texts)} texts, {time.process_time() - started:.1f} s CPU")
    np.save(out, rows)
    out.with_suffix(".json").write_text(json.dumps(texts))


if __name__ == "__main__":
    main()
