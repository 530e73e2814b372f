"""Text normalisation: leetspeak, repeats, text-speak, joining and splitting, bounded spelling repair."""

from __future__ import annotations

import pytest

from safeguarding.lexicon import Lexicon
from safeguarding.normalise import shorten, squeeze, surface_tokens


def test_squeeze_and_shorten() -> None:
    assert squeeze("hurttttt") == "hurt"
    assert shorten("killllll") == "kill"
    assert shorten("soon") == "soon"


def test_surface_tokens_join_spelled_out_words_and_drop_apostrophes() -> None:
    assert surface_tokens("i'm going to k i l l myself") == ["im", "going", "to", "kill", "myself"]
    assert surface_tokens("Self-Harm \u2019cos") == ["selfharm", "cos"]
    assert surface_tokens("$uicide h@rm") == ["suicide", "harm"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("café", ["cafe"]),  # accents off
        ("chciałabym umrzeć", ["chcialabym", "umrzec"]),  # a letter with no accent to drop
        ("Öldüreceğim, ıyi", ["oldurecegim", "iyi"]),
        ("muốn tự tử đi", ["muon", "tu", "tu", "di"]),
        ("Straße", ["strasse"]),
        ("хочу умереть", ["khochu", "umeret"]),  # Cyrillic spelt out; the soft sign is dropped
        ("вб'ю себе", ["vbyu", "sebe"]),
        ("θέλω να πεθάνω", ["thelo", "na", "pethano"]),
        ("ok 😭💔 我想死 أريد", ["ok"]),  # emoji and other scripts are still skipped
    ],
)
def test_surface_tokens_spell_out_letters_and_cyrillic_and_greek(text: str, expected: list[str]) -> None:
    assert surface_tokens(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("i wnt 2 d1e", "i want to die"),
        ("im gonna kms rn", "i am going to kill myself right now"),
        ("0verd0se", "overdose"),
        ("endmylife", "end my life"),
        ("i took 2 pills", "i took 2 pills"),
        ("sooon", "soon"),
        ("bleding", "bleeding"),
        ("sui cide", "suicide"),
    ],
)
def test_normalise(lexicon: Lexicon, text: str, expected: str) -> None:
    assert lexicon.normaliser.normalise(text).text.strip() == expected


@pytest.mark.parametrize("word", ["cute", "races", "therapist", "pulls", "overdoes", "breed"])
def test_allow_list_keeps_real_words(lexicon: Lexicon, word: str) -> None:
    assert lexicon.normaliser.normalise(word).text.strip() == word


def test_surface_maps_back_to_what_was_written(lexicon: Lexicon) -> None:
    norm = lexicon.normaliser.normalise("i wanna kms")
    assert norm.surface(0, len(norm.tokens)) == "i wanna kms"
