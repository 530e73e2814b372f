"""Round 5 (issue 12): false alarms fixed without weakening risk phrases; misses caught by general phrases."""

from __future__ import annotations

import pytest

from safeguarding.screening import Screener

FLAGGED = ("high", "immediate")


@pytest.mark.parametrize(
    "text",
    [
        "Did you catch the bus?",
        "the teacher said the test will kill us",
        "Why are homeless people not able to shoot lightning",
        "The odds of a white Christmas are low, says a news article about the weather",
        "the bookies have the odds at 3 to 1",
        "thats odd",
        "3 is an odd number",
        "My stomach has been thru so much",
        "I'm raping dudes at poker",
        "im gay",
        "im trans",
        "im autistic",
    ],
)
def test_false_alarms_are_none(screener: Screener, text: str) -> None:
    found = screener.screen(text)
    assert found.severity == "none", found.to_audit()


def test_worry_about_coming_out_is_a_concern_never_a_crisis(screener: Screener) -> None:
    found = screener.screen("im gay and scared to tell my parents")
    assert found.severity == "concern" and found.categories == ["anxiety"], found.to_audit()


@pytest.mark.parametrize(
    ("text", "severity", "category"),
    [
        ("i took a few of my mums sleeping pills to see what happens", "immediate", "suicide"),
        ("i wrote my goodbye letters", "immediate", "suicide"),
        ("wish i could sleep forever", "high", "suicide"),
        ("whats even the point anymore", "high", "suicide"),
        ("JUST FUCKIN KILL ME", "high", "suicide"),
        ("i don't wanna fucking be here anymore", "high", "suicide"),
        ("Ive had enough of life and the pain it causes", "high", "suicide"),
        ("i have the pills and the rope ready", "immediate", "suicide"),
        ("main mar jana chahta hoon", "high", "suicide"),
        ("mujhe jeena nahi hai", "high", "suicide"),
        ("main marna chaunda haan", "high", "suicide"),
        ("chcę umrzeć", "high", "suicide"),
        ("a teacher keeps messaging me on snap and told me to keep it secret", "high", "exploitation"),
        ("i was sent to sell drugs in another city and they took my phone", "high", "exploitation"),
        ("they're making me keep weapons at my house for them", "high", "exploitation"),
        ("ive od'd", "immediate", "suicide"),
    ],
)
def test_issue_misses_are_flagged(screener: Screener, text: str, severity: str, category: str) -> None:
    found = screener.screen(text)
    assert found.severity == severity and category in found.categories, found.to_audit()


@pytest.mark.parametrize(
    ("earlier", "text"),
    [
        ("i wrote my goodbye letters", "tonights the night"),
        ("i want to die", "tonights the night"),
        ("i want to die", "tomorrow might be it"),
        ("i want to kill myself", "it is happening tonight"),
    ],
)
def test_a_cue_after_a_disclosure_is_immediate(screener: Screener, earlier: str, text: str) -> None:
    found = screener.screen(text, context=[earlier])
    assert found.severity == "immediate" and "suicide" in found.categories, found.to_audit()


@pytest.mark.parametrize("text", ["tonights the night", "tomorrow might be it", "it is happening tonight"])
def test_a_cue_alone_is_not_a_disclosure(screener: Screener, text: str) -> None:
    assert screener.screen(text).severity == "none"


@pytest.mark.parametrize(
    "text",
    [
        "i want to ctb",
        "im ready to catch the bus",
        "i got raped at a party",
        "he raped me at poker night",
        "my dad kicked me out and im homeless",
        "od'd",
    ],
)
def test_the_precision_rules_leave_risk_flagged(screener: Screener, text: str) -> None:
    assert screener.screen(text).severity in FLAGGED, screener.screen(text).to_audit()


@pytest.mark.parametrize(
    "text",
    [
        "i wrote a goodbye letter to my teacher who is leaving",
        "my teacher messaged me on teams about homework",
        "my mum told me to keep it a secret from my dad",
        "what is even the point of this lesson lol",
        "my mum will kill me if i fail",
    ],
)
def test_the_new_phrases_leave_everyday_texts_alone(screener: Screener, text: str) -> None:
    assert screener.screen(text).severity == "none", screener.screen(text).to_audit()
