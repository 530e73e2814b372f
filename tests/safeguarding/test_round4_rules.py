"""Rules added after blind round 4: carers, friends, EAL and voice-to-text writing, slang, school work."""

from __future__ import annotations

import pytest

from safeguarding.screening import Screener


@pytest.mark.parametrize(
    "text",
    [
        "i want to hurt myself at school",
        "i cut myself at night when everyone is asleep",
        "im going to burn myself in my room",
    ],
)
def test_a_place_or_time_after_self_harm_is_not_an_accident(screener: Screener, text: str) -> None:
    found = screener.screen(text)
    assert found.severity in ("high", "immediate") and "self_harm" in found.categories, found.to_audit()


@pytest.mark.parametrize(
    "text", ["i hurt myself at football", "i burnt myself on the oven", "i cut myself in food tech"]
)
def test_accidents_named_by_activity_or_object_stay_benign(screener: Screener, text: str) -> None:
    assert screener.screen(text).severity == "none"


@pytest.mark.parametrize(
    ("text", "severity"),
    [
        ("im going to kill myself at 11pm", "immediate"),
        ("going to end it at midnight", "immediate"),
        ("i want to kill myself but i dont have a plan", "high"),
        ("i want to kill myself and i have a plan", "immediate"),
        ("my son said he wants to die. he is at school today but i am worried", "high"),
    ],
)
def test_clock_times_raise_and_no_plan_does_not(screener: Screener, text: str, severity: str) -> None:
    found = screener.screen(text)
    assert found.severity == severity and "suicide" in found.categories, found.to_audit()


def test_cant_do_this_anymore_does_not_cancel_tonight(screener: Screener) -> None:
    found = screener.screen("i want to die tonight i cant take it anymore")
    assert found.severity == "immediate", found.to_audit()
    # "not ... anymore" about the feeling itself still cancels the time cue
    assert screener.screen("i dont feel like killing myself anymore today").severity == "high"


@pytest.mark.parametrize(
    "text",
    [
        "he drank a load of vodka and now he wont wake up",
        "my sister took something at a party and she isnt breathing",
    ],
)
def test_someone_unresponsive_is_immediate(screener: Screener, text: str) -> None:
    assert screener.screen(text).severity == "immediate"


@pytest.mark.parametrize(
    "text",
    [
        "my brother wont wake up for school",
        "i laughed so much i couldnt breathe",
        "my mum is not responding to my texts",
        "my laptop wont wake up",
    ],
)
def test_everyday_not_waking_or_breathing_is_not_flagged(screener: Screener, text: str) -> None:
    assert screener.screen(text).severity == "none"


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("i self arm", "self_harm"),
        ("they made me go ot and said i owe them", "exploitation"),
        ("they want me to carry parcels to other towns to pay off what i owe", "exploitation"),
        ("a man on discord keeps asking me to send pics", "exploitation"),
        ("my cousin says the other race should be wiped out", "radicalisation"),
        ("the opps are outside my block", "violence"),
        ("i wanna stab that kid in my maths class", "violence"),
        ("im scared he will come into my room again", "abuse"),
    ],
)
def test_round4_disclosures_are_flagged(screener: Screener, text: str, category: str) -> None:
    found = screener.screen(text)
    assert found.severity in ("high", "immediate") and category in found.categories, found.to_audit()


@pytest.mark.parametrize(
    "text",
    [
        "our history coursework is about the holocaust and extremism",
        "i have to do a presentation on self harm for pshe",
        "in the novel the main character kills himself",
        "the plug socket in my room is broken",
        "my nan takes lots of tablets for her heart",
        "i nearly want to die of embarrassment",
        "i shot loads of people playing call of duty",
        "that film was so sad at the end",
    ],
)
def test_round4_everyday_messages_are_not_flagged(screener: Screener, text: str) -> None:
    found = screener.screen(text)
    assert found.severity == "none", found.to_audit()


@pytest.mark.parametrize(
    "text",
    [
        "my essay is about suicide and i have been suicidal too",
        "i want to kill myself playing fortnite",
        "i want to die of embarrassment and i want to kill myself",
    ],
)
def test_benign_context_does_not_hide_a_disclosure(screener: Screener, text: str) -> None:
    found = screener.screen(text)
    assert found.severity in ("high", "immediate") and "suicide" in found.categories, found.to_audit()
