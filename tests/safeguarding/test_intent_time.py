"""Intent with a time is immediate; a time word that is not attached to an intent is not a cue."""

from __future__ import annotations

import pytest

from safeguarding import screen


@pytest.mark.parametrize(
    "text",
    [
        "im going to kill myself tomorrow",
        "gonna end it this weekend",
        "i will kill myself after school",
        "im going to take my life on friday",
        "tomorrow is my last day alive",
        "im gonna stab him tomorrow",
    ],
)
def test_intent_with_a_time_is_immediate(text: str) -> None:
    assert screen(text).severity == "immediate"


@pytest.mark.parametrize(
    "text",
    [
        "i want to die tomorrow is the maths test",
        "i self harmed last week, im going to tell my teacher tomorrow",
        "i used to think about killing myself, im going to see the counsellor on monday",
    ],
)
def test_a_time_without_intent_stays_high(text: str) -> None:
    assert screen(text).severity == "high"


@pytest.mark.parametrize(
    "text",
    ["im going to the party on friday, cant wait", "my last day at school is friday", "test tomorrow eek"],
)
def test_everyday_plans_are_not_flagged(text: str) -> None:
    assert screen(text).severity == "none"
