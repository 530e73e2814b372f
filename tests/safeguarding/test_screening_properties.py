"""Properties of `safeguarding.screen()` (issue 17): any text gives a well-formed assessment and never an
error; recent messages can only raise a severity; a risk phrase is found however it is cased or spaced;
any failure inside screening fails closed; work is linear in the length of the text (counted with
tests/work.py: lines run, characters handed to the lexicon's regexes, peak memory)."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import safeguarding.screening as screening
from safeguarding import SEVERITY_ORDER, screen
from safeguarding.assessment import SEVERITIES, UNSCREENED, Assessment, max_severity
from safeguarding.lexicon import Lexicon
from safeguarding.screening import Screener, default_screener
from tests.strategies import SEPARATORS, messy_texts, repeated, units
from tests.work import FLOOR, Work, assert_linear, counted, measure


@pytest.fixture(scope="module", autouse=True)
def _loaded() -> None:
    """Load the lexicon and the model before the first example, so its deadline measures the screen."""
    screen("warm up")


def well_formed(found: Assessment) -> None:
    assert found.severity in SEVERITIES
    assert all(isinstance(c, str) and c for c in found.categories)
    assert len(set(found.categories)) == len(found.categories), found.categories
    assert all(m.severity in SEVERITIES for m in found.matches)
    assert found.flagged == (SEVERITY_ORDER[found.severity] >= SEVERITY_ORDER["high"])
    if found.error:
        assert found.severity == "high" and UNSCREENED in found.categories
    else:
        assert found.severity == max_severity(*(m.severity for m in found.matches))
        assert bool(found.categories) == (found.severity != "none")
    json.dumps(found.to_audit())


@given(text=messy_texts())
def test_any_text_gets_a_well_formed_assessment(text: str) -> None:
    found = screen(text)
    well_formed(found)
    assert not found.error, found.error  # nothing should make the screen itself fail


@given(text=messy_texts(120), context=st.lists(messy_texts(120), max_size=4))
def test_recent_messages_can_only_raise_the_severity(text: str, context: list[str]) -> None:
    alone, with_context = screen(text), screen(text, context)
    well_formed(with_context)
    assert SEVERITY_ORDER[with_context.severity] >= SEVERITY_ORDER[alone.severity]


def _risk_examples() -> list[str]:
    lexicon = default_screener().lexicon
    return sorted(
        example
        for entry in lexicon.entries
        if SEVERITY_ORDER[entry.severity] >= SEVERITY_ORDER["high"]
        for example in entry.examples
    )


@st.composite
def respelled(draw: st.DrawFn) -> tuple[str, str]:
    """A flagged lexicon example, and the same words with random case, spacing and apostrophes."""
    example = draw(st.sampled_from(_risk_examples()))
    spaces = st.sampled_from([" ", "  ", "\n", "\t", " \r\n "])
    words = [
        "".join(ch.upper() if draw(st.booleans()) else ch for ch in word).replace("'", "\u2019")
        for word in example.split(" ")
    ]
    out = draw(st.sampled_from(["", " ", "\n"]))
    for word in words:
        out += word + draw(spaces)
    return example, out + draw(st.sampled_from(["", ".", "!", " ..."]))


@given(pair=respelled())
def test_a_risk_phrase_is_found_whatever_its_case_and_spacing(pair: tuple[str, str]) -> None:
    example, written = pair
    assert screen(written).severity == screen(example).severity


class Boom(Exception):
    pass


ERRORS = [Boom, ValueError, KeyError, IndexError, RecursionError, MemoryError, UnicodeError]


@given(
    error=st.sampled_from(ERRORS),
    where=st.sampled_from(["normalise", "screen"]),
    text=messy_texts(60),
)
def test_any_failure_inside_screening_fails_closed(
    monkeypatch: pytest.MonkeyPatch, error: type[Exception], where: str, text: str
) -> None:
    screener = default_screener()

    def fail(*args: object, **kwargs: object) -> None:
        raise error("injected")

    with monkeypatch.context() as patch:
        if where == "normalise":
            patch.setattr(screener.lexicon.normaliser, "normalise", fail)
        else:
            patch.setattr(screening, "default_screener", fail)
        found = screen(text)
    assert found.severity == "high" and found.flagged
    assert found.categories == [UNSCREENED]
    assert found.error == error.__name__
    well_formed(found)


@pytest.fixture(scope="module")
def counted_screener() -> Iterator[tuple[Screener, Work]]:
    """A screener over the packaged lexicon and model whose regexes count the characters they read."""
    base = default_screener()
    work = Work()
    lexicon: Lexicon = counted(base.lexicon, work)
    yield Screener(lexicon, base.classifier), work


def _screen_work(pair: tuple[Screener, Work], text: str) -> Work:
    screener, work = pair

    def reset() -> None:
        screener.lexicon.normaliser._cache.clear()
        screener._context_scan.cache_clear()

    return measure(lambda: screener.screen(text), work, reset)


ADVERSARIAL = {
    # one risk span after another inside benign idioms: each was checked against every idiom
    "benign-idioms": "i cut myself in food tech ",
    # one risk span after another set aside by a not_if that only comes at the very end
    "not-if-at-the-end": "he wont eat ",
    "run-together": "endmylife",
    "spelled-out": "k i l l ",
    "repeated-risk": "kill myself ",
    "negated": "im not sad ",
    "stars": "k*ll ",
    "cues": "tonight pills bridge ",
    "emoji": "\U0001f600 ",
}


@pytest.mark.parametrize("kind", list(ADVERSARIAL))
def test_work_is_linear_in_the_length(counted_screener: tuple[Screener, Work], kind: str) -> None:
    unit = ADVERSARIAL[kind]
    tail = " broccoli" if kind == "not-if-at-the-end" else ""
    small = _screen_work(counted_screener, repeated(unit, 1_000) + tail)
    large = _screen_work(counted_screener, repeated(unit, 8_000) + tail)
    assert_linear(small, large, 8, label=kind)


#: Python lines a character of a long repeated text may cost when the model flags and explains it: about 25
#: for "0" * 3,200 and 61 for a unit of rare characters (first call, the model's word cache cold) with
#: screen-v18; the path without the explanation is about 9. A cost that grew with the square of the length
#: would be thousands a character at 3,200.
LINES_PER_CHARACTER = 200


@settings(max_examples=8)
@given(unit=units(), tail=st.sampled_from(["", " broccoli", " tonight", " lol jk"]))
def test_work_is_linear_for_any_repeated_text(
    counted_screener: tuple[Screener, Work], unit: str, tail: str
) -> None:
    short, long = repeated(unit, 400) + tail, repeated(unit, 3_200) + tail
    small = _screen_work(counted_screener, short)
    large = _screen_work(counted_screener, long)
    screener = counted_screener[0]
    if screener.screen(short).severity == screener.screen(long).severity:
        assert_linear(small, large, 8, label=unit)
    else:
        # The longer text took another path: the model flagged it and listed the n-grams that pushed it
        # ("0" * 3,200 is high where "0" * 400 is none; 3,692 -> 80,888 lines, the explanation being most
        # of it). That is a bigger constant, not a higher power: bound the work per character instead.
        assert large.lines <= LINES_PER_CHARACTER * len(long) + FLOOR.lines, (unit, large.lines)


def test_separators_in_the_strategies_are_all_screened_as_text() -> None:
    # the strategies above lean on these; each is a string, not a character class
    assert all(isinstance(s, str) for s in SEPARATORS)
