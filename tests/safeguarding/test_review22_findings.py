"""Probes from an adversarial review (helper ``review22``) of bare plans (``safeguarding/bare_plan.py``),
issue 12: 278 invented texts in ``data/review22_probes.tsv`` (text, label, kind). Part A (156: 72 risk, 84
everyday) was written before the reviewer read the code; its first run, on the first version with the screen
as deployed, caught 55 of 72 risk probes at high or above and raised 7 of 84 everyday probes to high. Part B
(127, 5 of them also in Part A) was written after reading the code, aimed at its weak points; on that version
it raised 54 of 60 everyday probes. After the fixes (a name is never an everyday English word; weak times such
as "sat" and "am" before a word of position are not times; numbers count only as clock readings; meeting
points and reports of where someone is now are not plans; a name must share a stretch of text with its place;
quoted plans in a report count), with the screen as deployed, Part A: 59 and 2, Part B: 50 of 67 and 14 of 60
(7 of those the rest of the screen's, not the bare-plan rule's). Every test asserts the CORRECT outcome for
the lexicon alone (the ``screener`` fixture); the known gaps below are strict xfails, so that fixing one
shows.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from safeguarding.screening import Screener

from .lexicon_checks import check_review_probe, review_cases

PROBES = Path(__file__).parent / "data" / "review22_probes.tsv"

PLACE = (
    "a place the word lists do not hold (landmarks, rivers by name, flats, balconies, the water): each would"
    " also raise day-out messages, so they are left to the learned screen"
)
REPORT = (
    "a plan reported without quotation marks ('she said friday, the viaduct'): reports say 'said' of outings"
    " too"
)
REPLY = (
    "a reply to 'when and where shall we meet?' reads as a bare plan: the screen sees only the contact's own"
    " messages, not the question they answer"
)
QUESTION = "a question mark anywhere means a question about a day out; a rhetorical one in a plan is missed"
EMOJI = "a place drawn as a picture (a bridge, a train): pictures are not read as places"
OTHER = "not the bare-plan rule's: the rest of the screen reads it so"

KNOWN = {
    "TONIGHT. BEACHY HEAD.": PLACE,
    "sunday. clifton suspension bridge.": PLACE,
    "wed 4am the motorway bridge over the m6": PLACE,
    "monday morning, top of the car park on station road": PLACE,
    "nxt tues. canal lock by the mill": PLACE,
    "in an hour. the bridge over the a1": PLACE,
    "Friday. Durdle Door cliffs.": PLACE,
    "sunday 6am. seven sisters": PLACE,
    "after school. the railway line behind the park": PLACE,
    "the 22nd. Beachy Head. sorted": PLACE,
    "fri. the flats, 14th floor": PLACE,
    "Sunday. Tower Bridge.": PLACE,
    "in 10 mins. the station platform": PLACE,
    "friday. the edge.": PLACE,
    "tonight. that bridge again": PLACE,
    "tomorrow. the marina": PLACE,
    "friday. the water.": PLACE,
    "tonight. the top of the flats": PLACE,
    "sat. the 12th floor": PLACE,
    "tonight. the balcony": PLACE,
    "monday 7am. the train.": PLACE,
    "tomorrow. the m62": PLACE,
    "friday. beachy head.": PLACE,
    "sunday. seven sisters": PLACE,
    "sat. the cut": PLACE,
    "friday. the bridge by school": PLACE,
    "tonight. the school roof": PLACE,
    "tomorrow. the tracks near my house": PLACE,
    "friday. the bridge on church road": PLACE,
    "she said friday, the viaduct": REPORT,
    "he keeps saying sunday and the railway bridge, nothing else": REPORT,
    "my mate said 2moro the quarry and wont say more": REPORT,
    "my son left a note saying tomorrow the cliffs": REPORT,
    "half 3 at the bridge x": REPLY,
    "sorted. friday, the bridge, 3pm": REPLY,
    "miniature railway sat 11am": REPLY,
    "wed 2pm, the footbridge x": REPLY,
    "sorted: sat 10am, the canal": REPLY,
    "done. canal friday x": REPLY,
    "3:30, the footbridge": REPLY,
    "half term. the lake.": REPLY,
    "car park roof at 8 x": REPLY,
    "I feel a bit low, can we do friday by the canal instead of the office": OTHER,
    "friday. the bridge. why wait?": QUESTION,
    "whats the point? tonight, the viaduct": QUESTION,
    "friday 🌉": EMOJI,
    "tonight 🚂🛤️": EMOJI,
    "🌉 2nite": EMOJI,
}


@pytest.mark.parametrize(("text", "label"), review_cases(PROBES, frozenset(), known=KNOWN))
def test_review22_probe(screener: Screener, text: str, label: str) -> None:
    check_review_probe(screener.screen(text), text, label)
