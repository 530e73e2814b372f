"""Signs of neglect counted (abuse.neglect_signs): two different signs in one message are neglect (high); one
sign alone, a pet, a lesson or a teenager's habits are not. Reports by school staff name no abuse word."""

from __future__ import annotations

import pytest

from safeguarding.screening import Screener


def _neglect(screener: Screener, text: str) -> bool:
    found = screener.screen(text)
    return found.severity in ("high", "immediate") and any(
        m.entry_id == "abuse.neglect_signs" and m.severity != "none" for m in found.matches
    )


@pytest.mark.parametrize(
    "text",
    [
        "Breakfast club: Y3 girl in the same uniform every day this week, smells of wee, hides bread",
        "he turns up with no coat in the snow and his teeth are black, dad never brings him to the dentist",
        "nursery: nappy rash that has not been treated and she eats anything we give like she has not eaten",
        "theres no heating at home since october and mum stays in bed all day",
        "my little sisters home alone again after school and the cupboards are bare",
        "Youth club: 11yo is out on his own till late most nights, shoes with holes",
        "dinner lady here. a y4 boy hides bread in his pockets and his clothes are filthy",
    ],
)
def test_two_signs_are_neglect(screener: Screener, text: str) -> None:
    assert _neglect(screener, text), screener.screen(text)


@pytest.mark.parametrize(
    "text",
    [
        "forgot my coat today and its freezing",  # one sign
        "we missed the dentist, can i rebook? he has had an ear infection for 2 weeks too",  # no refusal
        "our dog smells of wee and eats 3 dinners a day",  # a pet
        "in PSHE we learned the signs of neglect: smelly clothes and an empty fridge",  # a lesson
        "im home alone this weekend and the fridge is empty, pizza it is",  # a teenager's weekend
        "my son wears the same hoodie every day and never has breakfast, teenagers",
        "festival was grim, same clothes for 3 days and slept on the floor of the tent",
    ],
)
def test_one_sign_or_an_everyday_story_is_not(screener: Screener, text: str) -> None:
    assert not _neglect(screener, text)
