"""The second look on the per-round hold-out (rounds 5-15), from two runs of the fast hold-out (`second`).

    PYTHONPATH=. python scripts/screen_round_holdout_fast.py second_base '{}'
    PYTHONPATH=. python scripts/screen_round_holdout_fast.py --dump-texts /tmp/second/canonical.json
    PYTHONPATH=. python scripts/second_look_embed.py /tmp/second/canonical.json /tmp/second/emb_numpy.npy
    PYTHONPATH=. python scripts/screen_round_holdout_fast.py second_joint '{}' \
        --dense /tmp/second/emb_numpy.npy 1.0
    PYTHONPATH=. python scripts/second_look_holdout.py second_base second_joint 0.3 0.5

For each held-out round k: the **first look** is screen-v5's recipe as
`screen_round_holdout_fast.py --analyse` measures it (per-round n-gram model, thresholds high / concern /
immediate / lexicon-concern bar chosen on the other rounds' everyday files). The **second look** runs on the
texts the first look leaves below ``high`` whose first-look P(flagged) reaches the band floor; there the
joint model (n-grams + the MiniLM embedding, fitted without round k) makes the text ``high`` when its
P(flagged) reaches the second-look threshold. It can only raise. That threshold is the lowest on the grid
at which first + second look together keep the other rounds' everyday files within the same budgets
(0.5% high, 2% any); round k is then measured with it. Figures are
pooled over all rounds' texts. The same shortcut as the fast hold-out: the other rounds' everyday texts are
scored by their own per-round fits (which had seen round k).
"""

from __future__ import annotations

import json
import pickle
import sys
from pathlib import Path

import numpy as np

from safeguarding.assessment import SEVERITY_ORDER, Severity
from safeguarding.round_thresholds import (
    ROUND_GRID,
    choose_immediate,
    choose_lexicon_concern,
    choose_on_everyday,
)
from safeguarding.training import combine, figures, model_severities, raised_on_concern

OUT = Path("/tmp/screen_round_holdout")
EVERYDAY = 0.79  # screen-v4's lowering threshold, as in screen_round_holdout_fast.py
GRID = tuple(round(0.30 + step / 100, 2) for step in range(70))  # 0.30 .. 0.99


def first_look(
    d: dict[str, np.ndarray], k: int, rows: np.ndarray, budget: float = 0.005, high_only: float | None = None
) -> tuple[list[Severity], tuple[float, ...]]:
    """The shipped recipe's severities for ``rows`` with round ``k``'s thresholds (chosen without round k)."""
    probs, lex, part, rnd, labels = d["probs"], d["lexsev"], d["part"], d["rnd"], d["labels"]
    lowered = d["lower"] & (probs[:, 0] >= EVERYDAY)
    other = rnd != k
    ev = other & (part == "everyday")
    hi = other & (part == "blind") & (labels == "high")
    every = (list(lex[ev]), list(lowered[ev]), probs[ev])
    high, concern = choose_on_everyday(every[0], every[1], every[2], budget, 0.02)
    imm = choose_immediate(every, (list(lex[hi]), probs[hi]), (high, concern), budget, 0.05, ROUND_GRID)
    bar = choose_lexicon_concern(every, (high, concern, imm), budget)
    if high_only is not None:  # only the high threshold stricter (chosen at this budget); the rest as shipped
        high = max(high, choose_on_everyday(every[0], every[1], every[2], high_only, 0.02)[0])
    found: list[Severity] = []
    graded = model_severities(probs[rows], high, concern, imm, [lex[i] for i in rows])
    for i, m in zip(rows, graded, strict=True):
        m = raised_on_concern(lex[i], m, probs[i], bar, imm)
        found.append(combine(lex[i], m, bool(lowered[i])))
    return found, (high, concern, imm if imm is not None else -1.0, bar if bar is not None else -1.0)


def second(
    first: list[Severity], p_first: np.ndarray, p_joint: np.ndarray, floor: float, t2: float
) -> list[Severity]:
    """First look, raised to ``high`` below high, in the band, where the joint model reaches ``t2``."""
    out: list[Severity] = []
    for f, a, b in zip(first, p_first, p_joint, strict=True):
        in_band = SEVERITY_ORDER[f] < 2 and a >= floor
        out.append("high" if in_band and b >= t2 else f)
    return out


