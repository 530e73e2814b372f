"""The second look's thresholds chosen as a pair per held-out round (`retrain7`, rounds 5-17).

Reads two runs of the fast per-round hold-out (``screen_round_holdout_fast.py``: BASE, the n-gram first look,
and JOINT, the same with ``--dense`` MiniLM embeddings). For each held-out round k, the first look's concern,
immediate and lexicon-concern thresholds are chosen as the shipped recipe chooses them (0.5% high / 2% any
on the other rounds' everyday files); then, at a fixed band floor, the pair (first look's high t1 >= its own
0.5% high, second look's high t2) with the most flagged recall on the other rounds' blind files among the
pairs keeping the other rounds' everyday files within 0.5% high / 2% any in total (ties: higher t1, then
higher t2). Round k is measured with its pair; figures are pooled over the rounds. ``second_look_holdout.py``
fixes t1 from a stricter first-look budget instead (``highsplit=``); with rounds 16 and 17 in the pool that
left the second look no room. ``--fixed`` measures fixed (floor, t1, t2) triples instead (not a hold-out
choice: the shipped values on the same texts).

    PYTHONPATH=. python scripts/second_look_pairs.py BASE JOINT 0.5 0.6 0.7 0.8
    PYTHONPATH=. python scripts/second_look_pairs.py BASE JOINT --fixed 0.7,0.9,0.86 0.5,0.91,0.86
"""

from __future__ import annotations

import pickle
import sys
from pathlib import Path

import numpy as np

from safeguarding.round_thresholds import (
    ROUND_GRID,
    choose_immediate,
    choose_lexicon_concern,
    choose_on_everyday,
)
from safeguarding.training import figures

OUT = Path("/tmp/screen_round_holdout")
EVERYDAY = 0.79  # the lowering threshold held fixed, as in screen_round_holdout_fast.py
LEVEL = {"none": 0, "concern": 1, "high": 2, "immediate": 3}
NAMES = ["none", "concern", "high", "immediate"]
T1 = [round(0.80 + s / 100, 2) for s in range(20)] + [1.01]
T2 = [round(0.70 + s / 100, 2) for s in range(30)] + [1.01]  # 1.01: no second look


