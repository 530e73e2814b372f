"""Does a non-linear second-look head catch more risk at the same everyday false-alarm budget? (`head`)

Per held-out round k in 17, 18, 19 (rounds 20 and 21 are never read): the training set without round k's
rows (and without any text equal in canonical form to one of them, as `safeguarding.model_holdout`), the
first look fitted with the shipped recipe (`safeguarding.training.fit`, TrainSettings()), run through the real
`Screener` at the shipped config thresholds (first look's high 0.90 as paired with the second look, concern
0.73, everyday 0.82, immediate 0.84, lexicon concern 0.67); then the heads, fitted on the same training set:

* ``lr``: the shipped joint logistic regression (n-grams + unit MiniLM embedding, `fit_joint`);
* ``mlp128`` / ``mlp256`` / ``mlp512``: sklearn MLPClassifier on the unit embedding alone, one hidden layer,
  early stopping, seed 0 (4 classes; P(flagged) = P(high) + P(immediate));
* ``avg256``: the mean of ``lr``'s and ``mlp256``'s P(flagged).

    PYTHONPATH=. nice -n 10 python scripts/second_look_heads_embed.py /tmp/head   # once
    PYTHONPATH=. nice -n 10 python scripts/second_look_heads.py first 17          # first look, per round
    PYTHONPATH=. nice -n 10 python scripts/second_look_heads.py heads 17          # heads, per round
    PYTHONPATH=. python scripts/second_look_heads.py analyse                      # the tables
"""

from __future__ import annotations

import csv
import json
import math
import pickle
import sys
import time
from pathlib import Path

import numpy as np
import scipy.sparse as sp

from safeguarding.assessment import SEVERITY_ORDER
from safeguarding.classifier import Classifier
from safeguarding.model_corpus import lexicon_examples, read_corpus_dir, round_of
from safeguarding.model_input import model_text
from safeguarding.screening import Screener, load_lexicon
from safeguarding.second_look import in_band_at
from safeguarding.training import TrainSettings, fit, to_model_data, training_set_from_rows

OUT = Path("/tmp/head")
BLIND = Path("tests/safeguarding/data/blind")
ROUNDS = (17, 18, 19)
FIRST_HIGH, CONCERN, EVERYDAY, IMMEDIATE, LEX_CONCERN = 0.90, 0.73, 0.82, 0.84, 0.67
FLOORS = (0.5, 0.7)
GRID = tuple(round(0.30 + i * 0.005, 3) for i in range(140))  # 0.300 .. 0.995
HEADS = ("lr", "mlp128", "mlp256", "mlp512", "avg256")


def read_file(part: str, k: int) -> list[dict[str, str]]:
    assert k in ROUNDS
    with (BLIND / f"{part}_round{k}.csv").open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def training_set(lexicon, k: int):  # type: ignore[no-untyped-def]
    rows = read_corpus_dir() + lexicon_examples(lexicon)
    canonical = lexicon.normaliser.normalise
    test = [row for row in rows if (found := round_of(row)) is not None and found[1] == k]
    unseen = {canonical(row.text).text for row in test}
    for part in ("blind", "everyday"):  # the files themselves too (they are the corpus rows, but be sure)
        unseen |= {canonical(r["text"]).text for r in read_file(part, k)}
    kept = [
        row
        for row in rows
        if ((found := round_of(row)) is None or found[1] != k) and canonical(row.text).text not in unseen
    ]
    return training_set_from_rows(lexicon, kept), len(test)


def first_look(k: int) -> None:
    lexicon = load_lexicon()
    data, held = training_set(lexicon, k)
    settings = TrainSettings()
    started = time.process_time()
    fitted = fit(data.canonical, data.labels, settings)
    cpu = time.process_time() - started
    model = to_model_data(fitted, settings, {}, {}, (FIRST_HIGH, CONCERN), EVERYDAY, IMMEDIATE, LEX_CONCERN)
    screener = Screener(lexicon, Classifier(model, FIRST_HIGH, CONCERN, EVERYDAY, IMMEDIATE))
    norm = lambda raw: lexicon.normaliser.normalise(raw).text  # noqa: E731
    out = []
    for part in ("blind", "everyday"):
        for row in read_file(part, k):
            first = screener.screen(row["text"])
            out.append(
                {
                    "part": part,
                    "label": row["severity"],
                    "first": first.severity,
                    "p_first": first.model_flagged,
                    "band": {f: in_band_at(first, f) for f in FLOORS},
                    "judged": model_text(row["text"], norm(row["text"]), norm),
                }
            )
    (OUT / f"first_{k}.pkl").write_bytes(
        pickle.dumps({"rows": out, "fit_cpu": cpu, "train": len(data.canonical), "held_corpus_rows": held})
    )
    print(k, "first look", len(data.canonical), "texts", f"{cpu:.0f} s CPU", flush=True)


def embeddings() -> dict[str, np.ndarray]:
    texts = json.loads((OUT / "texts.json").read_text())
    rows = np.load(OUT / "emb.npy").astype(np.float64)
    norms = np.linalg.norm(rows, axis=1, keepdims=True)
    rows = np.divide(rows, norms, out=np.zeros_like(rows), where=norms > 0)
    return dict(zip(texts, rows, strict=True))


