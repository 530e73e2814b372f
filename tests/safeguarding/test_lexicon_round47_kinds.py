"""Round 47's misses (spent): warning signs of a goodbye written without a risk word (suicide.goodbye_signs),
each with an everyday twin that must stay none (twenty-second session)."""

from __future__ import annotations

import pytest

from safeguarding.assessment import SEVERITY_ORDER
from safeguarding.screening import Screener


@pytest.mark.parametrize(
    ("risk", "everyday"),
    [
        ("recorded a video for my mum to watch after", "recorded a video for my mum to watch after school"),
        ("when im gone can you tell miss thank you", "when im gone on holiday can you feed the cat"),
        (
            "if anything happens to me the letter is in my maths book",
            "if anything happens to me in surgery the nurse has mums number",
        ),
        (
            "getting my affairs in order. gave my stuff away",
            "mum is getting her affairs in order, making a will",
        ),
        ("been writing goodbye cards for everyone", "writing leaving cards for everyone in year 11"),
        ("doing something permanent tomorrow", "getting a permanent tattoo tomorrow"),
        ("doing something drastic tonight", "doing something drastic tomorrow, cutting my hair short"),
        ("bought a dog lead today and we dont have a dog", "bought a dog lead today, were getting a puppy"),
    ],
)
def test_goodbye_signs_and_their_twins(screener: Screener, risk: str, everyday: str) -> None:
    assert SEVERITY_ORDER[screener.screen(risk).severity] >= SEVERITY_ORDER["high"], risk
    found = screener.screen(everyday)
    assert not any(m.entry_id == "suicide.goodbye_signs" and m.severity != "none" for m in found.matches), (
        found
    )


def test_a_joke_before_it_does_not_hide_it(screener: Screener) -> None:
    # "lol jk" sets up the real message; it is not a reason to set it aside
    text = "doing a sponsored silence tomorrow lol jk. doing something permanent tomorrow"
    assert SEVERITY_ORDER[screener.screen(text).severity] >= SEVERITY_ORDER["high"]
