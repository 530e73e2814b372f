"""Properties of text normalisation (issue 17): any text at all is canonicalised without an error, into
well-formed tokens that map back to what was written, the same whatever the case and the kind of
apostrophe, with work linear in the length of the text (counted, not timed: tests/work.py)."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from safeguarding.lexicon import Lexicon
from safeguarding.normalise import Normalised, surface_tokens
from tests.strategies import messy_texts, repeated, units
from tests.work import assert_linear, measure

TOKEN = re.compile(r"[a-z0-9]+(?:\*+[a-z0-9]+)*")
CANONICAL = re.compile(r"[a-z0-9]+")


def well_formed(norm: Normalised) -> None:
    assert len(norm.origins) == len(norm.tokens)
    assert list(norm.origins) == sorted(norm.origins)
    assert all(0 <= origin < len(norm.raw) for origin in norm.origins)
    assert all(TOKEN.fullmatch(raw) for raw in norm.raw), norm.raw
    assert all(token and " " not in token for token in norm.tokens), norm.tokens
    assert norm.text == " " + " ".join(norm.tokens) + " "
    for first in range(len(norm.tokens)):
        start = norm.text.index(" ", 1 + sum(len(t) + 1 for t in norm.tokens[:first]) - 1)
        assert norm.token_span(start + 1, start + 1 + len(norm.tokens[first]))[0] == first
        assert norm.surface(first, first + 1) == norm.raw[norm.origins[first]]


@given(text=messy_texts())
def test_surface_tokens_are_lower_case_ascii_words(text: str) -> None:
    assert all(TOKEN.fullmatch(token) for token in surface_tokens(text))


@given(text=messy_texts())
def test_any_text_normalises_to_well_formed_tokens(lexicon: Lexicon, text: str) -> None:
    norm = lexicon.normaliser.normalise(text)
    well_formed(norm)
    assert all(CANONICAL.fullmatch(token) for token in norm.tokens if "*" not in token), norm.tokens


@given(text=st.text(st.characters(codec="ascii"), max_size=200))
def test_case_does_not_change_the_canonical_form(lexicon: Lexicon, text: str) -> None:
    normalise = lexicon.normaliser.normalise
    assert normalise(text.upper()).tokens == normalise(text).tokens == normalise(text.lower()).tokens


@given(text=messy_texts())
def test_curly_and_straight_apostrophes_read_the_same(lexicon: Lexicon, text: str) -> None:
    normalise = lexicon.normaliser.normalise
    assert normalise(text.replace("'", "\u2019")).tokens == normalise(text.replace("\u2019", "'")).tokens


def _normalise_work(lexicon: Lexicon, text: str) -> object:
    normaliser = lexicon.normaliser
    return measure(lambda: normaliser.normalise(text), reset=normaliser._cache.clear)


@pytest.mark.parametrize(
    "unit",
    [
        "endmylife",  # one run-together word: the splitter's table of best splits
        "k i l l ",  # spelled-out letters join into one long word
        "s*uicide",
        "sui cide ",
        "i wnt 2 d1e ",
        "hurttttttt",
        "\U0001f600 caf\u00e9 ",
    ],
)
def test_work_is_linear_in_the_length(lexicon: Lexicon, unit: str) -> None:
    small = _normalise_work(lexicon, repeated(unit, 1_000))
    large = _normalise_work(lexicon, repeated(unit, 8_000))
    assert_linear(small, large, 8, label=unit)  # type: ignore[arg-type]


@settings(max_examples=10)
@given(unit=units())
def test_work_is_linear_for_any_repeated_text(lexicon: Lexicon, unit: str) -> None:
    small = _normalise_work(lexicon, repeated(unit, 500))
    large = _normalise_work(lexicon, repeated(unit, 4_000))
    assert_linear(small, large, 8, label=unit)  # type: ignore[arg-type]