def heads(k: int) -> None:
    from sklearn.neural_network import MLPClassifier

    from safeguarding.second_look_training import fit_joint

    lexicon = load_lexicon()
    data, _ = training_set(lexicon, k)
    table = embeddings()
    dense = np.array([table[t] for t in data.canonical])
    rows = pickle.loads((OUT / f"first_{k}.pkl").read_bytes())["rows"]
    judged = [r["judged"] for r in rows]
    idx = [i for i, j in enumerate(judged) if j is not None]
    texts = [judged[i] for i in idx]
    test_dense = np.array([table[t] for t in texts])
    settings = TrainSettings()
    p: dict[str, np.ndarray] = {}
    cpu: dict[str, float] = {}
    per_text: dict[str, float] = {}

    started = time.process_time()
    fitted, _ = fit_joint(data.canonical, data.labels, settings, dense)
    cpu["lr"] = time.process_time() - started
    started = time.process_time()
    matrix = sp.hstack(
        [fitted.word.transform(texts), fitted.char.transform(texts), sp.csr_matrix(test_dense)]
    ).tocsr()
    probs = fitted.estimator.predict_proba(matrix)
    per_text["lr"] = (time.process_time() - started) / len(texts)
    p["lr"] = probs[:, 2] + probs[:, 3]
    print(k, "lr", f"{cpu['lr']:.0f} s", flush=True)

    save = lambda: (OUT / f"heads_{k}.pkl").write_bytes(  # noqa: E731
        pickle.dumps({"p": widen(p, idx, len(rows)), "fit_cpu": cpu, "per_text": per_text})
    )
    save()
    for size in (256, 128, 512):  # saved after each, so that a late one can be left out
        name = f"mlp{size}"
        mlp = MLPClassifier(
            hidden_layer_sizes=(size,), early_stopping=True, random_state=0, max_iter=200, alpha=1e-4
        )
        started = time.process_time()
        mlp.fit(dense, data.labels)
        cpu[name] = time.process_time() - started
        started = time.process_time()
        probs = mlp.predict_proba(test_dense)
        per_text[name] = (time.process_time() - started) / len(texts)
        # one text at a time, as the worker would call it (numpy only; the encoder's ~6 ms comes on top)
        started = time.process_time()
        for row in test_dense[:200]:
            mlp.predict_proba(row[None, :])
        per_text[name + "_single"] = (time.process_time() - started) / min(200, len(texts))
        p[name] = probs[:, 2] + probs[:, 3]
        print(k, name, f"{cpu[name]:.0f} s, {mlp.n_iter_} epochs", flush=True)
        if name == "mlp256":
            p["avg256"] = (p["lr"] + p["mlp256"]) / 2
        save()


def widen(p: dict[str, np.ndarray], idx: list[int], n: int) -> dict[str, np.ndarray]:
    """Per-row P(flagged) for every file row (NaN where the model abstains)."""
    full = {h: np.full(n, np.nan) for h in p}
    for h, v in p.items():
        full[h][idx] = v
    return full


# ---------------------------------------------------------------- analysis


def load(k: int) -> dict[str, object]:
    first = pickle.loads((OUT / f"first_{k}.pkl").read_bytes())
    head = pickle.loads((OUT / f"heads_{k}.pkl").read_bytes())
    rows = first["rows"]
    return {
        "k": np.full(len(rows), k),
        "part": np.array([r["part"] for r in rows]),
        "label": np.array([r["label"] for r in rows]),
        "first": np.array([SEVERITY_ORDER[r["first"]] for r in rows]),
        "band": {f: np.array([r["band"][f] for r in rows]) for f in FLOORS},
        "p": head["p"],
        "fit_cpu": {**head["fit_cpu"], "first": first["fit_cpu"]},
        "per_text": head["per_text"],
    }


def pooled(parts: list[dict[str, object]]) -> dict[str, object]:
    cat = lambda key: np.concatenate([d[key] for d in parts])  # noqa: E731
    return {
        "k": cat("k"),
        "part": cat("part"),
        "label": cat("label"),
        "first": cat("first"),
        "band": {f: np.concatenate([d["band"][f] for d in parts]) for f in FLOORS},
        "p": {h: np.concatenate([d["p"][h] for d in parts]) for h in HEADS},
    }


def final(d: dict[str, object], head: str | None, floor: float, t: float) -> np.ndarray:
    """Final severity order per text: the first look's, raised to high when in the band and p >= t."""
    sev = d["first"].copy()
    if head is None:
        return sev
    p = d["p"][head]
    raise_ = d["band"][floor] & ~np.isnan(p) & (np.nan_to_num(p, nan=-1.0) >= t)
    sev[raise_] = np.maximum(sev[raise_], 2)
    return sev