class Runs:
    """The two hold-out runs, rows aligned."""

    def __init__(self, base: str, joint: str) -> None:
        d = pickle.loads((OUT / f"{base}.pkl").read_bytes())
        j = pickle.loads((OUT / f"{joint}.pkl").read_bytes())
        keys = list(zip(d["rnd"].tolist(), d["text"].tolist(), strict=True))
        where = {key: i for i, key in enumerate(zip(j["rnd"].tolist(), j["text"].tolist(), strict=True))}
        if set(where) != set(keys):
            raise SystemExit("the two runs' rows differ")
        order = np.array([where[key] for key in keys])
        self.d = d
        self.probs = d["probs"]
        self.part, self.rnd, self.labels = d["part"], d["rnd"], d["labels"]
        self.lex = np.array([LEVEL[x] for x in d["lexsev"]])
        self.lab = np.array([LEVEL[x] for x in self.labels])
        self.lowered = d["lower"] & (self.probs[:, 0] >= EVERYDAY)
        self.pf = self.probs[:, 2] + self.probs[:, 3]
        joint_probs = j["probs"][order]
        self.pj = joint_probs[:, 2] + joint_probs[:, 3]

    def recipe(self, k: int, budget: float = 0.005) -> tuple[float, float, float | None, float | None]:
        """The first look's high, concern, immediate and lexicon-concern bar chosen without round k."""
        other = self.rnd != k
        ev = np.where(other & (self.part == "everyday"))[0]
        hi = other & (self.part == "blind") & (self.labels == "high")
        every = (list(self.d["lexsev"][ev]), list(self.lowered[ev]), self.probs[ev])
        high, concern = choose_on_everyday(every[0], every[1], every[2], budget, 0.02)
        held = (list(self.d["lexsev"][hi]), self.probs[hi])
        imm = choose_immediate(every, held, (high, concern), budget, 0.05, ROUND_GRID)
        bar = choose_lexicon_concern(every, (high, concern, imm), budget)
        return high, concern, imm, bar

    def levels(
        self,
        rows: np.ndarray,
        first: tuple[float, float, float | None, float | None],
        floor: float | None,
        t2: float,
    ) -> np.ndarray:
        """First look (lexicon + n-gram model, as ``training.combine``) then the second look, as levels."""
        t1, concern, imm, bar = first
        p, lex, pf = self.probs[rows], self.lex[rows], self.pf[rows]
        m = np.where(pf >= t1, 2, np.where(1 - p[:, 0] >= concern, 1, 0))
        if imm is not None:
            m = np.where(p[:, 3] >= imm, 3, m)
        if bar is not None:
            m = np.where((lex == 1) & (m < 2) & (pf >= bar), 2, m)
        f = np.where(lex >= 2, lex, np.maximum(lex, m))
        f = np.where((lex == 2) & self.lowered[rows], 1, f)
        f = np.where(m == 3, 3, f)
        if floor is not None:
            f = np.where((f < 2) & (pf >= floor) & (self.pj[rows] >= t2), 2, f)
        return f

    def pooled(self, choose: object) -> tuple[str, dict[int, tuple[float, float]]]:
        """Pooled figures with ``choose(k, recipe) -> (floor, t1, t2)`` per held-out round."""
        found: list[str] = []
        labels: list[str] = []
        parts: list[str] = []
        chosen: dict[int, tuple[float, float]] = {}
        for k in sorted(set(self.rnd.tolist())):
            high, concern, imm, bar = self.recipe(k)
            floor, t1, t2 = choose(k, (high, concern, imm, bar))  # type: ignore[operator]
            sel = np.where(self.rnd == k)[0]
            found += [NAMES[x] for x in self.levels(sel, (t1, concern, imm, bar), floor, t2)]
            labels += list(self.labels[sel])
            parts += list(self.part[sel])
            chosen[int(k)] = (t1, t2)
        blind = [i for i, p in enumerate(parts) if p == "blind"]
        every = [i for i, p in enumerate(parts) if p == "everyday"]
        fb = figures([labels[i] for i in blind], [found[i] for i in blind])  # type: ignore[misc]
        fe = figures([labels[i] for i in every], [found[i] for i in every])  # type: ignore[misc]
        misses = sum(LEVEL[found[i]] < 2 for i in blind if labels[i] in ("high", "immediate"))
        high_n = sum(LEVEL[found[i]] >= 2 for i in every)
        any_n = sum(found[i] != "none" for i in every)
        line = (
            f"flagged {fb['flagged_recall']:.4f} ({misses} missed), immediate {fb['immediate_recall']:.3f} "
            f"(as flagged {fb['immediate_as_flagged']:.3f}), concern {fb['concern_recall']:.3f}, everyday "
            f"{fe['false_alarm_any']:.2%} / {fe['false_alarm_high']:.2%} ({any_n} / {high_n} of {len(every)})"
        )
        return line, chosen

    def best_pair(
        self, k: int, first: tuple[float, float, float | None, float | None], floor: float | None
    ) -> tuple[float | None, float, float]:
        """The (t1, t2) with the most other-round recall within the other rounds' everyday budget."""
        high, concern, imm, bar = first
        other = self.rnd != k
        ev = np.where(other & (self.part == "everyday"))[0]
        risk = np.where(other & (self.part == "blind") & (self.lab >= 2))[0]
        best: tuple[float, float, float] | None = None
        for t1 in (t for t in T1 if t >= high):
            for t2 in T2 if floor is not None else [1.01]:
                f = self.levels(ev, (t1, concern, imm, bar), floor, t2)
                if (f >= 2).mean() <= 0.005 and (f >= 1).mean() <= 0.02:
                    recall = float((self.levels(risk, (t1, concern, imm, bar), floor, t2) >= 2).mean())
                    best = max(best or (recall, t1, t2), (recall, t1, t2))
        return (floor, high, 1.01) if best is None else (floor, best[1], best[2])


def main() -> None:
    runs = Runs(sys.argv[1], sys.argv[2])
    if "--fixed" in sys.argv:
        for triple in sys.argv[sys.argv.index("--fixed") + 1 :]:
            fixed_floor, t1, t2 = (float(x) for x in triple.split(","))
            line, _ = runs.pooled(lambda k, first, a=fixed_floor, b=t1, c=t2: (a, max(first[0], b), c))
            print(f"fixed floor {fixed_floor} first-look high {t1} second look {t2}: {line}", flush=True)
        line, _ = runs.pooled(lambda k, first: (None, first[0], 1.01))
        print(f"first look alone (its own 0.5% thresholds): {line}", flush=True)
        return
    for arg in sys.argv[3:]:
        floor = None if arg == "none" else float(arg)
        line, chosen = runs.pooled(lambda k, first, fl=floor: runs.best_pair(k, first, fl))
        t1s = sorted(c[0] for c in chosen.values())
        t2s = sorted(c[1] for c in chosen.values())
        print(f"floor {floor}: {line}", flush=True)
        print(f"    per round (first-look high, second-look high): {chosen}", flush=True)
        print(
            f"    medians: first-look high {t1s[len(t1s) // 2]}, second look {t2s[len(t2s) // 2]}", flush=True
        )


if __name__ == "__main__":
    main()
