"""Lexicon false alarms from the everyday files of blind rounds 5-8, fixed with benign rules.

Each everyday text below was a `high` or `immediate` false alarm of the lexicon; each risk look-alike
next to it must still be flagged (no risk phrase was deleted or weakened).
"""

from __future__ import annotations

import pytest

from safeguarding.screening import Screener

FLAGGED = ("high", "immediate")


@pytest.mark.parametrize(
    "text",
    [
        "I'll catch the bus straight from school",
        "mum's been cutting the grass all morning, it's so loud",
        "caffeine overdose incoming lol 4 coffees and its only 10am",
        "i need to overdose on sleep this weekend",
        "binged netflix all weekend, overdosed on stranger things",
        "bro stabbed the straw into the capri sun so hard it exploded",
        "the road to school is a death trap when it's icy, mum's driving me now",
        "the school trip to the dungeons was so good, they had fake blood everywhere",
        "I've been shot in laser tag, my vest lit up everywhere",
        "i got shot in fortnite lol",
    ],
)
def test_everyday_lexicon_false_alarms_are_not_flagged(screener: Screener, text: str) -> None:
    found = screener.screen(text)
    assert found.severity == "none", found.to_audit()


@pytest.mark.parametrize(
    ("text", "severity"),
    [
        ("im going to catch the bus tonight", "immediate"),
        ("ready to catch the bus", "high"),
        ("ive been cutting my arms", "high"),
        ("been cutting again", "high"),
        ("i overdosed on sleeping pills", "immediate"),
        ("i overdosed on sleep pills", "immediate"),
        ("overdose on sleep meds", "immediate"),
        ("i want to overdose", "high"),
        ("theres blood everywhere i cut too deep", "immediate"),
        ("they keep me at the trap house", "high"),
        ("he stabbed my brother", "high"),
        ("ive been shot", "high"),
        ("i got stabbed at football", "high"),
        ("he got stabbed at the park", "high"),
    ],
)
def test_risk_look_alikes_are_still_flagged(screener: Screener, text: str, severity: str) -> None:
    found = screener.screen(text)
    assert found.severity == severity, found.to_audit()
