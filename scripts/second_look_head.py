"""Write the packaged second-look head from embeddings already computed for the hold-out (`second`).

`waymark safeguarding train` embeds the training set itself (about 4 minutes of one core) and refits
the screen model first; this writes only the head, from the embeddings ``second_look_embed.py`` wrote for
the same canonical texts (checked), with the screen model's training record:

    PYTHONPATH=. python scripts/second_look_head.py /tmp/second/emb_numpy.npy [OUT.json]
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

import numpy as np
import sklearn

from safeguarding.encoder import load_encoder
from safeguarding.model_corpus import corpus_hash, lexicon_examples, read_corpus_dir
from safeguarding.model_file import DEFAULT_SECOND_LOOK_PATH
from safeguarding.screening import load_lexicon
from safeguarding.second_look_file import write_second_look
from safeguarding.second_look_training import train_second_look
from safeguarding.training import TrainSettings, training_set_from_rows


def main() -> None:
    source = Path(sys.argv[1])
    target = Path(sys.argv[2]) if len(sys.argv) > 2 else DEFAULT_SECOND_LOOK_PATH
    lexicon = load_lexicon()
    data = training_set_from_rows(lexicon, read_corpus_dir() + lexicon_examples(lexicon))
    if json.loads(source.with_suffix(".json").read_text()) != data.canonical:
        sys.exit(f"{source}: its texts are not the training set's")
    rows = np.load(source).astype(np.float64)
    rows /= np.linalg.norm(rows, axis=1, keepdims=True)
    training = {
        "corpus_sha256": corpus_hash(zip(data.canonical, data.rows, strict=True)),
        "texts": len(data.rows),
        "by_severity": dict(sorted(Counter(row.severity for row in data.rows).items())),
        "lexicon_version": lexicon.version,
        "settings": TrainSettings().to_json(),
        "sklearn": sklearn.__version__,
    }
    head = train_second_look(data, load_encoder(), training, embeddings=rows)
    write_second_look(head, target)
    size = target.stat().st_size
    print(f"wrote {target} ({size:,} bytes): band floor {head.band_floor}, high {head.high_threshold}")


if __name__ == "__main__":
    main()
