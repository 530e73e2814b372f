"""Questions about the service route to the about flow when the NLU finds no flow for them."""

from __future__ import annotations

import pytest

from bot.app.feature import registry as features_registry
from bot.app.installed import INSTALLED
from flows.about_questions import is_about_question
from flows.router import route_intent
from tests.flows.helpers import FINDER

ASKED = [
    "who are you",
    "Who are you?",
    "hi who r u",
    "who is this",
    "what is this",
    "What's this?",
    "what is Waymark",
    "what do you do",
    "what time do you open",
    "What time do you close?",
    "when do you reply",
    "when will u get back to me",
    "when are you open",
    "are you open today",
    "opening hours?",
    "are you a real person",
    "Are you a bot",
    "is this a real person?",
    "am i talking to a human",
    "sorry who is this",
    "who are you then",
]

NOT_ASKED = [
    "what is this rash on my arm",
    "who are you going to tell",
    "are you a real person because i need help with my anxiety",
    "when do you think i should tell my mum",
    "what is anxiety",
    "i feel like a robot",
    "open",
    "",
]


@pytest.mark.parametrize("text", ASKED)
def test_questions_about_the_service(text: str) -> None:
    assert is_about_question(text)


@pytest.mark.parametrize("text", NOT_ASKED)
def test_other_texts_are_not_about_the_service(text: str) -> None:
    assert not is_about_question(text)


@pytest.mark.parametrize("intent", ["out_of_scope", None, "menu", "greet"])
def test_no_flow_from_the_nlu_plus_an_about_question_starts_about(intent: str | None) -> None:
    route = route_intent(intent, {}, "who are you", features_registry(INSTALLED), FINDER)
    assert (route.flow, route.reason) == ("about", "about_question")


def test_an_intent_with_a_flow_still_wins() -> None:
    route = route_intent("talk_to_someone", {}, "are you a real person", features_registry(INSTALLED), FINDER)
    assert route.flow == "talk_to_someone"


def test_anything_else_out_of_scope_is_still_the_fallback() -> None:
    route = route_intent("out_of_scope", {}, "what is this rash", features_registry(INSTALLED), FINDER)
    assert (route.flow, route.reason) == ("menu", "unrecognised")
