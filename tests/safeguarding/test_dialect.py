"""Rules added after the blind round-3 file: dialect, heavy typos, long parent messages, weak time words."""

from __future__ import annotations

import pytest

from safeguarding.lexicon import Lexicon
from safeguarding.screening import Screener


@pytest.mark.parametrize(
    ("written", "canonical"),
    [
        ("i cannae cope", ("i", "can", "not", "cope")),
        ("ma da", ("my", "dad")),
        ("swallowd", ("swallowed",)),
        ("he'll", ("he", "will")),
        ("im deid", ("i", "am", "dead")),
    ],
)
def test_dialect_and_typos_reach_canonical_words(
    lexicon: Lexicon, written: str, canonical: tuple[str, ...]
) -> None:
    assert lexicon.normaliser.normalise(written).tokens == canonical


@pytest.mark.parametrize(
    ("text", "severity", "category"),
    [
        ("ah want tae be deid", "high", "suicide"),
        ("sometimes i wish i wisnae alive", "high", "suicide"),
        ("swallowd a hole box of paracetamol", "immediate", "suicide"),
        ("my maw batters me", "high", "abuse"),
        ("hes battering me now", "immediate", "abuse"),
        ("he said hell shank me", "high", "violence"),
        ("been making myself boke after dinner", "high", "eating"),
        ("my das always steamin", "concern", "substances"),
        ("been greetin all week", "concern", "low_mood"),
    ],
)
def test_scots_and_northern_forms(screener: Screener, text: str, severity: str, category: str) -> None:
    found = screener.screen(text)
    assert found.severity == severity and category in found.categories, found.to_audit()


@pytest.mark.parametrize(
    "text",
    [
        "Sorry to bother you. Today I noticed new cuts on my sons arms. He wont talk about it.",
        "Good afternoon. This morning she told me her stepdad hit her last year. She is safe with me.",
        "someone is following me home from school",
        "a lad in my year has got a knife",
    ],
)
def test_a_time_word_in_a_report_is_not_danger_now(screener: Screener, text: str) -> None:
    found = screener.screen(text)
    assert found.severity == "high", found.to_audit()


@pytest.mark.parametrize(
    "text",
    [
        "my dad says hell kill me when he gets home",
        "Hi its Jess mum. I found a letter in her room saying sorry for everything. She is out.",
        "im in a van with men i dont know and they wont take me home",
        "a man from snap is meeting me outside the shop after school",
    ],
)
def test_danger_now_in_other_words(screener: Screener, text: str) -> None:
    assert screener.screen(text).severity == "immediate", screener.screen(text).to_audit()


@pytest.mark.parametrize(
    "text",
    [
        "mums going to kill me when she sees my report",
        "last text from me tonight, night x",
        "that film was really sad",
        "id rather die than wear that jumper",
        "leaflet for parents about self harm please",
        "i cut my finger opening a tin, its fine now",
        "greetin at the end of coco",
        "everyone would be better off if we met at 4",
    ],
)
def test_everyday_messages_from_round_three(screener: Screener, text: str) -> None:
    found = screener.screen(text)
    assert found.severity == "none", found.to_audit()


@pytest.mark.parametrize(
    "text",
    [
        "wunna tell the lady thanks from me",
        "i wunna be late, save me a seat",
        "mum says i wunna go out tonight",
        # Romanian "suna" (to ring): blind round 45
        "buna ziua, puteti suna dupa ora 5? can you ring after 5",
        "va rog sa ma suna mama dupa scoala",
    ],
)
def test_a_dialect_word_one_letter_from_a_risk_word_is_left_alone(screener: Screener, text: str) -> None:
    # Black Country "wunna" (will not) was repaired into "sunna" (an FGM word): blind round 29.
    assert "sunna" not in screener.lexicon.normaliser.normalise(text).tokens
    assert screener.screen(text).severity == "none", text


def test_cut_down_there_is_not_an_idiom(screener: Screener) -> None:
    found = screener.screen("im scared of being cut down there")
    assert found.severity == "high" and "fgm" in found.categories, found.to_audit()
    assert screener.screen("im cutting down on sugar").severity == "none"


@pytest.mark.parametrize(
    ("written", "canonical"),
    [
        ("i c*t myself", ("i", "cut", "myself")),
        ("k*ll", ("kill",)),
        ("s**cide", ("suicide",)),
        ("sh*t", ("sht",)),
        ("*hugs*", ("hugs",)),
    ],
)
def test_starred_out_letters_are_read_as_the_risk_word_they_hide(
    lexicon: Lexicon, written: str, canonical: tuple[str, ...]
) -> None:
    assert lexicon.normaliser.normalise(written).tokens == canonical


def test_a_starred_swear_word_is_not_read_as_a_risk_word(screener: Screener) -> None:
    assert screener.screen("got sh*t grades again").severity == "none"
    assert screener.screen("i want to k*ll myself").severity == "high"
