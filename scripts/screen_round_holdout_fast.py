"""Fast per-round hold-out of the learned screen, for comparing training settings (sgmodel5, screen-v5).

`waymark safeguarding holdout` is the exact hold-out (for each round k a full training without k: about 25
fits per round). This is the cheap version used to compare levers: one fit per round (train on everything
but round k, score round k's texts), then for each held-out round k the thresholds are chosen by the
training rule on the OTHER rounds' everyday files (scored by their own per-round fits, which had seen round
k: one level of nesting is skipped) and round k is measured with them. Figures are pooled over the rounds
(one rate over all their texts). The lowering threshold is fixed (EVERYDAY below), the lexicon + model are
combined by `safeguarding.training.combine` (no context messages, no cue raise of a model hit).

    PYTHONPATH=. python scripts/screen_round_holdout_fast.py NAME '{"c": 8.0, "high_class_weight": 1.5}'
    PYTHONPATH=. python scripts/screen_round_holdout_fast.py NAME --analyse
"""

from __future__ import annotations

import json
import pickle
import sys
from dataclasses import replace
from pathlib import Path

import numpy as np

from safeguarding.assessment import SEVERITY_ORDER
from safeguarding.model_corpus import lexicon_examples, read_corpus_dir, round_of
from safeguarding.model_holdout import _LexiconCache
from safeguarding.round_thresholds import (
    ROUND_GRID,
    choose_immediate,
    choose_lexicon_concern,
    choose_on_everyday,
    round_groups,
)
from safeguarding.screening import load_lexicon
from safeguarding.training import (
    TrainSettings,
    combine,
    figures,
    fit,
    model_severities,
    raised_on_concern,
    training_set_from_rows,
)

OUT = Path("/tmp/screen_round_holdout")
EVERYDAY = 0.79  # screen-v4's lowering threshold, held fixed here


def score(name: str, overrides: dict[str, float]) -> None:
    lexicon = load_lexicon()
    data = training_set_from_rows(lexicon, read_corpus_dir() + lexicon_examples(lexicon))
    settings = replace(TrainSettings(), **overrides)
    groups = round_groups(data.rows)
    probs = np.zeros((len(data.rows), 4))
    for k, indices in sorted(groups.items()):
        held = set(indices)
        kept = [i for i in range(len(data.rows)) if i not in held]
        fitted = fit([data.canonical[i] for i in kept], data.labels[kept], settings)
        probs[indices] = fitted.predict_proba([data.canonical[i] for i in indices])
        print(name, "round", k, flush=True)
    cache = _LexiconCache(lexicon)
    rows = [i for indices in groups.values() for i in indices]
    found = {
        "probs": probs[rows],
        "labels": np.array([data.rows[i].severity for i in rows]),
        "part": np.array([round_of(data.rows[i])[0] for i in rows]),  # type: ignore[index]
        "rnd": np.array([round_of(data.rows[i])[1] for i in rows]),  # type: ignore[index]
        "lexsev": np.array([cache.get(data.rows[i].text)[0] for i in rows]),
        "lower": np.array([cache.get(data.rows[i].text)[1] for i in rows]),
        "text": np.array([data.rows[i].text for i in rows], dtype=object),
    }
    OUT.mkdir(exist_ok=True)
    (OUT / f"{name}.pkl").write_bytes(pickle.dumps(found))


def analyse(name: str, lever: bool) -> dict[str, object]:
    d = pickle.loads((OUT / f"{name}.pkl").read_bytes())
    probs, lex, part, rnd, labels = d["probs"], d["lexsev"], d["part"], d["rnd"], d["labels"]
    lowered = d["lower"] & (probs[:, 0] >= EVERYDAY)
    out_labels: list[str] = []
    out_found: list[str] = []
    out_part: list[str] = []
    chosen = {}
    for k in sorted(set(rnd.tolist())):
        other = rnd != k
        ev = other & (part == "everyday")
        hi = other & (part == "blind") & (labels == "high")
        every = (list(lex[ev]), list(lowered[ev]), probs[ev])
        high, concern = choose_on_everyday(every[0], every[1], every[2], 0.005, 0.02)
        imm = choose_immediate(every, (list(lex[hi]), probs[hi]), (high, concern), 0.005, 0.05, ROUND_GRID)
        on_concern = choose_lexicon_concern(every, (high, concern, imm), 0.005) if lever else None
        chosen[int(k)] = (high, concern, imm, on_concern)
        sel = np.where(rnd == k)[0]
        model = model_severities(probs[sel], high, concern, imm)
        for i, m in zip(sel, model, strict=True):
            m = raised_on_concern(lex[i], m, probs[i], on_concern)
            out_found.append(combine(lex[i], m, bool(lowered[i])))
            out_labels.append(labels[i])
            out_part.append(part[i])
    blind = [i for i, p in enumerate(out_part) if p == "blind"]
    everyday = [i for i, p in enumerate(out_part) if p == "everyday"]
    return {
        "thresholds": chosen,
        "blind": figures([out_labels[i] for i in blind], [out_found[i] for i in blind]),
        "everyday": figures([out_labels[i] for i in everyday], [out_found[i] for i in everyday]),
        "flagged_misses": sum(
            SEVERITY_ORDER[out_found[i]] < 2 for i in blind if out_labels[i] in ("high", "immediate")
        ),
    }


if __name__ == "__main__":
    if sys.argv[2:] == ["--analyse"]:
        for lever in (False, True):
            print(json.dumps({"lexicon_concern_bar": lever, **analyse(sys.argv[1], lever)}, default=str))
    else:
        score(sys.argv[1], json.loads(sys.argv[2]) if len(sys.argv) > 2 else {})