def measure(
    base: str,
    joint: str,
    floor: float | None,
    budget: float = 0.005,
    first_budget: float = 0.005,
    high_only: float | None = None,
) -> dict[str, object]:
    """Pooled figures; ``first_budget`` sets the first look's thresholds (0.005: as shipped), ``budget`` the
    everyday high budget that first + second look together keep on the other rounds."""
    d = pickle.loads((OUT / f"{base}.pkl").read_bytes())
    j = pickle.loads((OUT / f"{joint}.pkl").read_bytes())
    keys = list(zip(d["rnd"].tolist(), d["text"].tolist(), strict=True))
    where = {key: i for i, key in enumerate(zip(j["rnd"].tolist(), j["text"].tolist(), strict=True))}
    if len(where) != len(keys) or set(where) != set(keys):
        raise SystemExit("the two runs' rows differ")
    order = np.array([where[key] for key in keys])  # the joint run's rows in the base run's order
    j = {name: values[order] for name, values in j.items()}
    p_first = d["probs"][:, 2] + d["probs"][:, 3]
    p_joint = j["probs"][:, 2] + j["probs"][:, 3]
    part, rnd, labels = d["part"], d["rnd"], d["labels"]
    out_labels: list[Severity] = []
    out_found: list[Severity] = []
    out_part: list[str] = []
    in_band: list[bool] = []
    chosen: dict[int, object] = {}
    for k in sorted(set(rnd.tolist())):
        ev = np.where((rnd != k) & (part == "everyday"))[0]
        first_ev, _ = first_look(d, k, ev, first_budget, high_only)
        t2 = None
        if floor is not None:
            for t in GRID:
                found = second(first_ev, p_first[ev], p_joint[ev], floor, t)
                high = np.mean([SEVERITY_ORDER[f] >= 2 for f in found])
                anyrisk = np.mean([f != "none" for f in found])
                if high <= budget and anyrisk <= 0.02:
                    t2 = t
                    break
        sel = np.where(rnd == k)[0]
        first_k, thresholds = first_look(d, k, sel, first_budget, high_only)
        found_k = first_k if t2 is None else second(first_k, p_first[sel], p_joint[sel], floor or 1.0, t2)
        chosen[int(k)] = {"first": thresholds, "second": t2}
        out_found += found_k
        out_labels += list(labels[sel])
        out_part += list(part[sel])
        in_band += [
            SEVERITY_ORDER[f] < 2 and floor is not None and p >= floor
            for f, p in zip(first_k, p_first[sel], strict=True)
        ]
    blind = [i for i, p in enumerate(out_part) if p == "blind"]
    everyday = [i for i, p in enumerate(out_part) if p == "everyday"]
    return {
        "floor": floor,
        "budget_high": budget,
        "first_budget_high": first_budget if high_only is None else f"{high_only} (high only)",
        "thresholds": chosen,
        "blind": figures([out_labels[i] for i in blind], [out_found[i] for i in blind]),
        "everyday": figures([out_labels[i] for i in everyday], [out_found[i] for i in everyday]),
        "flagged_misses": sum(
            SEVERITY_ORDER[out_found[i]] < 2 for i in blind if out_labels[i] in ("high", "immediate")
        ),
        "band_share_everyday": round(float(np.mean([in_band[i] for i in everyday])), 4),
        "band_share_all": round(float(np.mean(in_band)), 4),
    }


def row(found: dict[str, object]) -> str:
    """One line: floor, budgets, flagged (misses), immediate (as flagged), concern, everyday any / high."""
    b, e = found["blind"], found["everyday"]
    assert isinstance(b, dict) and isinstance(e, dict)
    return (
        f"floor {found['floor']} first-look budget {found['first_budget_high']} total budget "
        f"{found['budget_high']}: flagged {b['flagged_recall']:.3f} ({found['flagged_misses']}), immediate "
        f"{b['immediate_recall']:.3f} ({b['immediate_as_flagged']:.3f}), concern {b['concern_recall']:.3f}, "
        f"everyday {e['false_alarm_any']:.2%} / {e['false_alarm_high']:.2%}, band everyday "
        f"{found['band_share_everyday']:.2%} all {found['band_share_all']:.2%}"
    )


if __name__ == "__main__":
    base_name, joint_name = sys.argv[1], sys.argv[2]
    floors = [float(x) for x in sys.argv[3:] if "=" not in x]
    budgets = [0.005, *(float(x.split("=")[1]) for x in sys.argv[3:] if x.startswith("budget="))]
    for b in budgets:
        # the first look alone at this budget (re-thresholded when b > 0.005), then the shipped first look
        # plus the second look keeping b in total
        results = [measure(base_name, joint_name, None, b, b)]
        results += [measure(base_name, joint_name, fl, b) for fl in floors]
        for found in results:
            print(row(found), flush=True)
            print(json.dumps(found, default=str), file=sys.stderr)
    # split=F: a stricter first look (thresholds chosen at F high) and the second look filling the band up to
    # the shipped 0.5% in total (the first look's high threshold rises; not screen-v5 as shipped)
    for first in (float(x.split("=")[1]) for x in sys.argv[3:] if x.startswith("split=")):
        for fl in floors:
            found = measure(base_name, joint_name, fl, 0.005, first)
            print(row(found), flush=True)
            print(json.dumps(found, default=str), file=sys.stderr)
    # highsplit=F: as split, but only the first look's high threshold is stricter (concern, immediate and the
    # lexicon-concern bar as shipped)
    for first in (float(x.split("=")[1]) for x in sys.argv[3:] if x.startswith("highsplit=")):
        for fl in floors:
            found = measure(base_name, joint_name, fl, 0.005, 0.005, first)
            print(row(found), flush=True)
            print(json.dumps(found, default=str), file=sys.stderr)
