"""benign.sport_injury sets aside an accident only when it says what was being done. Until 6 December 2026
a bare "in", "at", "when", "while" or "with a pencil" after "cut my arm" set self-harm aside: "i cut my leg
while everyone was asleep" was none, "i cut my wrist at home" concern (found on spent round 26's miss "cut my
arm in the toilets ... with a pencil sharpener blade"). Every text is invented."""

from __future__ import annotations

import pytest

import safeguarding


@pytest.mark.parametrize(
    "text",
    [
        "i cut my arm in my bedroom last night",
        "i cut my wrist at home",
        "i cut my arm when mum was out",
        "i cut my leg while everyone was asleep",
        "cut my arm in the toilets at school with a pencil sharpener blade. did a plaster",
        "i cut my thigh with a compass in maths",
        "i cut my arm with a compass in maths",
        "burnt my arm at home with a lighter",
    ],
)
def test_self_harm_with_a_bare_place_or_time_is_flagged(text: str) -> None:
    assert safeguarding.screen(text).severity in ("high", "immediate"), text


@pytest.mark.parametrize(
    "text",
    [
        "i cut my hand opening a tin",
        "i stabbed my finger with a needle in textiles",
        "i cut my finger while cooking",
        "i hurt my knee in pe",
        "i burnt my hand on the oven",
        "cut my finger on the grater making tea",
        "cut my hand on a knife doing the potatoes",
        "cut my hand on paper",
        "stabbed my thumb with a compass in maths",
    ],
)
def test_an_accident_that_says_what_was_being_done_is_set_aside(text: str) -> None:
    assert safeguarding.screen(text).severity == "none", text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # spent round 26's kind: a relative's usual dose, taken as the doctor said
        ("my granny took all her tablets this morning like the doctor said, she is fine", "none"),
        ("grandad had his tablets with his breakfast as the gp told him", "none"),
        # still an overdose: no doctor, the doctor said not to, or the young person's own tablets
        ("my nan took all her tablets this morning", "immediate"),
        ("my mum took all her tablets like the doctor said not to", "immediate"),
        ("i took all my tablets like the doctor said", "immediate"),
    ],
)
def test_a_relatives_usual_dose_as_the_doctor_said(text: str, expected: str) -> None:
    assert safeguarding.screen(text).severity == expected, text
