"""Thresholds chosen on the measured rounds' everyday files (safeguarding/round_thresholds.py)."""

from __future__ import annotations

import numpy as np

from safeguarding.assessment import Severity
from safeguarding.model_corpus import LabelledText, round_of, rounds_in
from safeguarding.round_thresholds import (
    ROUND_GRID,
    choose_immediate,
    choose_on_everyday,
    combined_flags,
    round_groups,
)


def row(style: str) -> LabelledText:
    return LabelledText("text", "none", "", style, "test")


def test_round_styles_are_read_from_the_row_style() -> None:
    rows = [row("blind-round5"), row("everyday-round7"), row("textspeak"), row("everyday-round5")]
    assert [round_of(r) for r in rows] == [("blind", 5), ("everyday", 7), None, ("everyday", 5)]
    assert rounds_in(rows) == [5, 7]
    assert round_groups(rows) == {5: [0, 3], 7: [1]}


def test_the_lexicon_decides_first_and_a_lowered_hit_is_no_flag() -> None:
    lexicon: list[Severity] = ["high", "high", "none", "concern", "none"]
    lowered = [False, True, False, False, False]
    probs = np.array(
        [
            [0.9, 0.05, 0.03, 0.02],
            [0.9, 0.05, 0.03, 0.02],
            [0.1, 0.1, 0.5, 0.3],  # P(flagged) is P(high) + P(immediate): 0.8
            [0.5, 0.4, 0.1, 0.0],
            [0.9, 0.05, 0.05, 0.0],
        ]
    )
    flagged, anything = combined_flags(lexicon, lowered, probs, high=0.7, concern=0.4)
    assert flagged.tolist() == [True, False, True, False, False]
    assert anything.tolist() == [True, True, True, True, False]
    # A confident immediate hit is a flag on any text, a lowered one too; below the threshold it is not.
    probs[1] = probs[4] = [0.3, 0.0, 0.05, 0.65]
    flagged, _ = combined_flags(lexicon, lowered, probs, high=0.7, concern=0.4, immediate=0.6)
    assert flagged.tolist() == [True, True, True, False, True]
    flagged, _ = combined_flags(lexicon, lowered, probs, high=0.71, concern=0.4, immediate=0.66)
    assert flagged.tolist() == [True, False, True, False, False]


def test_thresholds_are_the_lowest_within_the_everyday_budgets() -> None:
    # 200 everyday texts the lexicon leaves alone; three of them look like risk to the model.
    probs = np.tile([0.98, 0.01, 0.01, 0.0], (200, 1))
    probs[0] = [0.01, 0.0, 0.49, 0.5]  # P(flagged) 0.99
    probs[1] = [0.65, 0.0, 0.35, 0.0]  # P(flagged) 0.35
    probs[2] = [0.5, 0.45, 0.05, 0.0]  # P(any risk) 0.5
    lexicon: list[Severity] = ["none"] * 200
    none = [False] * 200
    # 0.5% of 200 is one text: high must leave text 1 out, so the lowest step above 0.35
    high, concern = choose_on_everyday(lexicon, none, probs, high_budget=0.005, any_budget=0.01)
    assert high == 0.36
    # 1% allows two texts at any level: texts 0 and 2 (text 1 too below 0.36)
    assert concern == 0.36
    high, concern = choose_on_everyday(lexicon, none, probs, high_budget=0.005, any_budget=0.015)
    assert (high, concern) == (0.36, ROUND_GRID[0])


def test_immediate_is_the_lowest_keeping_the_everyday_budget_and_the_share_of_high_texts_raised() -> None:
    # 200 everyday texts: one at P(immediate) 0.5 (flagged: P(flagged) 0.99), one at 0.45 (not flagged).
    everyday = np.tile([0.98, 0.01, 0.01, 0.0], (200, 1))
    everyday[0] = [0.01, 0.0, 0.49, 0.5]
    everyday[1] = [0.5, 0.0, 0.05, 0.45]
    lexicon: list[Severity] = ["none"] * 200
    none = [False] * 200
    # 20 texts labelled high: P(immediate) 0.40, 0.41, ... 0.59; the lexicon already says immediate on
    # the one at 0.59, so it never counts as raised by the model.
    high = np.array([[0.0, 0.0, 1.0 - (0.40 + k / 100), 0.40 + k / 100] for k in range(20)])
    high_lexicon: list[Severity] = ["high"] * 19
    high_lexicon.append("immediate")
    # Everyday: high 0.99 flags text 0 (0.5% of 200); text 1 must stay out, so immediate > 0.45.
    # High texts: at most 10% (2 of 20) raised: P(immediate) >= 0.57 raises 0.57 and 0.58 only.
    found = choose_immediate(
        (lexicon, none, everyday), (high_lexicon, high), (0.99, 0.99), high_budget=0.005, raise_budget=0.1
    )
    assert found == 0.57
    # A wider raise budget: the lowest on the grid. Text 1 (P(immediate) 0.45, P(flagged) 0.5) costs the
    # everyday budget nothing, as P(immediate) only grades a text something else flagged.
    found = choose_immediate(
        (lexicon, none, everyday), (high_lexicon, high), (0.99, 0.99), high_budget=0.005, raise_budget=1.0
    )
    assert found == ROUND_GRID[0]
    flagged, _ = combined_flags(lexicon, none, everyday, 0.99, 0.99, ROUND_GRID[0])
    assert flagged.tolist() == [True] + [False] * 199
    # High texts nothing flags (P(flagged) 0.5 below the 0.99 bar, the lexicon below high) are not raised
    # either, whatever their P(immediate) (0.5): under the old rule every threshold up to 0.5 raised them all,
    # past a zero raise budget.
    unflagged: list[Severity] = ["none"] * 19 + ["immediate"]
    unflagged_probs = np.tile([0.5, 0.0, 0.0, 0.5], (20, 1))
    found = choose_immediate(
        (lexicon, none, everyday),
        (unflagged, unflagged_probs),
        (0.99, 0.99),
        high_budget=0.005,
        raise_budget=0.0,
    )
    assert found == ROUND_GRID[0]
    # No threshold on the grid keeps a zero everyday budget: the model then never says immediate.
    assert (
        choose_immediate(
            (lexicon, none, everyday), (high_lexicon, high), (0.99, 0.99), high_budget=0.0, raise_budget=1.0
        )
        is None
    )
