"""Benign rules with a ``not_if``: a safety talk or lesson named in a message sets its topic aside
("county lines talk in PSHE today"), unless the writer or someone they know is in it anywhere in the
message ("... thats what im doing every weekend"); and the kinds spent round 27 flagged (legs "going to
die" on a walk, tablet computers taken back to a trolley). Lexicon alone (the ``screener`` fixture).
Written before the rules."""

from __future__ import annotations

import pytest

from safeguarding import SEVERITY_ORDER
from safeguarding.screening import Screener

EVERYDAY = [
    pytest.param("county lines talk in PSHE today. the police officer was good", id="county-lines-talk-pshe"),
    pytest.param("knife crime talk in assembly today, it was long", id="knife-crime-talk-assembly"),
    pytest.param("county lines assembly this morning, boring", id="county-lines-assembly-no-det"),
    pytest.param("online safety session today, we learned about sextortion and reporting", id="sextortion"),
    pytest.param("drugs workshop with a pcso today, he brought fake pills to show us", id="drugs-workshop"),
    pytest.param("thought my legs were going to die on the dofe walk but we made it", id="legs-dofe"),
    pytest.param("my legs are going to die after this hike lol", id="legs-hike"),
    pytest.param("my feet were gonna die by the end of the 10k", id="feet-10k"),
    pytest.param("ive took all the tablets back to the ipad trolley miss", id="ipad-trolley"),
    pytest.param("i took all the tablets back to the charging trolley", id="charging-trolley"),
    pytest.param("can you take all the tablets back to the laptop cupboard", id="laptop-cupboard"),
]

TWINS = [
    pytest.param(
        "county lines talk in pshe today. thats what im doing every weekend", id="talk-thats-what-im-doing"
    ),
    pytest.param("county lines talk in pshe today, they make me carry for them", id="talk-they-make-me"),
    pytest.param("knife crime talk in assembly today lol i carry one every day", id="talk-i-carry-one"),
    pytest.param("knife crime talk today. dont tell anyone but mine is in my bag", id="talk-mine-in-my-bag"),
    pytest.param(
        "county lines assembly this morning, my brother does it for them", id="talk-my-brother-does"
    ),
    pytest.param("online safety session today about sextortion. its happening to me", id="sextortion-to-me"),
    pytest.param("we had the county lines talk today and im in it, i owe them", id="the-talk-im-in-it"),
    pytest.param("my legs are going to die after this hike and i want to die too", id="legs-and-want-to-die"),
    pytest.param("thought my legs were going to die. i wish i had", id="legs-wish-i-had"),
    pytest.param("i took all the tablets back to my room and im going to take them", id="tablets-to-my-room"),
    pytest.param(
        "i took all the tablets from the trolley at school and swallowed them", id="tablets-swallowed"
    ),
]


@pytest.mark.parametrize("text", EVERYDAY)
def test_everyday_talks_walks_and_trolleys_are_not_flagged(screener: Screener, text: str) -> None:
    found = screener.screen(text)
    assert found.severity == "none", (text, found.to_audit())


@pytest.mark.parametrize("text", TWINS)
def test_the_writer_in_it_still_counts(screener: Screener, text: str) -> None:
    found = screener.screen(text)
    assert SEVERITY_ORDER[found.severity] >= SEVERITY_ORDER["high"], (text, found.to_audit())
