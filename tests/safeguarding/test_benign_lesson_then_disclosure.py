"""A lesson, talk, project, book or news story named in a message sets its topic aside only while nobody
in the message says it is theirs. A disclosure in a later sentence that points back at the topic ("... in pshe
today. i do it every night") was set aside with the lesson. Lexicon alone (the ``screener`` fixture). Written
before the rule; narrowed after review15 ("i did it" and "same here" also mean the homework)."""

from __future__ import annotations

import pytest

from safeguarding import SEVERITY_ORDER
from safeguarding.screening import Screener

DISCLOSED = [
    pytest.param("we learned about self harm in pshe today. i do it every night", id="i-do-it"),
    pytest.param("lesson about self harm today and i have done it since year 8", id="i-have-done-it"),
    pytest.param("we had an assembly about self harm. ive done that since year 7", id="ive-done-that"),
    pytest.param("pshe was about self harm, me too miss. my arms", id="me-too"),
    pytest.param("we did a project about self harm. i still do it", id="i-still-do-it"),
    pytest.param("learnt about self harm in rshe. i did it again last night", id="i-did-it-again"),
    pytest.param("assembly about county lines today. i do that every weekend for my cousin", id="i-do-that"),
    pytest.param("film about self harm in pshe. thats literally me, every day", id="literally-me"),
    pytest.param("reading a book about a girl who self harms. i do it too", id="book-i-do-it-too"),
    pytest.param(
        "watched a documentary about anorexia. ive been doing that since summer", id="documentary-ive-been"
    ),
    pytest.param(
        "the news said a boy got stabbed on the estate. thats my brother", id="news-thats-my-brother"
    ),
    pytest.param(
        "a film about county lines in pshe, thats my brother they make him", id="film-thats-my-brother"
    ),
]

EVERYDAY = [
    pytest.param("we learned about self harm awareness in pshe", id="awareness"),
    pytest.param("we had an assembly about county lines, it was long", id="assembly-long"),
    pytest.param("we learned about self harm in pshe today. the worksheet was hard", id="worksheet"),
    pytest.param("learnt about consent in pshe. the video with the tea was funny", id="consent-tea"),
    pytest.param("im reading a book about a girl with anorexia for english", id="book-anorexia"),
    pytest.param("the news said someone got stabbed in town, mum wont let me go", id="news-stabbed"),
    pytest.param("we watched a film about suicide in re and i did a review of it", id="film-review"),
    # review15: "i did it" and "same here" also mean the homework and the same lesson
    pytest.param(
        "we learned about suicide prevention in pshe today. i did it for my homework", id="did-it-homework"
    ),
    pytest.param("lesson about knife crime today. same here in our school", id="same-here-school"),
    pytest.param("the news said a boy got stabbed. that was my brothers school", id="my-brothers-school"),
]


@pytest.mark.parametrize("text", DISCLOSED)
def test_a_later_sentence_that_owns_the_topic_still_counts(screener: Screener, text: str) -> None:
    found = screener.screen(text)
    assert SEVERITY_ORDER[found.severity] >= SEVERITY_ORDER["high"], (text, found.to_audit())


@pytest.mark.parametrize("text", EVERYDAY)
def test_the_lesson_alone_is_still_set_aside(screener: Screener, text: str) -> None:
    found = screener.screen(text)
    assert found.severity == "none", (text, found.to_audit())
