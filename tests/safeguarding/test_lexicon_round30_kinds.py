"""Plain kinds spent blind round 30 missed or raised, as phrases where they held up under review
(lexicon alone, the ``screener`` fixture). Written before the rules; each risk kind has an everyday twin."""

from __future__ import annotations

import pytest

from safeguarding import SEVERITY_ORDER
from safeguarding.screening import Screener

from .lexicon_checks import known_gap


#: Written first with phrases, then withdrawn after an adversarial review (helper review15): "took every
#: tablet (in|out of) the box" raised iPads being charged, Lego pieces and a parent filling a dosette box to
#: immediate; "shock collar on (him|her|my little ...)" raised dog training; the benign "knife crime unit" and
#: "how to help if someone overdoses" hid a disclosure told beside them. Each kind is a strict xfail until a
#: narrower rule or a training example closes it.
def _gap(text: str, id: str, why: str) -> object:
    return known_gap(text, id=id, reason=why)


TABLETS = "withdrawn: 'every tablet (in|from|out of) the box' also reads iPads and dosette boxes being filled"
COLLAR = "withdrawn: 'shock collar on him / her / my little ...' also reads a dog being trained"
UNIT = "withdrawn: a benign 'knife crime unit' hid 'they found my brother with a knife' beside it"
HOW_TO_HELP = "withdrawn: a benign 'how to help if someone overdoses' hid 'i took 20 last night' beside it"

IMMEDIATE = [
    # every tablet in a box or organiser taken: an overdose, now
    _gap(
        "malvern beacon. i took every tablet in nans dosette box for the week",
        "every-tablet-dosette",
        TABLETS,
    ),
    _gap("ive taken every pill in the packet", "every-pill-packet", TABLETS),
    _gap("she swallowed every tablet from the bottle in the bathroom", "every-single-tablet-bottle", TABLETS),
]

HIGH = [
    # a shock collar used on a child
    _gap(
        "my dad put the dogs shock collar on my little brother and pressed the button",
        "shock-collar-brother",
        COLLAR,
    ),
    _gap("my stepdad puts a shock collar on me when im bad", "shock-collar-me", COLLAR),
]

EVERYDAY = [
    pytest.param("wud u b able 2 do weds instead", id="weds-reschedule"),
    pytest.param("can we do weds at 4 instead of tues", id="weds-at-4"),
    pytest.param("this hot sauce is called suicide wings, grandad loves it", id="suicide-wings"),
    _gap("i want to join the police and do the knife crime unit one day", "knife-crime-unit", UNIT),
    _gap(
        "did a first aid course with mum, how to help if someone overdoses on their meds. good to know",
        "first-aid-how-to-help",
        HOW_TO_HELP,
    ),
    pytest.param("i took every tablet back to the trolley after computing", id="every-tablet-trolley"),
    pytest.param("i took every pill the doctor gave me and the infection has gone", id="every-pill-course"),
    pytest.param("the dog has a shock collar and i hate it", id="shock-collar-dog"),
    pytest.param("put the collar on the dog and took him for a walk", id="collar-dog-walk"),
]

TWINS = [
    pytest.param(
        "how to help if someone overdoses? my friend just took 20 of her mums pills", id="help-friend-now"
    ),
    pytest.param("weds is when i will do it. i have the rope", id="weds-rope"),
]


@pytest.mark.parametrize("text", IMMEDIATE)
def test_every_tablet_taken_is_immediate(screener: Screener, text: str) -> None:
    found = screener.screen(text)
    assert found.severity == "immediate", (text, found.to_audit())


@pytest.mark.parametrize("text", HIGH)
def test_a_shock_collar_on_a_child_is_abuse(screener: Screener, text: str) -> None:
    found = screener.screen(text)
    assert SEVERITY_ORDER[found.severity] >= SEVERITY_ORDER["high"], (text, found.to_audit())
    assert "abuse" in found.categories, (text, found.to_audit())


@pytest.mark.parametrize("text", EVERYDAY)
def test_everyday_twins_are_not_flagged(screener: Screener, text: str) -> None:
    found = screener.screen(text)
    assert found.severity == "none", (text, found.to_audit())


@pytest.mark.parametrize("text", TWINS)
def test_risk_beside_the_everyday_words_still_counts(screener: Screener, text: str) -> None:
    found = screener.screen(text)
    assert SEVERITY_ORDER[found.severity] >= SEVERITY_ORDER["high"], (text, found.to_audit())
