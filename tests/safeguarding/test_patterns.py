"""The phrase language: the ``!(...)`` "not followed by" form."""

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
