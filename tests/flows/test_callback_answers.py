"""Reading call-back answers: numbers in free text, safe to say / voicemail, asking for a call, not needing
it any more, and what it is about."""

from __future__ import annotations

import pytest

from flows.callback_answers import (
    asks_for_call,
    child_named,
    find_phone,
    is_this_number,
    is_uk_phone,
    parse_safe,
    says_parent,
    topic,
    wants_no_call,
    without_phone,
)


@pytest.mark.parametrize(
    ("text", "e164"),
    [
        ("my number is 07700 900241", "+447700900241"),
        ("07700900241", "+447700900241"),
        ("+44 7700 900241", "+447700900241"),
        ("0044 7700 900241", "+447700900241"),
        ("call 0117 496 0123 please", "+441174960123"),  # a landline is fine
        ("020 7946 0102", "+442079460102"),
        ("ring 07400 123456 after 3", "+447400123456"),
        ("(0117) 496-0123", "+441174960123"),
    ],
)
def test_uk_numbers_are_normalised(text: str, e164: str) -> None:
    found = find_phone(text)
    assert found is not None and found.e164 == e164 and found.problem is None


@pytest.mark.parametrize("text", ["+33 6 12 34 56 78", "+1 202 555 0143", "call me on +353 85 123 4567"])
def test_numbers_outside_the_uk_are_reported(text: str) -> None:
    found = find_phone(text)
    assert found is not None and found.e164 is None and found.problem == "not_uk"


@pytest.mark.parametrize("text", ["07700 900", "07123456", "0117 496", "12345678901234"])
def test_broken_numbers_are_reported(text: str) -> None:
    found = find_phone(text)
    assert found is not None and found.e164 is None and found.problem == "not_a_number"


@pytest.mark.parametrize("text", ["yes", "after 3pm", "my son is 12", "this number", "year 9", ""])
def test_no_number(text: str) -> None:
    assert find_phone(text) is None


def test_the_number_is_cut_out_before_reading_times() -> None:
    text = "my number is 07700 900241, free after 3"
    assert "900241" not in without_phone(text, find_phone(text))


def test_own_number_check() -> None:
    assert is_uk_phone("+447700900123") and is_uk_phone("+441174960123")
    assert not is_uk_phone("+33612345678") and not is_uk_phone("123456789") and not is_uk_phone("nonsense")


@pytest.mark.parametrize(
    ("text", "safe", "voicemail"),
    [
        ("yes", True, True), ("YES", True, True), ("yh", True, True), ("ok", True, True),
        ("Yes thats fine", True, True), ("yep go ahead", True, True), ("no", False, False),
        ("NO!!", False, False), ("nah", False, False), ("no thanks", False, False),
        ("yes but no voicemail", True, False), ("yes but dont leave a message", True, False),
        ("yes but please dont leave a voicemail", True, False),
        ("you can leave a message but dont say who you are", False, True),
        ("no voicemail pls", False, False),  # says nothing about saying who we are: we do not
        ("dont say its the mental health team", False, False),
        ("leave a voicemail is fine", False, True),
        # a yes with a condition is not a clear yes: we do not say who we are, no voicemail
        ("yes but not if my dad answers", False, False), ("yes but my mum doesnt know", False, False),
        ("yes its fine but dont tell my dad", False, False), ("yes but dont say its camhs", False, False),
        ("ok only if its me", False, False), ("yes unless my step dad picks up", False, False),
        ("yes but no voicemail and not if my dad answers", False, False),
        ("yes i dont mind", True, True), ("yes no problem", True, True), ("yes please, thanks", True, True),
    ],
)  # fmt: skip
def test_safe_to_say(text: str, safe: bool, voicemail: bool) -> None:
    answer = parse_safe(text)
    assert answer is not None, text
    assert (answer.safe_to_say, answer.voicemail) == (safe, voicemail)


@pytest.mark.parametrize("text", ["maybe", "what do you mean", "after 3", "idk"])
def test_safe_to_say_unclear(text: str) -> None:
    assert parse_safe(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "can some1 ring me after school", "please call me back", "Can someone call me back please?",
        "can someone call me back after 3 about my daughter", "call me", "ring me tmrw", "i need a call back",
        "i would like a phone call", "callback please", "give me a ring", "can u bell me",
        "can i speak to someone on the phone", "could you phone me", "pls ring me back",
        "can you call me? dont call before 3 though", "hi call me when you can",
    ],
)  # fmt: skip
def test_asks_for_a_call(text: str) -> None:
    assert asks_for_call(text), text


@pytest.mark.parametrize(
    "text",
    [
        "dont call me", "my mum wont ring me back", "no need to call", "I need help", "i cant call you",
        "can you not call me", "please dont ring me", "my dad called me a loser", "i called childline",
        "what is your phone number", "i feel anxious",
    ],
)  # fmt: skip
def test_not_a_request_for_a_call(text: str) -> None:
    assert not asks_for_call(text), text


@pytest.mark.parametrize(
    "text",
    [
        "dont need the call now", "no need to ring", "we dont need a call back anymore", "cancel the call",
        "please dont call", "i no longer need the callback", "its ok you dont have to call",
        "dont worry about calling", "no need to call me thanks", "I don't need a call any more",
        "we do not need the phone call", "ok dont call me now thanks", "Please don't ring.",
    ],
)  # fmt: skip
def test_no_call_needed(text: str) -> None:
    assert wants_no_call(text), text


@pytest.mark.parametrize(
    "text",
    ["dont call before 3", "call me", "cancel", "i dont need help", "please call after 4", "stop",
     "please dont call my mum", "dont ring my dad he will go mad", "dont phone the school"],
)  # fmt: skip
def test_still_wants_a_call_or_says_nothing_about_it(text: str) -> None:
    assert not wants_no_call(text), text


@pytest.mark.parametrize(
    ("text", "about"),
    [
        ("can someone call me back after 3 about my daughter", "my daughter"),
        ("call me about my sons anxiety please", "my sons anxiety"),
        ("ring me regarding the appointment letter", "the appointment letter"),
        ("please call me back", None),
        ("its about my son, after 3", "my son"),
    ],
)
def test_topic(text: str, about: str | None) -> None:
    assert topic(text) == about


def test_who_is_asking() -> None:
    assert child_named("can someone call me back about my daughter") == "daughter"
    assert child_named("ring me about my 12 year old son") == "son"
    assert child_named("call me about my mum") is None
    assert says_parent("im her mum") and says_parent("about my son") and not says_parent("my mum hates me")


@pytest.mark.parametrize("text", ["this number", "yes", "same", "this one pls", "Yes please", "on here"])
def test_this_number(text: str) -> None:
    assert is_this_number(text)


@pytest.mark.parametrize("text", ["07700900241", "no", "another one", "my mums phone"])
def test_not_this_number(text: str) -> None:
    assert not is_this_number(text)
