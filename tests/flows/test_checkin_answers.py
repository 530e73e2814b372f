"""Reading check-in answers: numbers, words and emoji; SKIP; requests and PAUSE / RESUME words."""

from __future__ import annotations

import pytest

from flows.calendar_questions import is_calendar_question
from flows.checkin_answers import is_same, is_skip, read_score
from flows.checkin_control import control_word, is_checkin_request


@pytest.mark.parametrize(
    ("text", "score"),
    [
        ("8", 8), ("8/10", 8), ("an 8", 8), ("its a 7 out of 10", 7), ("10", 10), ("0", 0), ("eight", 8),
        ("zero", 0), ("7.5", 8), ("meh", 5), ("not great", 3), ("much better", 8), ("not too bad", 6),
        ("really bad", 1), ("bad week tbh", 2), ("fine thanks", 6), ("ok i guess", 6), ("amazing!!", 10),
        ("\U0001f62d", 1), ("\U0001f642", 7), ("\U0001f610", 5), ("Not Great.", 3), ("a lot worse", 2),
    ],
)  # fmt: skip
def test_scores_in_numbers_words_and_emoji(text: str, score: int) -> None:
    assert read_score(text) == score


@pytest.mark.parametrize("text", ["11", "6 or 7", "hello", "no idea", "what", "", "100", "3 and 9"])
def test_unclear_answers_are_asked_again(text: str) -> None:
    assert read_score(text) is None


def test_skip_and_same() -> None:
    assert is_skip("SKIP") and is_skip("no thanks") and is_skip("nothing.") and not is_skip("no school today")
    assert is_same("same as last week") and is_same("Same") and not is_same("same old problems at home")


@pytest.mark.parametrize(
    ("text", "word"),
    [("PAUSE", "pause"), ("pause.", "pause"), ("Resume", "resume"), ("pause checkins", "pause"),
     ("pause the game", None), ("STOP", None)],
)  # fmt: skip
def test_pause_and_resume_words(text: str, word: str | None) -> None:
    assert control_word(text) == word


@pytest.mark.parametrize(
    ("text", "asks"),
    [("can u check in on me every week", True), ("i want weekly check ins pls", True),
     ("could you do check-ins with me", True), ("how do i check in to my flight", False),
     ("i checked in at school", False)],
)  # fmt: skip
def test_checkin_requests(text: str, asks: bool) -> None:
    assert is_checkin_request(text) is asks


@pytest.mark.parametrize(
    ("text", "question"),
    [("do u work at christmas", True), ("is this still open in the summer hols", True),
     ("are you open over easter?", True), ("r u around at half term", True), ("i hate the holidays", False),
     ("christmas makes me sad every year because my family argue so much and i feel alone", False)],
)  # fmt: skip
def test_holiday_questions(text: str, question: bool) -> None:
    assert is_calendar_question(text) is question
