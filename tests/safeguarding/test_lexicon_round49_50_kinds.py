"""Kinds spent rounds 49-50 missed with no lexicon hit: a fake (AI, edited) nude image of a young person, and
money demanded "or it goes to" family, school or online (``exploitation.fake_nudes``, twenty-third session).
Each with everyday twins that must stay none, with the lexicon alone."""

from __future__ import annotations

import pytest

from safeguarding.assessment import SEVERITY_ORDER
from safeguarding.screening import Screener


@pytest.mark.parametrize(
    "text",
    [
        "someone made a fake nude of me off my insta pics",
        "a lad in year 9 made ai nudes of me and my mates with an app",
        "theres a deepfake porn video of my daughter going round her school",
        "they put my face on a naked body and sent it to the group chat",
        "its my face on someone elses body and everyone has seen it",
        "pay 50 pounds in gift cards or the pics go to my mum",
        "send 200 quid tonight or it goes to all my followers",
        "My son says someone has edited nude photos of him and wants money",
    ],
)
def test_fake_nudes_and_money_threats_are_flagged(screener: Screener, text: str) -> None:
    found = screener.screen(text)
    assert SEVERITY_ORDER[found.severity] >= SEVERITY_ORDER["high"], found
    assert "exploitation" in found.categories, found


@pytest.mark.parametrize(
    "text",
    [
        "we had a pshe lesson about deepfakes and fake nudes today, it was useful",
        "the ai made a fake picture of me as a pirate lol",
        "they photoshopped my face on a meme of a cat",
        "send 5 quid for the trip or the place goes to someone else",
        "send a tenner by friday or it goes to the next family on the list",
        "my face on a dinosaur body filter is so funny",
        "is there a talk for parents on nudify apps and sextortion",
    ],
)
def test_everyday_twins_are_not_raised_by_it(screener: Screener, text: str) -> None:
    found = screener.screen(text)
    assert not any(m.entry_id == "exploitation.fake_nudes" and m.severity != "none" for m in found.matches), (
        found
    )
