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

Dense extra columns (sgembed, the static-embedding comparison): ``--dump-texts FILE.json`` writes the merged
training set's canonical texts in order; a build-venv script embeds them to ``FILE.npy`` (one row per text,
same order); then ``NAME '{}' --dense FILE.npy WEIGHT`` appends each text's unit-length embedding times
WEIGHT as dense columns after the two unit-norm n-gram blocks.

    PYTHONPATH=. python scripts/screen_round_holdout_fast.py --dump-texts /tmp/sgembed/canonical.json
    PYTHONPATH=. python scripts/screen_round_holdout_fast.py NAME '{}' --dense /tmp/sgembed/emb.npy 1.0
    PYTHONPATH=. python scripts/screen_round_holdout_fast.py NAME --at-budget   # best recall at 0.5% high
    # side by side: ... NAME_a '{}' --dense FILE.npy 1.0 --rounds 5,6,7  (and NAME_b ... --rounds 8,9,...)
    PYTHONPATH=. python scripts/screen_round_holdout_fast.py NAME --merge NAME_a NAME_b
"""

from __future__ import annotations

import json
import pickle
import sys
from dataclasses import replace
from pathlib import Path

import numpy as np
import scipy.sparse as sp
from sklearn.linear_model import LogisticRegression

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
    Block,
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


def fit_dense(
    texts: list[str], labels: np.ndarray, settings: TrainSettings, dense: np.ndarray
) -> tuple[Block, Block, LogisticRegression]:
    """``training.fit`` with ``dense`` (one row per text, already scaled) appended after the n-gram blocks:
    the second look's joint fit (``safeguarding.second_look_training.fit_joint``)."""
    from safeguarding.second_look_training import fit_joint

    fitted, _coef = fit_joint(texts, labels, settings, dense)
    return fitted.word, fitted.char, fitted.estimator


def load_dense(path: Path, weight: float, texts: list[str]) -> np.ndarray:
    """The embeddings in ``path`` (rows in ``texts`` order, checked), each row of unit length x ``weight``."""
    check = json.loads(path.with_suffix(".json").read_text())
    if check != texts:
        raise SystemExit(f"{path}: its texts are not the training set's (dump them again)")
    rows = np.load(path).astype(np.float64)
    norms = np.linalg.norm(rows, axis=1, keepdims=True)
    scaled: np.ndarray = weight * np.divide(rows, norms, out=np.zeros_like(rows), where=norms > 0)
    return scaled


def score(
    name: str,
    overrides: dict[str, float],
    dense_path: Path | None = None,
    weight: float = 1.0,
    only: set[int] | None = None,
) -> None:
    lexicon = load_lexicon()
    data = training_set_from_rows(lexicon, read_corpus_dir() + lexicon_examples(lexicon))
    settings = replace(TrainSettings(), **overrides)
    dense = load_dense(dense_path, weight, data.canonical) if dense_path else None
    groups = round_groups(data.rows)
    if only:  # a part of the rounds (run parts side by side, then --merge them)
        groups = {k: v for k, v in groups.items() if k in only}
    probs = np.zeros((len(data.rows), 4))
    for k, indices in sorted(groups.items()):
        held = set(indices)
        kept = [i for i in range(len(data.rows)) if i not in held]
        if dense is None:
            fitted = fit([data.canonical[i] for i in kept], data.labels[kept], settings)
            probs[indices] = fitted.predict_proba([data.canonical[i] for i in indices])
        else:
            word, char, estimator = fit_dense(
                [data.canonical[i] for i in kept], data.labels[kept], settings, dense[kept]
            )
            held_texts = [data.canonical[i] for i in indices]
            matrix = sp.hstack(
                [word.transform(held_texts), char.transform(held_texts), sp.csr_matrix(dense[indices])]
            ).tocsr()
            probs[indices] = estimator.predict_proba(matrix)
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
        model = model_severities(probs[sel], high, concern, imm, list(lex[sel]))
        for i, m in zip(sel, model, strict=True):
            m = raised_on_concern(lex[i], m, probs[i], on_concern, imm)
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


def at_budget(name: str, budget: float = 0.005) -> dict[str, object]:
    """The same pooled probabilities at one fixed everyday cost, no nesting: the lowest global ``high``
    threshold (on the 0.30-0.99 grid) at which lexicon + model flag at most ``budget`` of all the everyday
    texts ``high`` or ``immediate``, and the flagged recall there (no immediate threshold, no bar)."""
    d = pickle.loads((OUT / f"{name}.pkl").read_bytes())
    probs, lex, part, labels = d["probs"], d["lexsev"], d["part"], d["labels"]
    lowered = d["lower"] & (probs[:, 0] >= EVERYDAY)
    everyday = part == "everyday"
    risk = (part == "blind") & np.isin(labels, ["high", "immediate"])
    for high in ROUND_GRID:
        model = model_severities(probs, high, high)
        found = np.array(
            [SEVERITY_ORDER[combine(lex[i], m, bool(lowered[i]))] >= 2 for i, m in enumerate(model)]
        )
        if found[everyday].mean() <= budget:
            return {
                "high": high,
                "everyday_high": int(found[everyday].sum()),
                "everyday_texts": int(everyday.sum()),
                "flagged_recall": round(float(found[risk].mean()), 4),
                "flagged_misses": int((~found[risk]).sum()),
            }
    return {}


def merge_parts(name: str, parts: list[str]) -> None:
    """One result from parts scored with ``--rounds`` (their rows concatenated)."""
    found = [pickle.loads((OUT / f"{part}.pkl").read_bytes()) for part in parts]
    merged = {key: np.concatenate([f[key] for f in found]) for key in found[0]}
    (OUT / f"{name}.pkl").write_bytes(pickle.dumps(merged))


def dump_texts(path: Path) -> None:
    """Write the merged training set's canonical texts, in order, for the embedding scripts."""
    lexicon = load_lexicon()
    data = training_set_from_rows(lexicon, read_corpus_dir() + lexicon_examples(lexicon))
    path.write_text(json.dumps(data.canonical))


if __name__ == "__main__":
    if sys.argv[1] == "--dump-texts":
        dump_texts(Path(sys.argv[2]))
    elif sys.argv[2:] == ["--at-budget"]:
        print(json.dumps({"name": sys.argv[1], **at_budget(sys.argv[1])}))
    elif sys.argv[2:] == ["--analyse"]:
        for lever in (False, True):
            print(json.dumps({"lexicon_concern_bar": lever, **analyse(sys.argv[1], lever)}, default=str))
    elif sys.argv[2] == "--merge":
        merge_parts(sys.argv[1], sys.argv[3:])
    elif "--dense" in sys.argv:
        at = sys.argv.index("--dense")
        only = None
        if "--rounds" in sys.argv:
            only = {int(k) for k in sys.argv[sys.argv.index("--rounds") + 1].split(",")}
        score(sys.argv[1], json.loads(sys.argv[2]), Path(sys.argv[at + 1]), float(sys.argv[at + 2]), only)
    else:
        score(sys.argv[1], json.loads(sys.argv[2]) if len(sys.argv) > 2 else {})
