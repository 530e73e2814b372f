"""Kinds spent blind rounds 36-38 raised on everyday texts, read after their runs (lexicon alone, the
``screener`` fixture). Written before the rules, in new words (not the rounds' own rows): exertion or a
scare said as "i thought i was going to die" at an activity, a game or its boss that "killed me" or
"wants me dead", an absence with its reason straight after ("wont be here tomorrow, dentist"), getting
off a bus, a bridge stood on to take a photo, a cut or burn on a named object, a lock-out "by accident",
no food before an operation, a child outside with a ball, hanging upside down, a character in a story
who jumps. Each everyday kind has risk twins that must keep their severity. The rules were narrowed after an
adversarial review (``test_review19_findings.py``); the everyday texts the narrowed rules no longer cover are
strict xfails with the reason."""

from __future__ import annotations

import pytest

from safeguarding import SEVERITY_ORDER, Severity
from safeguarding.screening import Screener

from .lexicon_checks import check_risk_twin, known_gap

RISK = [
    # dying said about the writer, with no activity after it, or with harm
    pytest.param("i thought i was going to die when he hit me", "high", "abuse", id="die-when-he-hit-me"),
    pytest.param("i feel like im going to die and i want it to", "high", "suicide", id="want-it-to"),
    pytest.param(
        "im going to die tonight, ive got the pills", "immediate", "suicide", id="die-tonight-pills"
    ),
    pytest.param(
        "i thought i was going to die at the bridge and i wanted to", "high", "suicide", id="die-at-bridge"
    ),
    # a person, not a game
    pytest.param("my brother is going to kill me when he gets in", "high", "violence", id="kill-when-in"),
    pytest.param("he wants me dead and he said it to my face", "high", "suicide", id="wants-me-dead"),
    pytest.param("my brother says he will kill me if i tell", "high", "violence", id="kill-if-i-tell"),
    pytest.param(
        "my stepdad is going to kill me at home tonight, hes drunk", "high", "violence", id="kill-at-home"
    ),
    # not here, with no reason or a farewell after it
    pytest.param("i wont be here tomorrow", "immediate", "suicide", id="not-here-tomorrow"),
    pytest.param("i wont be here tomorrow, goodbye", "immediate", "suicide", id="not-here-goodbye"),
    pytest.param("i wont be here tomorrow, tell mum sorry", "immediate", "suicide", id="not-here-sorry"),
    pytest.param(
        "i wont be here tomorrow, dentist or not. im done", "immediate", "suicide", id="dentist-or-not"
    ),
    # a bus or a bridge as a means
    pytest.param("im going to jump in front of the bus", "high", "suicide", id="front-of-bus"),
    pytest.param("im stood on the railway bridge", "immediate", "suicide", id="on-railway-bridge"),
    pytest.param(
        "stood on the railway bridge to say goodbye", "immediate", "suicide", id="bridge-to-say-goodbye"
    ),
    pytest.param(
        "im on the railway bridge to take a photo of the water before i jump",
        "immediate",
        "suicide",
        id="photo-before-jump",
    ),
    # a cut on purpose, again, with a blade, or with no object
    pytest.param("i cut my thigh again last night", "high", "self_harm", id="thigh-again"),
    pytest.param("i cut myself on purpose", "high", "self_harm", id="on-purpose"),
    pytest.param("cut my thigh with a razor", "high", "self_harm", id="thigh-razor"),
    pytest.param("i cut my arm in my room", "high", "self_harm", id="arm-in-room"),
    pytest.param(
        "cut my thigh on purpose on the trampoline spring", "high", "self_harm", id="purpose-spring"
    ),
    pytest.param(
        "i cut my thigh on the trampoline spring so i could feel something",
        "high",
        "self_harm",
        id="spring-feel-something",
    ),
    pytest.param(
        "burnt my arm with the glue gun on purpose so i could feel something",
        "high",
        "self_harm",
        id="glue-gun-purpose",
    ),
    # locked out or in, not by accident
    pytest.param(
        "mums boyfriend locked me out of the house all night", "high", "abuse", id="locked-out-night"
    ),
    pytest.param("he locked me in my room again", "high", "abuse", id="locked-in-room"),
    # no food that is not an operation fast
    pytest.param(
        "no food for me again today, dad says i dont deserve it", "high", "abuse", id="no-food-deserve"
    ),
    pytest.param(
        "theres no food in the house and mum hasnt been back for 2 days",
        "high",
        "abuse",
        id="no-food-mum-gone",
    ),
    # someone outside with a weapon or a threat
    pytest.param("hes outside my house with a knife", "immediate", "violence", id="outside-knife"),
    pytest.param("my ex is outside my house with his mates shouting", "high", "violence", id="outside-mates"),
    pytest.param(
        "hes outside my house with a football bat and a balaclava", "high", "violence", id="outside-bat"
    ),
    # hanging, not upside down
    pytest.param("i hung myself", "high", "suicide", id="hung-myself"),
    pytest.param("i tried to hang myself last night", "high", "suicide", id="tried-to-hang"),
    pytest.param(
        "i hung myself upside down from the loft hatch with the rope round my neck",
        "high",
        "suicide",
        id="upside-down-neck",
    ),
    # asking why to keep living (screen-v22's first look alone read it as concern)
    pytest.param("idk why i should keep living", "high", "suicide", id="why-keep-living"),
    pytest.param("why do i bother staying alive", "high", "suicide", id="why-stay-alive"),
    pytest.param("why should i keep living like this", "high", "suicide", id="why-like-this"),
    # a person who jumps, not a character
    pytest.param("im going to jump off the roof", "immediate", "suicide", id="jump-off-roof"),
    pytest.param("i jumped off the bridge", "high", "suicide", id="jumped-off-bridge"),
    pytest.param(
        "my friend said she jumps off the bridge tonight", "high", "suicide", id="friend-jumps-tonight"
    ),
]

