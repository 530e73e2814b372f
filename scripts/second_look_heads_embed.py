"""Embed, once, every canonical training text and the judged text of every row of blind rounds 17-19's files
for scripts/second_look_heads.py (the `head` helper's comparison of second-look heads).

    PYTHONPATH=. nice -n 10 python scripts/second_look_heads_embed.py /tmp/head

writes ``texts.json`` (the texts, in order) and ``emb.npy`` (float32 rows, same order; not normalised).
One BLAS thread, batches of 64, as ``waymark safeguarding train``.
"""

from __future__ import annotations

import csv
import json
import sys
import time
from pathlib import Path

import numpy as np
from threadpoolctl import threadpool_limits

from safeguarding.encoder import load_encoder
from safeguarding.model_corpus import lexicon_examples, read_corpus_dir
from safeguarding.model_input import model_text
from safeguarding.screening import load_lexicon
from safeguarding.training import training_set_from_rows

BLIND = Path("tests/safeguarding/data/blind")
ROUNDS = (17, 18, 19)


def round_file_texts() -> list[str]:
    """The raw texts of rounds 17-19's blind and everyday files (never any other round's)."""
    out = []
    for k in ROUNDS:
        for part in ("blind", "everyday"):
            with (BLIND / f"{part}_round{k}.csv").open(newline="", encoding="utf-8") as handle:
                out.extend(row["text"] for row in csv.DictReader(handle))
    return out


def main() -> None:
    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    lexicon = load_lexicon()
    data = training_set_from_rows(lexicon, read_corpus_dir() + lexicon_examples(lexicon))
    norm = lambda raw: lexicon.normaliser.normalise(raw).text  # noqa: E731
    judged = [model_text(t, norm(t), norm) for t in round_file_texts()]
    texts = sorted(set(data.canonical) | {j for j in judged if j is not None})
    print(len(data.canonical), "training texts,", len(texts), "to embed", flush=True)
    encoder = load_encoder()
    with threadpool_limits(1):
        started = time.process_time()
        rows = encoder.encode(texts, batch_size=64)
    print(f"{len(texts)} texts, {time.process_time() - started:.1f} s CPU", flush=True)
    np.save(out / "emb.npy", rows)
    (out / "texts.json").write_text(json.dumps(texts))


if __name__ == "__main__":
    main()
