"""Immediacy cues that say the danger is already happening (``_cues.yml``: ``cue.act_done``,
``cue.wound_now``, ``cue.at_place_now``, ``cue.danger_here``).

Each cue raises a text that is already ``high`` (a lexicon hit or the learned screen) to ``immediate``; on its
own it flags nothing. Past and resolved, hypothetical, fiction and first aid wording, and innocent places,
do not raise. The texts here are written for these tests, not taken from the blind rounds.
"""

from __future__ import annotations

import pytest

from safeguarding import screen
from safeguarding.screening import Screener


def _cue_ids(text: str) -> set[str]:
    return {m.entry_id for m in screen(text).matches if m.kind == "immediacy"}


RAISED = [
    # an act already done
    ("cue.act_done", "i want to die. ive swallowed the whole strip"),
    ("cue.act_done", "i want to kill myself and i have had the lot"),
    ("cue.act_done", "i just want to die, necked every last one of them"),
    ("cue.act_done", "i dont want to be alive, i took everything from the medicine cabinet"),
    ("cue.act_done", "i want to end my life, ive had 16 of them"),
    ("cue.act_done", "i want to die. i have done it"),
    ("cue.act_done", "i want to kill myself its done now"),
    ("cue.act_done", "i want to die, ive already taken them"),
    ("cue.act_done", "i want to kill myself, the tablets are in my system"),
    ("cue.act_done", "i want to die i injected all my insulin"),
    ("cue.act_done", "i want to kill myself. drank some antifreeze"),
    ("cue.act_done", "i want to die, took the pills at 4"),
    # non-standard English: second-language, pidgin, Scots, textspeak without apostrophes
    ("cue.act_done", "i want to die i take all the tablet in the box"),
    ("cue.act_done", "i want die. i don swallow am all"),
    ("cue.act_done", "i want tae die, a've deen it"),
    ("cue.act_done", "i wanna die ive necked the hale bottle"),
    ("cue.act_done", "wanna die. done it, the whole packet"),
    # a wound that is open now
    ("cue.wound_now", "i cut my leg and its gaping"),
    ("cue.wound_now", "i cut myself and i could see yellow stuff"),
    ("cue.wound_now", "i cut my wrist, blood has soaked the towel"),
    ("cue.wound_now", "i cut my arm and its bled through two plasters"),
    ("cue.wound_now", "i cut my arm, the blood is spurting out"),
    # at a dangerous place now
    ("cue.at_place_now", "i want to die, im by the canal"),
    ("cue.at_place_now", "i want to end my life, i am at the viaduct"),
    ("cue.at_place_now", "i want to kill myself ive walked to the reservoir"),
    ("cue.at_place_now", "i want to die im standing on the railing"),
    ("cue.at_place_now", "i want to die the water looks so deep"),
    ("cue.at_place_now", "i want to kill myself, turned the gas on"),
    ("cue.at_place_now", "i want to die im literally on the pier"),
    # someone dangerous here now
    ("cue.danger_here", "my stepdad hits me and now hes booting the front door"),
    ("cue.danger_here", "my dad beats me, hes trying to break in"),
    ("cue.danger_here", "my boyfriend hits me and he dragged me into his van"),
    ("cue.danger_here", "my uncle hit me and hes still in the flat"),
    ("cue.danger_here", "my dad hits me and he has locked the front door"),
]


@pytest.mark.parametrize(("cue", "text"), RAISED)
def test_danger_already_happening_is_immediate(cue: str, text: str) -> None:
    assessment = screen(text)
    assert assessment.severity == "immediate"
    assert cue in _cue_ids(text)


NOT_RAISED = [
    # past and resolved
    ("cue.act_done", "i wanted to die last year and i took the whole packet"),
    ("cue.act_done", "when i was 13 i wanted to die and had all of them"),
    ("cue.act_done", "i wanted to die and took the lot but im safe now"),
    ("cue.act_done", "i wanted to kill myself and i have done it before"),
    # questions and hypotheticals
    ("cue.act_done", "i want to die, what happens if you take the whole packet"),
    ("cue.act_done", "i want to die, if i took all of them would i die"),
    # fiction and everyday "done it"
    ("cue.act_done", "in the film the girl wanted to die and took the lot"),
    ("cue.act_done", "i want to die, ive done it, finished my coursework at last"),
    ("cue.act_done", "i want to die, took my tablets at 8 as usual"),
    # wounds that are old, first aid or resolved
    ("cue.wound_now", "i used to cut myself and it was gaping once"),
    ("cue.wound_now", "i cut myself last week and it bled through the plaster"),
    (
        "cue.wound_now",
        "in first aid we learnt what to do if you cut yourself and it bled through the bandage",
    ),
    # past or innocent places
    ("cue.at_place_now", "when i was 12 i wanted to die and sat on the edge of the roof"),
    ("cue.at_place_now", "i wanted to die last year, i was at the reservoir"),
    ("cue.at_place_now", "i wanted to kill myself but im at the canal with mum and its nice"),
    ("cue.at_place_now", "i want to die, im at the river and the bus is late"),
    ("cue.at_place_now", "i want to die, im on the pier fishing with my dad"),
    ("cue.at_place_now", "i want to die, the gas bill came today"),
    ("cue.at_place_now", "what if i was at the viaduct, i want to die"),
    # someone dangerous, but past, resolved, a pattern or a delivery
    ("cue.danger_here", "my dad used to hit me and kicked the door in"),
    ("cue.danger_here", "my dad hit me but hes gone now, im safe now"),
    ("cue.danger_here", "my stepdad hits me, he locked the door every night"),
    ("cue.danger_here", "my dad hit me yesterday, someone is banging on the door its the delivery"),
]


@pytest.mark.parametrize(("cue", "text"), NOT_RAISED)
def test_past_hypothetical_and_innocent_do_not_raise(cue: str, text: str) -> None:
    assert cue not in _cue_ids(text)


@pytest.mark.parametrize(
    "text",
    [
        "i want to die, what happens if you take the whole packet",
        # not "i want to die, im at the river and the bus is late": the cue does not fire (above), but
        # screen-v8's model reads it as immediate, and a wish to die at a river is not a text to argue down
        "i wanted to die last year, i was at the reservoir",
        # screen-v17 to v19 graded it immediate (P(immediate) bar 0.30); screen-v20 grades it high
        "i want to die, ive done it, finished my coursework at last",
        "i cut myself last week and it bled through the plaster",
    ],
)
def test_contrast_texts_stay_below_immediate(text: str) -> None:
    assert screen(text).severity != "immediate"


@pytest.mark.parametrize(
    "text",
    [
        "ive done it",
        "its done now",
        "i took all of them",
        "im by the canal",
        "im at the reservoir",
        "the water is freezing",
        "the gas is on",
        "its gaping",
        "hes booting the front door",
        "im locked in the bathroom",
        "i could see yellow stuff",
    ],
)
def test_a_cue_alone_flags_nothing(screener: Screener, text: str) -> None:
    # The lexicon alone: a cue raises a high hit, it never makes one.
    assessment = screener.screen(text)
    assert assessment.severity == "none"
    assert not [m for m in assessment.matches if m.kind == "immediacy"]


@pytest.mark.parametrize(
    "text",
    [
        "ive done it, finished my coursework at last",
        "im at the river with my dog",
        "we walked to the reservoir with school, the water is freezing",
        "the gas is on for the tea, mum says 10 mins",
        "the parcel man is banging on the door",
    ],
)
def test_everyday_texts_with_cue_words_are_not_immediate(text: str) -> None:
    assert screen(text).severity != "immediate"
