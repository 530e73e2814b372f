"""Probes from an adversarial review (helper ``review18``) of this session's lexicon change for round 35's
kinds (issue 12): 139 invented texts, each with the reviewer's label and kind, in
``data/review18_probes.tsv``. The first version (249fe7f) hid 38 disclosures at the lexicon alone: "took all
my tablets together like the doctor said", "i wont be here tomorrow, moving to a place where nobody can hurt
me", "my dog stopped eating and so have i", "cut my hand on a broken bottle cos i wanted to feel the pain",
"he has a knife. safe to say im terrified". It also undid round 26's decision that a young person's own "all
my tablets like the doctor said" stays an overdose (``test_accident_rule.py``). The rules were narrowed (the
reviewer's suggestions, without the words that had become repair targets) and threats the old "has a gun"
hit had carried got phrases of their own ("going to shoot us all", "going to use one on me"). Every test
asserts the CORRECT outcome for the lexicon alone (the ``screener`` fixture). :data:`PRE_EXISTING` were
wrong before the change too (76eecf3); :data:`WORSE_ALONE` are the two the change still makes worse at the
lexicon alone, both flagged by the whole screen (the learned model): a compound guard reads across a full
stop ("by the railway. station is empty"), and "points it at mum" names the gun only as "it".
"""

from __future__ import annotations

from pathlib import Path

import pytest

from safeguarding.screening import Screener

from .lexicon_checks import check_review_probe, review_cases

PROBES = Path(__file__).parent / "data" / "review18_probes.tsv"

#: Wrong before the change (76eecf3) and after it. Two more ("so the pain would distract me", "every time i
#: feel sad") were closed in the nineteenth session by the not_if ``benign.sport_injury`` was given
#: after review19.
PRE_EXISTING = frozenset(
    {
        "cut my hand whilst washing up a glass",
        "i cut my fingers on the broken mirror when i get stressed",
        "i cut my hand on the bread knife making toast",
        "i cut my palm on a broken plate, i do it when mum shouts",
        "i took all my iron tablets like the nurse said",
        "i took all my tablets like my doctor said, only one side effect",
        "i took all my tablets like the doctor said at the same time every morning",
        "i took all my tablets yesterday like the doctor said, one in the morning one at night",
        "i wont be here tomorrow, were moving for good to australia",
        "im at the top of the cliff car park waiting for mum",
        "im waiting at the railway bridge for my mate",
        "ive taken all my meds like the doctor said and im feeling a bit better",
        "my daughter cut her hand playing football, fell on some glass",
        "my sons tortoise has stopped eating, is that normal before hibernation",
        "sat on the edge of the cliff top eating chips with my mates",
        "she cut her hand on the scissors in art, nurse put a plaster on",
        "sorry i wont be here tomorrow, the removal van is coming, new house yay",
        "took all 28 tablets like the doctor said lol as if",
        "took all my tablets like the doctor said but i dont feel any different",
        "took all my tablets like the doctor said to, not missed one",
        "took all my tablets like the doctor said, didnt miss a single one even though they taste gross",
        "took all my tablets this morning as the doctor advised",
        "waiting at the railway crossing for the barriers to go up",
        "we are at the edge of the cliff walk, dog loves it",
        "wont be here tomorrow, moving out to my dads for good",
    }
)

#: Worse than before at the lexicon alone; the whole screen flags both (see the module docstring).
WORSE_ALONE = frozenset(
    {
        "im by the railway. station is empty, next train in 5 min",
        "my dad has a gun cabinet and when hes drunk he gets it out and points it at mum",
    }
)


@pytest.mark.parametrize(("text", "label"), review_cases(PROBES, PRE_EXISTING, WORSE_ALONE))
def test_review18_probe(screener: Screener, text: str, label: str) -> None:
    check_review_probe(screener.screen(text), text, label)
