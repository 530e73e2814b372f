"""Whom a disclosure is about, and the requests a held contact makes (pure functions)."""

from __future__ import annotations

import pytest

import safeguarding
from safeguarding.hold import request_in
from safeguarding.subject import subject_of


@pytest.mark.parametrize(
    ("text", "about"),
    [
        ("my mate said she wants to kill herself", "other"),
        ("My son has taken a bottle of pills", "other"),
        ("my daughter says she wants to die", "other"),
        ("my friend told me he is going to end it", "other"),
        ("i think my son has taken a bottle of pills", "other"),
        ("my mum took an overdose", "other"),
        ("i want to kill myself tonight", "self"),
        ("i want to die my mum doesnt care", "self"),
        ("my friend said i should kill myself", "self"),
        ("i took my mums tablets", "self"),
        ("my stepdad hits me", "self"),
        ("kms", "self"),
    ],
)
def test_subject_of_a_disclosure(text: str, about: str) -> None:
    assessment = safeguarding.screen(text)
    assert assessment.flagged, text
    assert subject_of(text, assessment) == about


@pytest.mark.parametrize(
    ("text", "wanted"),
    [
        ("can someone call me", "call_me"),
        ("Can someone ring me?", "call_me"),
        ("i need to talk to someone", "call_me"),
        ("what do i do", "what_do"),
        ("What should I do??", "what_do"),
        ("wat do i do", "what_do"),
        ("help", "what_do"),
        ("how do i help her", "what_do"),
        ("are you a real person", "real_person"),
        ("is anyone there", "real_person"),
        ("r u a bot", "real_person"),
        ("what happens now", "what_next"),
        ("wat happens next??", "what_next"),
        ("when will someone read this", "what_next"),
        ("has anyone read this", "what_next"),
        ("will you tell my mum", "who_told"),
        ("r u gonna tell my parents", "who_told"),
        ("please don't tell school", "who_told"),
        ("do you have to tell my dad", "who_told"),
        ("will you call my mum", "who_told"),
        ("am i in trouble", "who_told"),
        ("will i get in trouble", "who_told"),
        ("does my mum have to know", "who_told"),
        ("im not joking", None),
        ("im in trouble, he is coming back", None),  # distress, not a question about being told
        ("they will tell my dad if i dont pay", None),  # a threat, not a question about us
        ("i never tell my mum anything", None),
        ("what happened was my fault", None),
        ("no one cares anyway", None),
        ("ok thank you", None),
    ],
)
def test_requests_in_a_hold(text: str, wanted: str | None) -> None:
    assert request_in(text) == wanted