def rates(d: dict[str, object], sev: np.ndarray, mask: np.ndarray | None = None) -> dict[str, float]:
    m = np.ones(len(sev), bool) if mask is None else mask
    risk = m & (d["part"] == "blind") & np.isin(d["label"], ["high", "immediate"])
    every = m & (d["part"] == "everyday") & (d["label"] == "none")
    return {
        "recall": float((sev[risk] >= 2).mean()),
        "missed": int((sev[risk] < 2).sum()),
        "risk": int(risk.sum()),
        "ev_high": int((sev[every] >= 2).sum()),
        "ev_any": int((sev[every] >= 1).sum()),
        "ev": int(every.sum()),
    }


def best_within(d, head, floor, high_cap, any_cap=None, mask=None):  # type: ignore[no-untyped-def]
    """The threshold with the most flagged recall whose everyday high count is <= high_cap (and any count
    <= any_cap); ties: the highest threshold. None when even no raise breaks the caps."""
    best = None
    for t in GRID:
        r = rates(d, final(d, head, floor, t), mask)
        fits = r["ev_high"] <= high_cap and (any_cap is None or r["ev_any"] <= any_cap)
        if fits and (best is None or r["recall"] >= best[1]["recall"]):
            best = (t, r)
    return best


def fmt(r: dict[str, float]) -> str:
    return (
        f"{r['recall']:.3f} ({r['missed']} missed) | "
        f"{r['ev_high']}/{r['ev']} = {100 * r['ev_high'] / r['ev']:.2f}%"
        f" | {r['ev_any']} = {100 * r['ev_any'] / r['ev']:.2f}%"
    )


def analyse() -> None:
    global HEADS
    parts = [load(k) for k in ROUNDS]
    HEADS = tuple(h for h in HEADS if all(h in p["p"] for p in parts))
    d = pooled(parts)
    print("fit CPU s per round:", {p["k"][0]: {h: round(v) for h, v in p["fit_cpu"].items()} for p in parts})
    print("head CPU per text (s):", {h: f"{v * 1000:.3f} ms" for h, v in parts[0]["per_text"].items()})
    n_ev = int(((d["part"] == "everyday") & (d["label"] == "none")).sum())
    base = rates(d, final(d, None, 0.7, 1.0))
    print("\nfirst look alone (high 0.90):", fmt(base))
    risk = (d["part"] == "blind") & np.isin(d["label"], ["high", "immediate"])
    for f in FLOORS:
        inband = d["band"][f]
        print(
            f"band floor {f}: in band {int(inband[d['part'] == 'everyday'].sum())} everyday, "
            f"{int((inband & risk).sum())} risk"
        )
    ref = rates(d, final(d, "lr", 0.7, 0.86))
    print("reference lr, floor 0.7, t 0.86:", fmt(ref))
    budget = math.floor(0.005 * n_ev)
    print(
        f"\n| head | floor | best t at ref ({ref['ev_high']} ev high) | recall | ev high | ev any "
        f"| best t at 0.5% ({budget}) | recall | ev high | ev any |"
    )
    for h in HEADS:
        for f in FLOORS:
            a = best_within(d, h, f, ref["ev_high"])
            b = best_within(d, h, f, budget)
            cells = []
            for x in (a, b):
                cells.append("- | - | - | -" if x is None else f"{x[0]:.3f} | " + fmt(x[1]))
            print(f"| {h} | {f} | {cells[0]} | {cells[1]} |")
    print(
        "\nheld-out: t chosen on the other two rounds (most recall with everyday high <= 0.5% there;"
        " the any-flag\n"
        "rate is the first look's concern calls and is over 2% on rounds 17+18 before any second look)"
    )
    print("| head | floor | t (17, 18, 19) | recall | ev high | ev any | per round: recall, ev high |")
    for h in (None, *HEADS):
        for f in FLOORS if h else (0.7,):
            chosen = []
            sev = d["first"].copy()
            for k in ROUNDS:
                other = d["k"] != k
                n_o = int((other & (d["part"] == "everyday") & (d["label"] == "none")).sum())
                x = best_within(d, h, f, math.floor(0.005 * n_o), None, other) if h else None
                t = x[0] if x else 9.0  # None: the second look raises nothing
                chosen.append(t)
                mine = d["k"] == k
                sev[mine] = final(d, h, f, t)[mine]
            r = rates(d, sev)
            each = "; ".join(
                f"{k}: {q['recall']:.3f} {q['ev_high']}/{q['ev']}"
                for k in ROUNDS
                for q in [rates(d, sev, d["k"] == k)]
            )
            print(
                f"| {h or 'first look alone'} | {f} | "
                f"{', '.join(f'{t:.3f}' if t < 9 else 'off' for t in chosen)} | " + fmt(r) + f" | {each} |"
            )
    # the curve near the operating region, for the note
    print("\ncurves (floor 0.7): t -> recall / ev high / ev any")
    for h in HEADS:
        pts = []
        for t in GRID[::10]:
            r = rates(d, final(d, h, 0.7, t))
            pts.append(f"{t:.2f}:{r['recall']:.3f}/{r['ev_high']}/{r['ev_any']}")
        print(h, " ".join(pts))


if __name__ == "__main__":
    if sys.argv[1] == "first":
        first_look(int(sys.argv[2]))
    elif sys.argv[1] == "heads":
        heads(int(sys.argv[2]))
    else:
        analyse()
