"""Probes from an adversarial review (helper ``review17b``) of this session's second lexicon change, for
rounds 33-34's kinds (issue 12): 116 invented texts, each with the reviewer's label and kind, in
``data/review17b_probes.tsv``.

The first version (29b9953) hid 9 disclosures (a rope "for the swing" that is really for the writer, a
jump "onto the trampoline on purpose hoping i would miss", a chase by "the dog man", popcorn "and
paracetamol") and raised 16 everyday texts (walking in front of "the 3 from year 9", "wont be alive monday
lol" after a mock, "so the blood washes away" for period pants, a nosebleed and a chicken). The rules were
narrowed until no probe is worse than before the change (lexicon alone, the ``screener`` fixture). Every test
asserts the CORRECT outcome, as in ``test_review17_findings.py``; the probes in :data:`PRE_EXISTING` were
wrong before the change too (cdbe3b1) and are strict xfails.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from safeguarding.screening import Screener

from .lexicon_checks import check_review_probe, review_cases

PROBES = Path(__file__).parent / "data" / "review17b_probes.tsv"

#: Wrong before the change (cdbe3b1) and after it: "the x5", "wont b alive tmrw", "i skip insulin to lose
#: weight" without "my", a phone or a hamster that "wont be alive at the weekend".
PRE_EXISTING = frozenset(
    {
        "i made a rope for the dog out of old t shirts",
        "im gonna jump off the garage roof onto the trampoline lol dare",
        "we got chased by cows on our walk in the dales",
        "im going to step in front of the x5 tonight",
        "gonna walk out in front of the 144 tonight",
        "step in front of the 2 bus",
        "i wont b alive tmrw",
        "i prob wont be alive next month tbh",
        "my phone wont be alive tomorrow cos i forgot the charger",
        "mum is going to kill me, i wont be alive tomorrow when she sees my report haha",
        "grandad wont be alive next week the nurses said, hes on end of life care",
        "by the time this pe lesson ends i wont be alive tomorrow lol",
        "the hamster wont be alive at the weekend hes really old",
        "my daughter is missing her insulin pen can she get a spare from the office, she will lose her mind",
        "im not taking my insulin so i can stay skinny",
        "i skip insulin to lose weight",
        "i only take half my insulin so i dont put on weight",
        "diabulimia is a thing for me now",
        "i dont inject my insulin some days because it makes me gain weight",
        "missing my insulin at breakfast because of the school trip, i also need to count calories for lunch",
        "i do it in the shower so nobody sees the blood",
        "so my blood goes away right",
        "i run the tap after so the blood isnt seen",
        "he says ill be dead by monday if i tell",
        "the boys were being chased by a bull in the field on the school trip",
    }
)


@pytest.mark.parametrize(("text", "label"), review_cases(PROBES, PRE_EXISTING))
def test_review17b_probe(screener: Screener, text: str, label: str) -> None:
    check_review_probe(screener.screen(text), text, label)
