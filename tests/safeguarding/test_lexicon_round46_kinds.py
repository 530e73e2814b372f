"""Round 46's false alarms and misses (spent), each fixed with a tested rule and its twin (twenty-second
session): never by weakening a risk phrase."""

from __future__ import annotations

import pytest

from safeguarding.assessment import SEVERITY_ORDER
from safeguarding.screening import Screener


def _flagged(severity: str) -> bool:
    return SEVERITY_ORDER[severity] >= SEVERITY_ORDER["high"]  # type: ignore[index]


@pytest.mark.parametrize(
    ("everyday", "risk"),
    [
        # Urdu and Hindi "khana" (food) was repaired into the FGM word "khatna"
        (
            "ab aur nahi khana. im stuffed after that biryani",
            "they want to do khatna on my sister in the summer",
        ),
        ("khaana ready hai, come down", "my aunty says khatna is coming for my little sister"),
        # knife crime as the topic of a lesson ("on" as well as "about"), not as the writer's life
        (
            "PSHE on knife crime today, a police officer came in",
            "theres knife crime on our estate and im scared",
        ),
        ("we did an assembly about knife crime", "worried about knife crime round ours, my son wont go out"),
        # a nosebleed that will not stop
        (
            "cant stop the bleeding from my nose, had it since lunch. mum says pinch it",
            "cant stop the bleeding from my arm",
        ),
        # a haircut
        (
            "cut again today - my little brothers hair with the clippers. it looks awful lol",
            "cut again today",
        ),
        # frustration with a task
        (
            "i bang my head against the wall with this maths lol",
            "i bang my head against the wall when im angry",
        ),
        (
            "banging my head against a brick wall trying to fill in these forms",
            "i keep banging my head on the wall",
        ),
        # pills bought when the shop had run out, not to get round the pack limit
        (
            "had to get calpol from different shops as boots had sold out",
            "bought paracetamol from different shops",
        ),
    ],
)
def test_round46_everyday_and_its_twin(screener: Screener, everyday: str, risk: str) -> None:
    assert screener.screen(everyday).severity == "none", everyday
    assert _flagged(screener.screen(risk).severity), risk


@pytest.mark.parametrize(
    "text",
    [
        "bought 3 packs of paracetamol from 3 different shops today. for sunday",
        "told the gp i lost my tablets so now i have 3 months worth",
        "sunday. sea. x",  # "sea" without "the" is a place too
        "eid morning. the viaduct",  # a plan dated by a festival or a school event
        "after my exams. the bridge. thats it",
        "new years day. the pier. the end",
    ],
)
def test_round46_kinds_are_flagged(screener: Screener, text: str) -> None:
    assert _flagged(screener.screen(text).severity), text


@pytest.mark.parametrize(
    ("everyday", "risk"),
    [
        # "khana" (food) had been repaired into "khatna" (FGM), which flagged both of each pair
        (
            "khana kha liya, ab homework kar raha hun",
            "main kaafi dino se khana nahi kha rahi, bas paani peeti hoon",
        ),
        (
            "bhai ki shaadi pe itna khana tha, pait phat gaya",
            "khana kha ke ulti kar deti hoon, kisi ko pata nahi",
        ),
        ("bebe ne khana bhej dita, thanks for asking", "ammai amare khana dite na"),
        ("ammi 4 din se ghar pe hain, mehmaan aaye hue hain", "ammi 4 din se ghar nahi aayi. bijli bhi band"),
    ],
)
def test_roman_urdu_food_is_read_as_food(screener: Screener, everyday: str, risk: str) -> None:
    assert screener.screen(everyday).severity == "none", everyday
    assert _flagged(screener.screen(risk).severity), risk
