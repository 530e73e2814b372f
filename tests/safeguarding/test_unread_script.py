"""A message the screen cannot read (mostly in a script other than Latin, Cyrillic or Greek) goes to the
review list with the script named, instead of screening ``none`` unread."""

from __future__ import annotations

import pytest

from safeguarding.screening import Screener
from safeguarding.unread_script import unread_script


@pytest.mark.parametrize(
    ("text", "script"),
    [
        ("أريد أن أموت", "Arabic"),
        ("میں مرنا چاہتا ہوں", "Arabic"),  # Urdu and Persian are written in Arabic letters
        ("मैं मरना चाहता हूँ", "Devanagari"),
        ("আমি মরতে চাই", "Bengali"),
        ("我想死 ok", "Chinese"),
        ("死にたい", "Japanese"),  # one kanji, three kana: the script most of it is in
        ("しにたい", "Japanese"),
        ("ሞት እፈልጋለሁ", "Ethiopic (Tigrinya, Amharic)"),
    ],
)
def test_a_message_in_an_unread_script_is_for_a_person_to_read(
    screener: Screener, text: str, script: str
) -> None:
    assert unread_script(text) == script
    found = screener.screen(text)
    assert found.severity == "concern"
    assert found.categories == ["unread_script"]
    assert script in found.matches[-1].note


@pytest.mark.parametrize(
    "text",
    [
        "ok see you at 4",
        "ok 👍😭",  # emoji are not letters
        "thanks, شكرا",  # most of it is read
        "хочу в кино",  # Cyrillic is read (spelt out in Latin letters)
        "θέλω καφέ",  # so is Greek
        "café crème",
        "ا",  # one letter is not a message
    ],
)
def test_a_message_the_screen_reads_is_left_to_it(screener: Screener, text: str) -> None:
    assert unread_script(text) is None
    assert screener.screen(text).severity == "none"


def test_a_risk_hit_in_a_mixed_message_is_not_lowered(screener: Screener) -> None:
    found = screener.screen("أريد أن أموت i want to kill myself")
    assert found.severity == "high"
    assert "unread_script" not in found.categories
