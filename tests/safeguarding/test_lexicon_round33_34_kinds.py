"""Kinds spent blind rounds 33 and 34 missed or raised, read after their runs (lexicon alone, the ``screener``
fixture). Written before the rules; each everyday kind has a risk twin and each risk kind an everyday twin."""

from __future__ import annotations

import pytest

from safeguarding import SEVERITY_ORDER
from safeguarding.screening import Screener

RISK = [
    # stepping in front of a numbered bus or a timed train
    pytest.param(
        "im going to step in front of the 144 on the hill", "suicide", id="step-in-front-of-the-144"
    ),
    pytest.param("gonna jump in front of the 8 15 tomorrow", "suicide", id="jump-in-front-of-the-8-15"),
    # not alive on a named day
    pytest.param(
        "homework due tuesday. i wont be alive tuesday so doesnt matter", "suicide", id="not-alive-tuesday"
    ),
    pytest.param("i will not be alive next week", "suicide", id="not-alive-next-week"),
    # insulin missed on purpose to lose weight
    pytest.param(
        "i am 15 and diabetic and i skip my insulin to lose weight", "eating", id="skip-insulin-weight"
    ),
    pytest.param("shes been missing her insulin so she loses weight", "eating", id="missing-insulin-thin"),
    # cutting hidden in the shower
    pytest.param(
        "i do it in the shower so the blood washes away", "self_harm", id="shower-blood-washes-away"
    ),
    # the same words as the everyday twins below, with the risk beside them
    pytest.param("bought a rope from b and q. its for me not a swing", "suicide", id="rope-not-a-swing"),
    pytest.param(
        "i want to jump off the roof of the multi storey", "suicide", id="jump-off-multi-storey-roof"
    ),
    pytest.param("i keep getting chased home by the lads from year 11", "violence", id="chased-home-by-lads"),
]

EVERYDAY = [
    pytest.param("overdosed on mince pies today, never again", id="overdosed-on-mince-pies"),
    pytest.param("i bought a rope swing for the garden, my brother loves it", id="rope-swing"),
    pytest.param(
        "my brother jumped off the shed roof onto the trampoline. mum went mad", id="shed-roof-trampoline"
    ),
    pytest.param("i got chased by a goose at the canal, not joking", id="chased-by-a-goose"),
    pytest.param("i wont be here tuesday, we are at the dentist", id="not-here-tuesday-dentist"),
    pytest.param(
        "had to walk in front of the 30 kids in assembly to get my award", id="walk-in-front-of-30-kids"
    ),
    pytest.param("can you remind me to take my insulin before lunch", id="insulin-reminder"),
    pytest.param("had a nosebleed, sat on the edge of the bath till it stopped", id="nosebleed-bath"),
]


@pytest.mark.parametrize(("text", "category"), RISK)
def test_risk_kinds_are_flagged(screener: Screener, text: str, category: str) -> None:
    found = screener.screen(text)
    assert SEVERITY_ORDER[found.severity] >= SEVERITY_ORDER["high"], (text, found.to_audit())
    assert category in found.categories, (text, found.to_audit())


@pytest.mark.parametrize("text", EVERYDAY)
def test_everyday_twins_are_not_flagged(screener: Screener, text: str) -> None:
    found = screener.screen(text)
    assert found.severity == "none", (text, found.to_audit())
