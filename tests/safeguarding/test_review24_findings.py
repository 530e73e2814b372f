"""Probes from an adversarial review (helper ``review24``) of this session's goodbye entries
(``suicide.thanks_for_everything``, ``suicide.last_not_better``, ``suicide.you_know_why``) and of rivers as
places in bare plans, issue 12: 216 invented texts in ``data/review24_probes.tsv`` (text, label,
part-kind). Part A (61 everyday, 60 risk) was written before the reviewer read the rules; Part B (95) after,
aimed at them. The first version raised 28 everyday probes (thanks "for everything, ill explain to his dad,
he'll understand"; "last session, not because im better, the referral runs out"; "if im not in monday you'll
know why, the snow"; rivers that are also towns or events: "sat. neath", "22nd june - windrush", "nottingham
trent") and missed 49 risk probes of the shapes it aimed at. The entries were narrowed and widened before
round 52's run. Every test asserts the CORRECT outcome for the lexicon alone (the ``screener`` fixture);
probes wrong before the change and after it are strict xfails, and so are three everyday probes the change
now raises, so that fixing one shows.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from safeguarding.screening import Screener

from .lexicon_checks import check_review_probe, review_cases

PROBES = Path(__file__).parent / "data" / "review24_probes.tsv"

#: Wrong with the lexicon before this session's entries and after them (many are caught by the learned
#: screen).
PRE_EXISTING = frozenset(
    {
        "Final session. I won't be here for the next one. Thank you",
        "Lily's just texted me if she doesn't answer tonight I'll know why, please help (her mum)",
        "Saturday. the Wye. Tell Nan I'm sorry.",
        "after school. the river. stones in my pockets",
        "for everything you did, thank you. wont be needing the next session",
        "fri 7pm. the lock in x",
        "friday. the cam",
        "going to the river tonight and not coming back",
        "if a dinnae reply ye'll ken why",
        "if i dnt reply u'll kno why x",
        "if i don't wake up tomorrow you'll know why",
        "if im gone tomorrow u know why",
        "last one, i mean it in a different way to what you think",
        "last session today, thanks for helping me with my anxiety",
        "last session today. there wont be a next one, ive decided",
        "last session. after tonight it doesnt matter",
        "last time you'll hear from me, i've got it all planned",
        "sat 3pm. stamford bridge",
        "sat 4am. the clyde \U0001f480",
        "sat 5am. by the weir on the severn",
        "sat. the harbour at tenby",
        "sat. the irwell",
        "sat. the tay bridge x",
        "sun. trent bridge x",
        "sunday 11am. ladybower reservoir",
        "sunday. brighton pier x",
        "sunday. the eden",
        "sunday. the tees. dont try to find me",
        "sunday. tweed. for good",
        "ta for everything hen, am done, nae more",
        "thank u 4 evrything x tell my mum i love her",
        "thank you for everything miss, ive told mum about the panic attacks and she'll understand now",
        "thank you for everything you did for me. i love you all. goodbye",
        "thanks for everything you have done for me over the last two years miss. you'll understand",
        "thanks for everything you tried. it's not your fault. bye",
        "thanks for everything, i've made my decision, tonight's the night",
        "thanks for everything, you'll understand why i did it",
        "the trent tonight. i'm not coming home",
        "the tweed. sunday. alone",
        "this is my last day. i'm sorry",
        "this is my last week. after that i wont be a problem to anyone",
        "this will be our last session. i wont need any more after this weekend",
        "tmrw. the avon. ive had enough",
        "today was my last day. i have the tablets ready",
        "tomorrow. the thames. no one will stop me",
        "tonight. the dart",
        "tonight. the forth",
        "tonight. the kelvin",
        "tonight. the river irwell",
        "tonight. the taff. bye nana",
        "tonight. the tyne \U0001f30a",
        "you'll all know why when they find me",
        "you'll understand why after tonight",
        "youll know why soon enough. bye",
    }
)

#: Raised by the change, and left so: a bare plan closes with "sorted" or "finally" as any other does, and an
#: 80th birthday is not in the entry's list of ordinary reasons.
KNOWN = {
    "if im not online later youll know why, its my nans 80th": "an ordinary reason the not_if does not list",
    "saturday. the spey. finally": "a bare plan's closing filler, as for any place",
    "sunday. the wye. sorted x": "a bare plan's closing filler, as for any place",
}


@pytest.mark.parametrize(("text", "label"), review_cases(PROBES, PRE_EXISTING, known=KNOWN))
def test_review24_probe(screener: Screener, text: str, label: str) -> None:
    check_review_probe(screener.screen(text), text, label)
