"""The generated allow-list (safeguarding/allowlist.py, ``_allow.yml``): real words the normaliser must leave
alone. Built from dictionaries that hold possessives ("dress's"): their tokens ("dresss") went on the list,
and a known "dresss" then took "dress" itself, since the normaliser reads a word as the known word it
squeezes to (as "hurtttt" is "hurt"). 1,097 such words were on the list; "address", "loss", "guess", "tees"
and the Spanish "los" and "las" were read as "addresss", "losss"..., and phrases had been written in those
forms to match."""

from __future__ import annotations

import re

import pytest
import yaml

from safeguarding.allowlist import words_needing_protection
from safeguarding.lexicon import DEFAULT_LEXICON_DIR
from safeguarding.screening import load_lexicon


@pytest.fixture(scope="module")
def lexicon():  # type: ignore[no-untyped-def]
    return load_lexicon(check_examples=False)


def test_no_generated_word_is_a_possessive_token() -> None:
    data = yaml.safe_load((DEFAULT_LEXICON_DIR / "_allow.yml").read_text(encoding="utf-8"))
    assert not [word for word in data["generated"] if re.fullmatch(r"[a-z]+sss", word)]


@pytest.mark.parametrize(
    "word", ["dress", "address", "loss", "guess", "tees", "toss", "fuss", "business", "express", "los", "las"]
)
def test_words_ending_in_double_s_read_as_written(lexicon, word: str) -> None:  # type: ignore[no-untyped-def]
    assert lexicon.normaliser.normalise(word).text.split() == [word]


def test_a_possessive_is_never_put_on_the_list(lexicon) -> None:  # type: ignore[no-untyped-def]
    assert words_needing_protection(lexicon, ["dress's", "waitress's", "boss's"]) == []

