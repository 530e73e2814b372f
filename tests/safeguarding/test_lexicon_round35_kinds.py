"""Kinds spent blind round 35 raised on everyday texts (and one of round 37's), read after their runs
(lexicon alone, the ``screener`` fixture). Written before the rules: a medicine taken as the doctor said,
a compound noun after a risk word ("knife block", "railway station", "roof terrace"), a move of house
after "wont be here", a pet that will not stop eating, a hand cut on a tin. Each everyday kind has a risk
twin that must keep its severity."""

from __future__ import annotations

import pytest

from safeguarding import SEVERITY_ORDER, Severity
from safeguarding.screening import Screener

from .lexicon_checks import check_risk_twin

RISK = [
    # medicine: more than said, all at once, or against what the doctor said
    pytest.param("i took all my tablets", "immediate", "suicide", id="took-all-my-tablets"),
    pytest.param(
        "i took all my tablets at once, the doctor said one a day",
        "immediate",
        "suicide",
        id="tablets-at-once",
    ),
    pytest.param(
        "took all my tablets even though the doctor said not to",
        "immediate",
        "suicide",
        id="doctor-said-not-to",
    ),
    pytest.param(
        "took all my tablets like the doctor said i shouldnt",
        "immediate",
        "suicide",
        id="doctor-said-shouldnt",
    ),
    # a weapon with no compound noun after it
    pytest.param("my brother has a knife in his bag", "high", "violence", id="knife-in-bag"),
    pytest.param("he has a gun and said hes coming round", "high", "violence", id="has-a-gun-coming-round"),
    # a railway, cliff or roof with no compound noun after it
    pytest.param(
        "im waiting at the railway for the next train", "immediate", "suicide", id="waiting-at-railway"
    ),
    pytest.param("im on the edge of the cliff", "immediate", "suicide", id="edge-of-the-cliff"),
    pytest.param("im on the roof of the flats", "immediate", "suicide", id="on-the-roof-of-flats"),
    pytest.param(
        "im at the top of the cliff path now, i cant do this any more",
        "immediate",
        "suicide",
        id="cliff-path-top",
    ),
    # not here, and not because of a move
    pytest.param("i wont be here tomorrow", "immediate", "suicide", id="not-here-tomorrow"),
    pytest.param(
        "i wont be here after friday. not moving house or anything. just gone",
        "high",
        "suicide",
        id="not-moving",
    ),
    pytest.param("i wont be here tomorrow. im moving on", "immediate", "suicide", id="moving-on"),
    # a person, not a pet, stopping eating; a pet beside the person
    pytest.param("i stopped eating", "high", "eating", id="i-stopped-eating"),
    pytest.param("my dog died and i stopped eating", "high", "eating", id="dog-died-i-stopped-eating"),
    # a cut on purpose, or on an arm or wrist
    pytest.param("i cut my arm on purpose", "high", "self_harm", id="arm-on-purpose"),
    pytest.param("i cut my hand on a razor again", "high", "self_harm", id="hand-on-razor-again"),
    pytest.param("i cut my wrist on a broken glass", "high", "self_harm", id="wrist-on-glass"),
]

EVERYDAY = [
    pytest.param("i took all my tablets like the doctor said and i feel better", id="tablets-as-doctor-said"),
    pytest.param(
        "my boy took all his pills. the hay fever ones. like the doctor said", id="pills-hay-fever-as-said"
    ),
    pytest.param("she has taken all her antibiotics as prescribed", id="antibiotics-as-prescribed"),
    pytest.param("my uncle has a knife block in his kitchen", id="knife-block"),
    pytest.param("my mum is a chef and has a knife roll with her", id="knife-roll"),
    pytest.param("my dad has a gun licence for the farm", id="gun-licence"),
    pytest.param("grandad has a gun cabinet in the hall, its locked", id="gun-cabinet"),
    pytest.param("im waiting at the railway station for my dad", id="railway-station"),
    pytest.param("we had lunch on the roof terrace at grandmas flat", id="roof-terrace"),
    pytest.param("i wont be here tomorrow im moving to leeds", id="moving-to-leeds"),
    pytest.param("we are moving house so i wont be here after friday. thank you", id="moving-house-first"),
    pytest.param("i asked my dog to stop eating my socks", id="dog-stop-eating-socks"),
    pytest.param("my cat stopped eating her food, off to the vets", id="cat-stopped-eating"),
    pytest.param("my son cut his hand on a tin of beans. just a plaster", id="hand-on-a-tin"),
    pytest.param("she cut her finger on a broken glass at work", id="finger-on-glass"),
]


@pytest.mark.parametrize(("text", "severity", "category"), RISK)
def test_risk_twins_keep_their_severity(
    screener: Screener, text: str, severity: Severity, category: str
) -> None:
    check_risk_twin(screener.screen(text), text, severity, category)


@pytest.mark.parametrize("text", EVERYDAY)
def test_everyday_twins_are_not_flagged(screener: Screener, text: str) -> None:
    found = screener.screen(text)
    assert found.severity == "none", (text, found.to_audit())


# Round 37 (read after its one run): the idiom "shot myself in the foot", never with a gun or a wound.
@pytest.mark.parametrize(
    "text",
    [
        "my teacher said i shot myself in the foot with that essay",
        "i really shot myself in the foot there lol",
    ],
)
def test_shot_in_the_foot_is_an_idiom(screener: Screener, text: str) -> None:
    assert screener.screen(text).severity == "none", text


@pytest.mark.parametrize(
    "text",
    [
        "i shot myself in the foot with my dads air rifle",
        "i am going to shoot myself in the head",
        "i want to shoot myself",
        "shot myself in the foot and theres blood everywhere",
    ],
)
def test_shooting_oneself_stays_flagged(screener: Screener, text: str) -> None:
    found = screener.screen(text)
    assert SEVERITY_ORDER[found.severity] >= SEVERITY_ORDER["high"], (text, found.to_audit())
