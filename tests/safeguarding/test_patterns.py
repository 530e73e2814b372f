"""The phrase language: the ``!(...)`` "not followed by" form and ``$``, the end of the message."""

from __future__ import annotations

import re

import pytest

from safeguarding.patterns import PatternError, compile_phrase, literal_words


def _words(word: str) -> tuple[str, ...]:
    return (word,)


def _matches(source: str, text: str) -> bool:
    return re.search(compile_phrase(source, _words, {}).regex, f" {text} ") is not None


def test_not_followed_by_blocks_only_the_listed_words() -> None:
    source = "going to jump !(me|him|on (the|a) bus)"
    assert _matches(source, "im going to jump")
    assert _matches(source, "going to jump tonight")
    assert not _matches(source, "going to jump me")
    assert not _matches(source, "going to jump on the bus")
    assert _matches(source, "going to jump on purpose")


def test_not_followed_by_adds_no_trigger_or_vocabulary() -> None:
    compiled = compile_phrase("jump !(me|him)", _words, {})
    assert compiled.triggers == frozenset({"jump"})
    assert literal_words("jump !(me|him)") == ["jump", "me", "him"]


def test_not_followed_by_needs_a_closing_bracket() -> None:
    with pytest.raises(PatternError, match="missing"):
        compile_phrase("jump !(me|him", _words, {})


def test_words_after_an_exclamation_mark_are_kept_apart() -> None:
    from safeguarding.patterns import literal_words_by_role

    matched, excluded = literal_words_by_role("(going|step) off the (bridge|roof) !(path|car park) [now]")
    assert matched == ["going", "step", "off", "the", "bridge", "roof", "now"]
    assert excluded == ["path", "car", "park"]


def test_exception_words_are_known_but_never_repair_targets() -> None:
    from safeguarding.screening import load_lexicon

    normaliser = load_lexicon(check_examples=False).normaliser
    # "first" is only in not_if lists ("first aid"): it must not take "wirst" away from "wrist"
    assert normaliser.normalise("i cut my wirst").text == " i cut my wrist "
    assert normaliser.is_known("first")


def test_benign_idiom_words_are_known_but_never_repair_targets() -> None:
    """A benign idiom's own words (the names and titles of benign.retold_story, the rides of
    benign.ride_scare) are vocabulary, never spelling-repair targets. A first draft put them in slots, and
    every slot's words were targets: "hamlets" became "hamlet", "toaster" "coaster", "daily" "daisy"."""
    from safeguarding.screening import load_lexicon

    normaliser = load_lexicon(check_examples=False).normaliser
    # each took a real word when it was a slot's word
    for word in ("hamlet", "coaster", "crosses", "wilfred"):
        assert normaliser.is_known(word), word
    for text, kept in (
        ("we live in tower hamlets", "hamlets"),
        ("he set the toaster on fire", "toaster"),
        ("fingers crossed for the test", "crossed"),
        ("i go to st wilfrids", "wilfrids"),
    ):
        assert kept in normaliser.normalise(text).text.split(), (text, normaliser.normalise(text).text)


def test_a_slot_named_by_a_risk_phrase_stays_a_repair_target() -> None:
    from safeguarding.screening import load_lexicon

    normaliser = load_lexicon(check_examples=False).normaliser
    # {poison} is named by suicide entries: a misspelt poison is still read
    assert "bleach" in normaliser.normalise("i drank bleech").text.split()


def test_a_dollar_sign_is_the_end_of_the_message() -> None:
    source = "left ... for after $"
    assert _matches(source, "left something for mum for after")
    assert not _matches(source, "left a plate for my brother for after football")
    assert _matches("since i decided ($|so i)", "feel better since i decided")
    assert _matches("since i decided ($|so i)", "since i decided so i feel fine")
    assert not _matches("since i decided ($|so i)", "since i decided to quit")
    assert literal_words("left ... for after $") == ["left", "for", "after"]
