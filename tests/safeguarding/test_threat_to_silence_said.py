"""A threat reported as said ("he says he will kill me if i tell") is how abuse stays hidden, never hyperbole.

Found by review16 (sixteenth session): `benign.kill_me_hyperbole` ("will kill me if ...") set aside
"my dad says he will kill me if i tell" and "he said hell kill me if i tell my teacher" (none): the
telling named nobody or someone its exception list did not know. Written before the rule. The
lexicon alone (``screener``) reads the threat as high; the whole screen keeps it at least on the
review list; telling the threatener themselves something ("tell him the score") or a parent about
the writer's own doing ("tell her i failed") stays everyday (review16b).
"""

from __future__ import annotations

import pytest

import safeguarding
from safeguarding import SEVERITY_ORDER
from safeguarding.screening import Screener

SAID_THREATS = [
    "my dad says he will kill me if i tell",
    "he said hell kill me if i tell",
    "stepdad says he will kill me if i tell my teacher",
    "she told me shell hurt me if i tell miss",
    "my uncle said he would kill me if i told",
    "mums boyfriend keeps saying he will kill me if i say anything",
    "he told me he was going to hurt my mum if i tell my nan",
    "they said they would kill me if i talk",
    "my brother says hell batter me if i tell her what he did",
    "he threatened he will kill me if i tell social services",
]

EVERYDAY = [
    "my mum will kill me if i get detention",
    "mum will kill me if i tell her i failed",
    "dad will kill me if i tell him i lost my phone",
    "my mum said she will kill me if i dont tidy my room",
    "my mum said shell kill me if i tell her im failing maths",
    "dad says he will kill me if i tell him i crashed the car",
    "my mum says she will kill me if i tell her i spent it all",
    # review16b's: telling the threatener themselves
    "he said he'll kill me if i tell him what happens in the final",
    "my mate said hell kill me if i tell him the score before he watches it",
]


@pytest.mark.parametrize("text", SAID_THREATS)
def test_a_threat_reported_as_said_is_high(screener: Screener, text: str) -> None:
    found = screener.screen(text)
    assert SEVERITY_ORDER[found.severity] >= SEVERITY_ORDER["high"], (text, found.severity, found.matches)


@pytest.mark.parametrize("text", SAID_THREATS)
def test_the_whole_screen_keeps_it_in_front_of_a_practitioner(text: str) -> None:
    """The learned screen may lower the lexicon's threat (violence and abuse allow it) to concern only."""
    assert SEVERITY_ORDER[safeguarding.screen(text).severity] >= SEVERITY_ORDER["concern"], text


@pytest.mark.parametrize("text", EVERYDAY)
def test_telling_the_person_themselves_stays_everyday(text: str) -> None:
    assert SEVERITY_ORDER[safeguarding.screen(text).severity] <= SEVERITY_ORDER["concern"], text
