"""Thresholds chosen on the measured blind rounds' everyday files, each scored by a model that never saw it.

The corpus's own everyday texts are mostly hard negatives written to trip the lexicon, so a budget on
them says little about ordinary messages. The everyday files of the measured blind rounds
(``blind_rounds.csv``, style ``everyday-round<k>``) are the nearest thing to ordinary traffic we have, and
each was written in a style the others were not. So, when the corpus holds two or more rounds:

1. for each round ``k`` a model is fitted on every text except round ``k``'s and scores round ``k``'s texts
   (a per-round out-of-fold probability: the model reads each round as a new style);
2. ``high`` is the lowest threshold on the grid at which the lexicon + model flag at most
   ``round_high_budget`` of those everyday texts ``high`` or ``immediate``; ``concern`` the lowest (not above
   ``high``) at which they flag at most ``round_any_budget`` at any level. The budgets are the issue's
   targets themselves (0.5% and 2%), pooled over every round's everyday texts: the pooled rate is the
   expected rate on a new round of the same mix. A per-file rule (every round within budget) would be set
   by the worst round alone; a median-of-rounds rule would knowingly break the budget on half of them.

``immediate`` (:func:`choose_immediate`) is then the lowest P(immediate) threshold keeping the everyday
texts within ``round_high_budget`` and raising at most ``immediate_raise_budget`` of the rounds' blind
texts labelled ``high`` to ``immediate`` (scored the same way). Last, ``lexicon_concern``
(:func:`choose_lexicon_concern`, since screen-v5) is the lowest P(flagged) bar for texts the lexicon calls
``concern`` that still keeps the everyday texts within ``round_high_budget``: the budget ``high`` left over.

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
    lexicon: Sequence[Severity],
    lowered: Sequence[bool],
    probs: np.ndarray,
    high: float,
    concern: float,
    immediate: float | None = None,
    lexicon_concern: float | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Per text: flagged (high or immediate) and any flag, for the lexicon + model at these thresholds
    (``probs`` columns none, concern, high, immediate; ``immediate`` None: the model never says it;
    ``lexicon_concern``: the lower P(flagged) bar on texts the lexicon calls ``concern``, None: none)."""
    lex = np.array([SEVERITY_ORDER[s] for s in lexicon])
    low = np.asarray(lowered, dtype=bool)
    model_high = probs[:, 2] + probs[:, 3] >= high
    # P(immediate) grades a flagged text (by the model's high bar or the lexicon); it flags nothing alone.
    model_imm = _immediate_hits(probs, immediate) & (model_high | (lex >= 2))
    model_any = model_high | model_imm | (1.0 - probs[:, 0] >= concern)
    # A lowered lexicon hit is a concern and the model raises nothing on it below immediate (the model
    # raises only what the lexicon left below high); a confident immediate hit raises any text.
    flagged = ((lex >= 2) & ~low) | (model_high & ~low) | model_imm
    if lexicon_concern is not None:
        flagged |= (lex == SEVERITY_ORDER["concern"]) & (probs[:, 2] + probs[:, 3] >= lexicon_concern)
    return flagged, (lex >= 1) | model_any


def _immediate_hits(probs: np.ndarray, immediate: float | None) -> np.ndarray:
    if immediate is None:
        return np.zeros(len(probs), dtype=bool)
    hits: np.ndarray = probs[:, 3] >= immediate
    return hits


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


def choose_immediate(
    everyday: tuple[Sequence[Severity], Sequence[bool], np.ndarray],
    high_rows: tuple[Sequence[Severity], np.ndarray],
    thresholds: tuple[float, float],
    high_budget: float,
    raise_budget: float,
    grid: Sequence[float] = ROUND_GRID,
) -> float | None:
    """Lowest P(immediate) threshold on ``grid`` at which (a) the lexicon + model still flag at most
    ``high_budget`` of the everyday texts ``high`` or ``immediate`` (``everyday``: their lexicon severities,
    lowered marks and probabilities; ``thresholds``: the chosen high and concern), and (b) the model raises
    at most ``raise_budget`` of the texts labelled ``high`` to ``immediate`` (``high_rows``: their lexicon
    severities and probabilities; texts the lexicon already calls ``immediate`` do not count). None when
    no threshold on the grid keeps both: the model then never says ``immediate``.
    """
    lexicon, lowered, probs = everyday
    high_lexicon, high_probs = high_rows
    below = np.array([SEVERITY_ORDER[s] < SEVERITY_ORDER["immediate"] for s in high_lexicon], dtype=bool)
    # Only a flagged text can be graded immediate: flagged by the lexicon or by the model's high bar.
    graded = below
    if len(high_probs):
        lexicon_flags = np.array([SEVERITY_ORDER[s] >= 2 for s in high_lexicon], dtype=bool)
        graded = below & (lexicon_flags | (high_probs[:, 2] + high_probs[:, 3] >= thresholds[0]))
    for t in grid:
        flagged, _ = combined_flags(lexicon, lowered, probs, thresholds[0], thresholds[1], t)
        if len(flagged) and float(np.mean(flagged)) > high_budget:
            continue
        raised = graded & _immediate_hits(high_probs, t) if len(high_probs) else below
        if len(raised) and float(np.mean(raised)) > raise_budget:
            continue
        return float(t)
    return None


def choose_lexicon_concern(
    everyday: tuple[Sequence[Severity], Sequence[bool], np.ndarray],
    thresholds: tuple[float, float, float | None],
    high_budget: float,
    grid: Sequence[float] = ROUND_GRID,
) -> float | None:
    """Lowest P(flagged) threshold on ``grid``, below the chosen ``high`` (``thresholds``: high, concern,
    immediate), at which texts the lexicon calls ``concern`` can be made ``high`` while the lexicon + model
    still flag at most ``high_budget`` of the everyday texts ``high`` or ``immediate``. None when no such
    threshold is lower than ``high``: the high threshold then applies to them as to any text.

    The lexicon found a risk signal in those texts, and everyday messages rarely reach a lexicon ``concern``,
    so a lower bar there costs little of the everyday budget that ``high`` spends on every text.
    """
    lexicon, lowered, probs = everyday
    high, concern, immediate = thresholds
    for t in grid:
        if t >= high:
            break
        flagged, _ = combined_flags(lexicon, lowered, probs, high, concern, immediate, t)
        if not len(flagged) or float(np.mean(flagged)) <= high_budget:
            return float(t)
    return None
