"""Lexicon kinds from spent round 25's misses (written to the kinds, not its texts): at a drop or deep
water now with no risk word (a dam's overflow, off the path to the steep side, a ferry's back rail, a phone
left on the beach with a note, in the water up to the chest, past the flags in the dark), an adult's report of
a call from the top of a viaduct, not being here for the results, a last birthday, a will, wanting to go with
someone who died, hoping a rip takes me; and beside them a list of people to hurt, weighing many times a day,
running off a meal, a man offering children money, a stranger asking when a place of worship is busiest. Each
has everyday contrasts. Every text is invented.
"""

from __future__ import annotations

import pytest

from safeguarding import Severity

from .lexicon_checks import check_contrast, check_positive


@pytest.mark.parametrize(
    ("text", "expected", "categories"),
    [
        ("sat on the edge of the dam wall by the overflow. its so loud", {"immediate"}, {"suicide"}),
        ("went off the path on the ridge to the steep side. phone on 3%", {"immediate"}, {"suicide"}),
        ("going to the edge on the far side. i mean it this time", {"immediate"}, {"suicide"}),
        ("climbed the back rail on the ferry", {"immediate"}, {"suicide"}),
        ("my lad rang me from the top of the viaduct crying", {"immediate"}, {"suicide"}),
        ("left his phone on the beach with a note", {"immediate"}, {"suicide"}),
        ("walked into the river up to my chest. its quiet", {"immediate"}, {"suicide"}),
        ("she paddled out past the flags in the dark on her own", {"immediate"}, {"suicide"}),
        ("im at the edge of the quarry", {"immediate"}, {"suicide"}),
        ("i wont be here for the results", {"high", "immediate"}, {"suicide"}),
        ("my birthday is on sunday and it will be my last one", {"high", "immediate"}, {"suicide"}),
        ("planned my end. its fine", {"high", "immediate"}, {"suicide"}),
        ("I will not be in school after the 20th. permanently", {"high", "immediate"}, {"suicide"}),
        ("wrote my will on the back of my maths book", {"high", "immediate"}, {"suicide"}),
        ("my grandad died and i want to go with him", {"high", "immediate"}, {"suicide"}),
        ("hoping a rip takes me", {"high", "immediate"}, {"suicide"}),
        ("i made a list of people i will hurt. 3 names", {"high", "immediate"}, {"violence"}),
        ("i weigh myself 12 times a day", {"high"}, {"eating"}),
        ("every time i eat a meal i run till i cant breathe", {"high"}, {"eating"}),
        ("a man in a van keeps asking year 8s if they want to earn money", {"high"}, {"exploitation"}),
        (
            "a guy online keeps asking which mosque is nearest to me and when its busiest",
            {"high", "immediate"},
            {"radicalisation"},
        ),
    ],
)
def test_places_reports_and_preparing(text: str, expected: set[str], categories: set[str]) -> None:
    check_positive(text, expected, categories)


@pytest.mark.parametrize(
    ("text", "ceiling"),
    [
        ("we walked off the path to the steep side for a photo of the view", "none"),
        ("i wont be here for the results, we are in spain", "none"),
        ("this will be my last birthday at primary", "none"),
        ("my nan died and i want to go with her to the funeral", "concern"),
        ("the school asked us if we want to earn money at the summer fair", "none"),
        ("which church is busiest at christmas for carols", "none"),
        ("rang me from the top of the tower crying with laughter lol", "none"),
        ("dad left his shoes on the beach with a note, a joke for mum lol", "concern"),
        ("sat on the edge of the pool with my feet in", "none"),
    ],
)
def test_everyday_twins(text: str, ceiling: Severity) -> None:
    check_contrast(text, ceiling)


@pytest.mark.parametrize(
    ("text", "ceiling_or_floor", "flagged"),
    [
        ("i wont make it to christmas", "high", True),
        ("i dont think i will see the summer", "high", True),
        ("i wont make it to christmas dinner, im working", "none", False),
        ("i wont see the summer holidays with dad this year", "none", False),
    ],
)
def test_not_expecting_to_reach_a_date(text: str, ceiling_or_floor: Severity, flagged: bool) -> None:
    if flagged:
        check_positive(text, {"high", "immediate"}, {"suicide"})
    else:
        check_contrast(text, ceiling_or_floor)
