"""Thresholds chosen on the measured blind rounds' everyday files, each scored by a model that never saw it.

The corpus's own everyday texts are mostly hard negatives written to trip the lexicon, so a budget on
them says little about ordinary messages. The everyday files of the measured blind rounds
(``blind_rounds.csv``, style ``everyday-round<k>``) are the nearest thing to ordinary traffic we have, and
each was written in a style the others were not. So, when the corpus holds two or more rounds:

1. for each round ``k`` a model is fitted on every text except round ``k``'s and scores round ``k``'s texts
   (a per-round out-of-fold probability: the model reads each round as a new style);
2. ``high`` is the lowest threshold on the grid at which the lexicon + model flag at most
   ``round_high_budget`` of those everyday texts ``high`` or ``immediate``; ``concern`` the lowest (not above
   ``high``) at which they flag at most ``round_any_budget`` at any level. The issue's targets are 0.5% and
   2%; the budgets sit below them to leave room for a new style.

The per-round hold-out (``waymark safeguarding holdout``) repeats this choice without the round it
measures, which is the honest figure for the next style.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from safeguarding.assessment import SEVERITY_ORDER, Severity
from safeguarding.model_corpus import LabelledText, round_of

#: Threshold grid for the round-based choice (finer and lower than the corpus grid).
ROUND_GRID = tuple(round(0.30 + step / 100, 2) for step in range(70))  # 0.30 .. 0.99


def round_groups(rows: Sequence[LabelledText]) -> dict[int, list[int]]:
    """Row indices of each measured round (blind and everyday files together)."""
    groups: dict[int, list[int]] = {}
    for index, row in enumerate(rows):
        found = round_of(row)
        if found is not None:
            groups.setdefault(found[1], []).append(index)
    return groups


def combined_flags(
    lexicon: Sequence[Severity], lowered: Sequence[bool], probs: np.ndarray, high: float, concern: float
) -> tuple[np.ndarray, np.ndarray]:
    """Per text: flagged (high or immediate) and any flag, for the lexicon + model at these thresholds."""
    lex = np.array([SEVERITY_ORDER[s] for s in lexicon])
    low = np.asarray(lowered, dtype=bool)
    lex_high = (lex >= 2) & ~low
    lex_any = lex >= 1
    model_high = probs[:, 2] >= high
    model_any = model_high | (1.0 - probs[:, 0] >= concern)
    # A lowered lexicon hit is a concern; the model raises only what the lexicon left below high.
    flagged = lex_high | (model_high & ~lex_high & ~low)
    return flagged, lex_any | model_any


def choose_on_everyday(
    lexicon: Sequence[Severity],
    lowered: Sequence[bool],
    probs: np.ndarray,
    high_budget: float,
    any_budget: float,
) -> tuple[float, float]:
    """Lowest ``high`` then ``concern`` on :data:`ROUND_GRID` keeping the everyday texts' false alarms
    within the budgets (``probs``: the model's probabilities for those everyday texts)."""
    high = ROUND_GRID[-1]
    for t in ROUND_GRID:
        flagged, _ = combined_flags(lexicon, lowered, probs, t, t)
        if float(np.mean(flagged)) <= high_budget:
            high = t
            break
    concern = high
    for t in ROUND_GRID:
        if t > high:
            break
        _, anything = combined_flags(lexicon, lowered, probs, high, t)
        if float(np.mean(anything)) <= any_budget:
            concern = t
            break
    return high, concern