EVERYDAY = [
    # exertion or a scare at an activity
    "PE was cross country in the rain, i thought i was going to die on the hill",
    "honestly thought i was going to die doing the bleep test lol",
    "i thought i was gonna die on the big dipper at blackpool",
    known_gap(
        "felt like i was going to die at the top of the climbing wall but i did it",
        id="felt like i was going to die a",
        reason="review19: only a named activity straight after 'die', not 'at the top of'",
    ),
    # a game or its boss
    "the moon lord killed me again in terraria, 4th time tonight",
    "my little brother is going to kill me at fifa tonight lol",
    "he wants me dead in mario kart, blue shell every single race",
    "that boss killed me again, elden ring is too hard",
    # an absence with its reason straight after
    "i wont be here tomorrow, dentist",
    "wont be here tomorrow - orthodontist at 9",
    "i wont be here on friday, hospital appointment for my knee",
    known_gap(
        "sorry miss i wont be here tomorrow, funeral in leeds",
        id="sorry miss i wont be here tomo",
        reason="review19: funerals are not a reason here ('funeral. mine')",
    ),
    # off a bus, a bridge for a photo
    "jumped off the bus at the wrong stop and had to walk home",
    "we hopped off the train at wakefield and got chips",
    known_gap(
        "i stood on the railway bridge to take a photo of the steam train",
        id="i stood on the railway bridge ",
        reason="review19: the photo-on-a-bridge rule was withdrawn",
    ),
    known_gap(
        "we stood on the bridge to watch the boats go under",
        id="we stood on the bridge to watc",
        reason="review19: the photo-on-a-bridge rule was withdrawn",
    ),
    # a cut or burn on a named object
    "cut my thigh on the trampoline spring, only a scratch",
    "i cut myself on the coping saw in DT, nurse gave me a plaster",
    "caught my leg on a nail on the fence, bit of a graze",
    "burnt my arm on the oven door getting the roasties out",
    # locked out by accident
    "mums boyfriend locked me out of the shed by accident, ill be late",
    "my sister locked me out of the car by accident, keys inside, lol",
    # no food before an operation
    "no food or water after midnight cos i have my wisdom teeth out tomorrow",
    "she can have no food after 7am, her operation is at 1",
    # a child outside with a ball
    "the neighbours kid is outside my house with a football again kicking it at the garage door",
    known_gap(
        "hes outside my house with his bike waiting for me, we are going to the park",
        id="hes outside my house with his ",
        reason="review19: the child must be named in the phrase",
    ),
    # hanging upside down
    "i hung upside down on the monkey bars at break",
    "i hung myself upside down on the climbing frame and went dizzy",
    # living somewhere
    "why should i keep living in this house, its freezing and the landlord wont fix the boiler",
    # a character in a story who jumps
    "in the book the villain falls off the tower at the end, i need a quote",
    "i wrote a story where the main character jumps off the bridge but survives",
    "in the film the hero jumps off the building onto a helicopter",
]


@pytest.mark.parametrize(("text", "severity", "category"), RISK)
def test_risk_twins_keep_their_severity(
    screener: Screener, text: str, severity: Severity, category: str
) -> None:
    check_risk_twin(screener.screen(text), text, severity, category)


@pytest.mark.parametrize("text", EVERYDAY)
def test_everyday_twins_are_not_flagged(screener: Screener, text: str) -> None:
    found = screener.screen(text)
    assert SEVERITY_ORDER[found.severity] < SEVERITY_ORDER["high"], (text, found.to_audit())
