"""Need extraction: phrases, longest match, misspellings, stems and offsets."""

from __future__ import annotations

import pytest

from nlu.entities import NeedMatcher, stem

PHRASES = {
    "anxiety": "anxiety",
    "panic attacks": "anxiety",
    "bullied": "bullying",
    "lonely": "loneliness",
    "exam stress": "exam_stress",
    "exams": "exam_stress",
    "divorce": "family",
    "sh": "self_harm",
}


@pytest.fixture
def matcher() -> NeedMatcher:
    return NeedMatcher(PHRASES, known_words={"lovely", "so"})


def test_finds_phrases_with_offsets_in_the_original_text(matcher: NeedMatcher) -> None:
    text = "I keep having PANIC attacks!!"
    [entity] = matcher.entities(text)
    assert entity.value == "anxiety"
    assert entity.start is not None and entity.end is not None
    assert text[entity.start : entity.end] == "PANIC attacks"


def test_longest_phrase_wins(matcher: NeedMatcher) -> None:
    assert [m.words for m in matcher.matches("exam stress is bad")] == [2]


@pytest.mark.parametrize(("text", "value"), [("my anxeity", "anxiety"), ("im being buliied", "bullying")])
def test_one_typo_in_a_long_word_is_tolerated(matcher: NeedMatcher, text: str, value: str) -> None:
    assert [e.value for e in matcher.entities(text)] == [value]


def test_short_and_known_words_are_not_corrected(matcher: NeedMatcher) -> None:
    assert matcher.entities("that is lovely") == []  # "lovely" is known, not a typo of "lonely"
    assert matcher.entities("bulied") == []  # under seven letters: must be exact
    assert matcher.correct("lonley") == "lonley"  # six letters: too short to guess


def test_word_forms_match_through_stems(matcher: NeedMatcher) -> None:
    assert [e.value for e in matcher.entities("my parents are divorcing")] == ["family"]
    assert [e.value for e in matcher.entities("my exam")] == ["exam_stress"]
    assert stem("worried") == stem("worry")
    assert stem("fighting") == "fight"


def test_text_speak_abbreviations_match_exactly(matcher: NeedMatcher) -> None:
    assert [e.value for e in matcher.entities("i want to stop sh")] == ["self_harm"]
    assert matcher.entities("shh") == []
