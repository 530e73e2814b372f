"""Rules added after the blind round-2 file: the known wrong results, weak cues and new idioms."""

from __future__ import annotations

import pytest

from safeguarding.screening import Screener


@pytest.mark.parametrize(
    "text",
    [
        "some lads are going to jump me after school",
        "these girls said theyre gonna jump me at the bus stop",
        "theyre about to jump me outside the chippy",
    ],
)
def test_being_jumped_is_violence_not_suicide(screener: Screener, text: str) -> None:
    found = screener.screen(text)
    assert "suicide" not in found.categories, found.to_audit()
    # a threat with a time ("after school") is intent with a time, so immediate is right too
    assert found.severity in ("high", "immediate") and "violence" in found.categories


@pytest.mark.parametrize(
    "text", ["im going to jump", "im on the bridge and im about to jump", "gonna jump tonight"]
)
def test_jumping_with_no_one_to_jump_is_still_suicide(screener: Screener, text: str) -> None:
    found = screener.screen(text)
    assert found.severity == "immediate" and "suicide" in found.categories, found.to_audit()


@pytest.mark.parametrize(
    "text", ["they push me around", "the year 10s keep shoving me about in the corridor"]
)
def test_pushed_around_is_bullying_not_abuse(screener: Screener, text: str) -> None:
    found = screener.screen(text)
    assert found.severity == "concern" and found.categories == ["bullying"], found.to_audit()


def test_an_adult_who_hurts_is_still_abuse(screener: Screener) -> None:
    assert screener.screen("my stepdad pushes me down the stairs").categories[0] == "abuse"
    assert screener.screen("my dad beat me up").severity == "high"


@pytest.mark.parametrize(
    "text",
    [
        "i want to jump off a bridge",
        "i keep thinking about taking all my tablets",
        "i looked up how many paracetamol it would take",
        "a boy in my class has a knife",
        "theres a lad at school with a knife",
        "i carry a blade for protection now",
        "i sent nudes to a lad and now he wants more",
        "my son has been self harming and i found razors in his room",
        "my parents are making me marry my cousin next summer",
        "they are taking me back home this summer to be cut",
    ],
)
def test_weak_cues_do_not_raise_to_immediate(screener: Screener, text: str) -> None:
    found = screener.screen(text)
    assert found.severity == "high", found.to_audit()


@pytest.mark.parametrize(
    "text",
    [
        "i want to die i have loads of tablets",
        "im going to cut myself right now",
        "a man is outside my house with a knife",
        "my parents are making me marry him tomorrow",
        "they are flying me out tomorrow to be cut",
        "ive been saving up my tablets",
        "my 14 year old has been taken to another town by older boys and i dont know where he is",
        "im in a flat with men i dont know and they wont let me leave",
    ],
)
def test_real_immediacy_still_raises(screener: Screener, text: str) -> None:
    assert screener.screen(text).severity == "immediate", screener.screen(text).to_audit()


@pytest.mark.parametrize(
    ("text", "severity", "category"),
    [
        ("ive took about 20 paracetamol", "immediate", "suicide"),
        ("i just want everything to stop", "high", "suicide"),
        ("whats the point of me even living", "high", "suicide"),
        ("no one will even notice if im gone", "high", "suicide"),
        ("i dont think ill be around for much longer", "high", "suicide"),
        ("i deserve to be in pain", "high", "self_harm"),
        ("she came home with marks on her arm and said her dad did it", "high", "abuse"),
        ("he threw a mug at me", "high", "abuse"),
        ("i think her stepdad is abusing her", "high", "abuse"),
        ("my ex shared my nudes on snap", "high", "exploitation"),
        ("im being made to deliver parcels for older lads", "high", "exploitation"),
        ("they said theyll burn my house if i stop shotting for them", "high", "exploitation"),
        ("my brother got recruited into a group that wants to attack mosques", "high", "radicalisation"),
        ("im hooked on ket", "concern", "substances"),
        ("they nicked my pe kit and binned it", "concern", "bullying"),
        ("terrified ill fail my a levels", "concern", "anxiety"),
        ("my stepmum hates me", "concern", "family"),
    ],
)
def test_general_rules_from_round_two(screener: Screener, text: str, severity: str, category: str) -> None:
    found = screener.screen(text)
    assert found.severity == severity and category in found.categories, found.to_audit()


@pytest.mark.parametrize(
    "text",
    [
        "overdosed on haribo at the cinema",
        "my laptop is on 1 percent its about to die",
        "this is my last message before bed",
        "im gonna kill my sister if she takes my charger again",
        "can i have battered sausage and chips",
        "the washing is hanging off the line",
        "gotta jump on the train",
        "ill jump in the shower",
        "we have a knife crime assembly today",
        "stabbed my thumb with a compass in maths",
        "end of term tomorrow",
        "my heart races when i run",
    ],
)
def test_new_everyday_idioms_are_not_flagged(screener: Screener, text: str) -> None:
    found = screener.screen(text)
    assert found.severity == "none", found.to_audit()


def test_idiom_does_not_hide_risk_in_the_same_message(screener: Screener) -> None:
    assert screener.screen("overdosed on chocolate lol but honestly i want to die").flagged
