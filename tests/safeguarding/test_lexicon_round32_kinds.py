"""Kinds spent blind round 32 raised or missed, read after its runs (lexicon alone, the ``screener`` fixture).
Written before the rules; each everyday kind has a risk twin that must still count, so that no rule is fixed
by weakening a risk phrase."""

from __future__ import annotations

import pytest

from safeguarding import SEVERITY_ORDER
from safeguarding.screening import Screener

EVERYDAY = [
    # a signal, a call or an engine "cutting out" is not cutting
    pytest.param("the wifi keeps cutting out", id="wifi-cutting-out"),
    pytest.param("sorry the call keeps cutting out, can u ring back", id="call-cutting-out"),
    pytest.param("my phone has started cutting out when i ring people", id="phone-started-cutting-out"),
    pytest.param("dads car keeps cutting out at the lights", id="car-cutting-out"),
    pytest.param("im still cutting out sugar for lent", id="still-cutting-out-sugar"),
    # a room, a bathroom or a game that a brother or sister locks the writer out of
    pytest.param("my brother locked me out the bathroom again", id="brother-bathroom"),
    pytest.param("my sister keeps locking me out of our room to do her makeup", id="sister-room"),
    pytest.param("dad locked me out of the bathroom cos he was in the shower", id="dad-bathroom-out"),
    pytest.param("my little brother locked me out of my xbox account lol", id="brother-xbox-account"),
    # "suicides" and "suicide sprints" are a drill in PE and basketball
    pytest.param("basketball suicides in pe today were brutal", id="basketball-suicides"),
    pytest.param("coach made us run suicides till we nearly puked", id="coach-suicides"),
    pytest.param("we did suicide sprints at netball training", id="suicide-sprints"),
    pytest.param("ran 10 suicides at the end of training my legs are dead", id="ran-10-suicides"),
    # dying of embarrassment if someone sees, hears or finds out
    pytest.param("im literally going to die if he sees me in my pe kit", id="die-if-he-sees"),
    pytest.param("ill actually die if anyone hears my voice note", id="die-if-anyone-hears"),
    pytest.param("i will die if my crush finds out i like him", id="die-if-crush-finds-out"),
]

TWINS = [
    # the risk said beside the same everyday words still counts
    pytest.param("the wifi keeps cutting out. ive started cutting again", id="wifi-then-cutting-again"),
    pytest.param("i keep cutting my arms when no one is home", id="keep-cutting-arms"),
    pytest.param("my dad locks me in my room with no food", id="locked-in-room"),
    pytest.param(
        "my brother locked me out the bathroom and then he punched me in the face", id="brother-punch"
    ),
    pytest.param("we did suicides in pe and tbh i keep thinking about suicide", id="drill-then-suicide"),
    pytest.param("im going to die if he sees me and i want to die anyway", id="die-if-seen-then-want-die"),
    pytest.param("i will die if anyone sees my scars", id="die-if-anyone-sees-scars"),
    pytest.param("im going to die if i stay in this house", id="die-if-i-stay"),
    # an adversarial review (helper review17) of the first version of these rules found each of these hidden
    pytest.param("i still cut out of sight where mum wont see", id="cut-out-of-sight"),
    pytest.param("keep cuttin out of frustration ngl", id="cutting-out-of-frustration"),
    pytest.param("ive been cutting off and on since year 9", id="cutting-off-and-on"),
    pytest.param("my son has started cutting off his skin with a razor", id="cutting-off-skin"),
    pytest.param("my brother locked me out of my room and hit me", id="brother-room-hit"),
    pytest.param("my brother locks me out of the car in the cold for hours", id="brother-car-cold"),
    pytest.param("my stepdad locks me out of the bathroom so i cant wash for days", id="stepdad-bathroom"),
    pytest.param("my mum locked me out of the shower for a week as punishment", id="mum-shower-punishment"),
    pytest.param("suicide runs in my family and im scared im next", id="suicide-runs-in-family"),
    pytest.param("there have been two football suicides this year and i get why", id="football-suicides"),
    pytest.param("im going to die if they find out i talked to the police", id="die-if-they-find-out-police"),
    pytest.param("im gonna die if he sees me again, he said hed finish me", id="die-if-he-sees-finish-me"),
]

THREATS = [
    # a threat to keep the writer quiet, the condition said first
    pytest.param("he says if i tell anyone he will kill me", id="if-i-tell-anyone-he-will-kill-me"),
    pytest.param("if i tell anyone hell kill me", id="if-i-tell-anyone-hell"),
    pytest.param("she said if i told a teacher she would hurt my mum", id="if-i-told-a-teacher"),
    pytest.param("they said if i go to the police theyll hurt my family", id="if-i-go-to-the-police"),
    pytest.param("if i tell my mum he will kill me", id="tell-mum-he-will-kill-me"),
    pytest.param("if i snitch they are going to stab me", id="if-i-snitch"),
    # spelt as a young person texts it
    pytest.param("my dad sed he will kill me if i tel anyone", id="sed-tel"),
    pytest.param("if i tell you he will kill me", id="if-i-tell-you"),
]

NOT_THREATS = [
    # the person told is the one who will "kill" the writer: hyperbole, as the forward order is
    pytest.param("if i tell my mum i failed she will kill me", id="tell-mum-she-will-kill-me"),
    pytest.param("if i tell my dad about the dent hell kill me lol", id="tell-dad-he-will-kill-me"),
    # surprises, games and a broken vase said condition first (review17)
    pytest.param("if i say anything she will kill me, its her surprise party", id="surprise-party"),
    pytest.param("if i report them they kill me in among us", id="among-us"),
    pytest.param("if i tell my mum hell kill me, he broke her vase", id="broke-vase"),
    pytest.param("if i tell anyone she will kill me. shes pregnant and not announcing yet!!", id="pregnant"),
    pytest.param("if i tell teachers they will kill me, the whole class cheated", id="class-cheated"),
    # a parent's own diet is not a child's eating concern, nor a power cut at dinner
    pytest.param("mum has started cutting out carbs before the wedding", id="mum-carbs-wedding"),
    pytest.param("the power kept cutting out dinner was cold", id="power-cut-dinner"),
]


@pytest.mark.parametrize("text", EVERYDAY)
def test_everyday_kinds_are_not_flagged(screener: Screener, text: str) -> None:
    found = screener.screen(text)
    assert found.severity == "none", (text, found.to_audit())


@pytest.mark.parametrize("text", TWINS)
def test_risk_beside_the_everyday_words_still_counts(screener: Screener, text: str) -> None:
    found = screener.screen(text)
    assert SEVERITY_ORDER[found.severity] >= SEVERITY_ORDER["high"], (text, found.to_audit())


@pytest.mark.parametrize("text", THREATS)
def test_a_threat_to_keep_quiet_said_condition_first_is_high(screener: Screener, text: str) -> None:
    found = screener.screen(text)
    assert SEVERITY_ORDER[found.severity] >= SEVERITY_ORDER["high"], (text, found.to_audit())
    ids = {m.entry_id for m in found.matches}
    assert ids & {"violence.threat_to_silence", "violence.threat_to_silence_condition_first"}, (
        text,
        found.to_audit(),
    )


@pytest.mark.parametrize("text", NOT_THREATS)
def test_the_person_told_making_the_threat_is_hyperbole(screener: Screener, text: str) -> None:
    found = screener.screen(text)
    assert found.severity == "none", (text, found.to_audit())
