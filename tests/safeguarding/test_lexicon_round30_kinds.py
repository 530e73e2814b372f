"""Plain kinds spent blind round 30 missed or raised, as phrases (lexicon alone, the ``screener`` fixture).
Written before the rules; each risk kind has an everyday twin that must stay ``none``."""

from __future__ import annotations

import pytest

from safeguarding import SEVERITY_ORDER
from safeguarding.screening import Screener

IMMEDIATE = [
    # every tablet in a box or organiser taken: an overdose, now
    pytest.param("malvern beacon. i took every tablet in nans dosette box for the week", id="every-tablet-dosette"),
    pytest.param("ive taken every pill in the packet", id="every-pill-packet"),
    pytest.param("she swallowed every tablet from the bottle in the bathroom", id="every-single-tablet-bottle"),
]

HIGH = [
    # a shock collar used on a child
    pytest.param("my dad put the dogs shock collar on my little brother and pressed the button", id="shock-collar-brother"),
    pytest.param("my stepdad puts a shock collar on me when im bad", id="shock-collar-me"),
]

EVERYDAY = [
    pytest.param("wud u b able 2 do weds instead", id="weds-reschedule"),
    pytest.param("can we do weds at 4 instead of tues", id="weds-at-4"),
    pytest.param("this hot sauce is called suicide wings, grandad loves it", id="suicide-wings"),
    pytest.param("i want to join the police and do the knife crime unit one day", id="knife-crime-unit"),
    pytest.param(
        "did a first aid course with mum, how to help if someone overdoses on their meds. good to know",
        id="first-aid-how-to-help",
    ),
    pytest.param("i took every tablet back to the trolley after computing", id="every-tablet-trolley"),
    pytest.param("i took every pill the doctor gave me and the infection has gone", id="every-pill-course"),
    pytest.param("the dog has a shock collar and i hate it", id="shock-collar-dog"),
    pytest.param("put the collar on the dog and took him for a walk", id="collar-dog-walk"),
]

TWINS = [
    pytest.param("how to help if someone overdoses? my friend just took 20 of her mums pills", id="help-friend-now"),
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
