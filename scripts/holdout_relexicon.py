"""Re-screen a fast hold-out run's texts with the current lexicon (`retrain7`).

``screen_round_holdout_fast.py`` stores each text's lexicon severity and whether the model may lower it
beside the per-round model probabilities. When only the lexicon changed since (the `lexfp` false-alarm
rules), this writes a copy with the lexicon columns redone by the lexicon on PYTHONPATH and the model columns
kept, so the hold-out's threshold choices can be re-read without refitting (an approximation: the lexicon's
benign examples also join the training set, which the stored fits did not see).

    PYTHONPATH=. python scripts/holdout_relexicon.py NAME NEW_NAME
"""

from __future__ import annotations

import pickle
import sys
from pathlib import Path

import numpy as np

from safeguarding.model_holdout import _LexiconCache
from safeguarding.screening import load_lexicon

OUT = Path("/tmp/screen_round_holdout")


def main() -> None:
    d = pickle.loads((OUT / f"{sys.argv[1]}.pkl").read_bytes())
    cache = _LexiconCache(load_lexicon())
    found = [cache.get(text) for text in d["text"]]
    new = {**d, "lexsev": np.array([f[0] for f in found]), "lower": np.array([f[1] for f in found])}
    every = d["part"] == "everyday"
    for name, x in (("before", d), ("after", new)):
        flagged = int(np.isin(x["lexsev"][every], ["high", "immediate"]).sum())
        print(f"{name}: lexicon high or immediate on {flagged} of {int(every.sum())} everyday texts")
    print(f"lexicon severity changed on {int((new['lexsev'] != d['lexsev']).sum())} texts")
    (OUT / f"{sys.argv[2]}.pkl").write_bytes(pickle.dumps(new))


if __name__ == "__main__":
    main()
