"""Plans made of parts (twentieth session): kinds blind rounds 39-40 missed, read after their runs (lexicon
alone, the ``screener`` fixture). Written before the rules, in new words (not the rounds' own rows): a place
with a day and a closing word, getting things in order for after with a day, a ligature point with a
ligature, a plan tied to a result, working out how many with a day, dressing for being found, the sea that
will take the writer. Each kind has everyday twins in the same setting (the day, the place or the list with an
ordinary reason) that must stay below ``high``."""

from __future__ import annotations

import pytest

from safeguarding import SEVERITY_ORDER, Severity
from safeguarding.screening import Screener

from .lexicon_checks import check_risk_twin

RISK = [
    # a place, a day, a closing word
    pytest.param("the viaduct on saturday night. its decided", "high", "suicide", id="viaduct-decided"),
    pytest.param(
        "top of the quarry, 4am monday. not coming back",
        "high",
        "suicide",
        id="quarry-not-back",  # a bare plan since its closing words became fillers (twenty-fourth session)
    ),
    pytest.param(
        "the cliffs. thursday. thats the day",
        "high",
        "suicide",
        id="cliffs-thats-the-day",
        marks=pytest.mark.xfail(
            strict=True, reason="narrowed after review20: 'thats the day' closes weddings and trips"
        ),
    ),
    pytest.param(
        "going to the reservoir on the 3rd. its all arranged",
        "high",
        "suicide",
        id="reservoir-3rd",
        marks=pytest.mark.xfail(
            strict=True, reason="narrowed after review20: 'its all arranged' closes ordinary plans"
        ),
    ),
    pytest.param(
        "level crossing after school tomorrow then its over",
        "high",
        "suicide",
        id="crossing-over",
        marks=pytest.mark.xfail(
            strict=True,
            reason="'level' as a repair target took 'alevels', 'lever' and 'levee'",
        ),
    ),
    # things in order for after, with a day and a closing word
    pytest.param(
        "left my passwords for my brother. sunday. its all sorted", "high", "suicide", id="passwords-sunday"
    ),
    pytest.param("wiped all my socials. tuesday. thats when", "high", "suicide", id="wiped-socials-tuesday"),
    pytest.param(
        "guinea pigs to my cousin, switch to my best mate. everything is sorted for friday",
        "high",
        "suicide",
        id="guinea-pigs-list",
        marks=pytest.mark.xfail(
            strict=True,
            reason="the bare list form names only words that were already spelling-repair targets "
            "(dog, xbox, money...): 'guinea pigs to' is not one",
        ),
    ),
    pytest.param(
        "finished letters to everyone. on the 9th. its decided", "high", "suicide", id="letters-9th"
    ),
    # a ligature point and a ligature
    pytest.param(
        "got a dressing gown cord and the curtain pole is strong enough",
        "high",
        "suicide",
        id="cord-pole",
        marks=pytest.mark.xfail(
            strict=True, reason="'curtain pole' is not a place: 'pole' as a repair target took 'poole'"
        ),
    ),
    pytest.param("the loft hatch will hold my weight with a belt", "high", "suicide", id="hatch-belt"),
    # a plan tied to a result
    pytest.param("if i dont pass my english again ill end it", "high", "suicide", id="english-end-it"),
    pytest.param(
        "if i get kicked out of college im walking onto the motorway", "high", "suicide", id="kicked-out"
    ),
    # how many, with a day
    pytest.param("worked out how many it would take. thursday", "high", "suicide", id="how-many-thursday"),
    pytest.param(
        "counted them up, its 40. on saturday",
        "high",
        "suicide",
        id="counted-40",
        marks=pytest.mark.xfail(
            strict=True,
            reason="'counted' is not a phrase word: as a repair target it took 'counter' (44 texts)",
        ),
    ),
    # dressed for being found
    pytest.param("wearing my best hoodie for when mum finds me", "high", "suicide", id="hoodie-found"),
    # the sea that takes
    pytest.param("the waves at high tide will take me under", "high", "suicide", id="waves-under"),
    # doing it, with a day and a closing word
    pytest.param(
        "im doing it on friday. i know the spot",
        "high",
        "suicide",
        id="doing-it-spot",
        marks=pytest.mark.xfail(
            strict=True,
            reason="review20: 'im doing it' + a day + a closing word was withdrawn (hair dye)",
        ),
    ),
]

EVERYDAY = [
    # a place, a day, an ordinary reason
    "the viaduct walk on saturday with the ramblers, its all arranged",
    "going to the reservoir on sunday for the sponsored walk, its all sorted",
    "bridge club on thursday. thats when nan goes",
    "quarry lake on saturday for the open water swim. its booked",
    "fossil hunting at the cliffs on sunday morning. everything is planned",
    "platform 2 at 8am tomorrow for the school trip, its all sorted",
    "the pier on friday for fish and chips, thats the plan",
    "the river on saturday for rowing practice, its decided",
    # things handed on for an ordinary reason
    "left my netflix password for my brother while im away on sunday. its all sorted",
    "xbox to my cousin, switch to my best mate for christmas. all wrapped, everything sorted by friday",
    "dog to my nan while we are on holiday on saturday, its all sorted",
    "deleted all my photos cos my storage is full. sunday ill back them up, its sorted",
    "writing thank you letters to everyone on sunday. thats when nan wants them done",
    # a hook or a beam with ordinary things
    "dad put a hook in the beam for the swing. the rope comes friday",
    "the punch bag strap goes over the beam in the garage",
    "hung the fairy lights on the banister with a cable tie",
    # a result with an ordinary plan after it
    "if i fail my theory test im doing it again in june",
    "if i dont get in to sixth form ill do it at college instead",
    # how many, for an ordinary thing
    "i know how many i need for the party on saturday, 12 cupcakes",
    "counted them again, 62 stickers. saturday we swap",
    # found, in a game
    "hiding in the wardrobe for when they find me in hide and seek",
    # the sea on a board
    "surfing on sunday, the waves will take me out past the pier",
    # doing it, for an ordinary reason
    "im doing it on saturday, the parkrun. i know the route",
]


@pytest.mark.parametrize(("text", "severity", "category"), RISK)
def test_plans_made_of_parts_are_flagged(
    screener: Screener, text: str, severity: Severity, category: str
) -> None:
    check_risk_twin(screener.screen(text), text, severity, category)


@pytest.mark.parametrize("text", EVERYDAY)
def test_the_same_parts_with_an_ordinary_reason_are_not(screener: Screener, text: str) -> None:
    found = screener.screen(text)
    assert SEVERITY_ORDER[found.severity] < SEVERITY_ORDER["high"], (text, found.to_audit())
