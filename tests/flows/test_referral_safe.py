"""The referral intake, by call: whether we may say who we are and leave a voicemail if someone else answers.

Pure flow tests (no shell): the question comes after the number, reuses the call-back's reader and texts,
a first text that holds us back fills it, and anything not understood is stored as not known (not safe).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from flows.engine import Answered, FlowResult, FlowState, StartFlow, UserText
from flows.referral import (
    INTAKE,
    OpenReferral,
    OpenReferralQuery,
    SendReferralQuery,
    Slots,
    first_safe,
)
from flows.slots import dump
from tests.flows.helpers import CATALOGUE, ctx, kinds, only

CTX = ctx()


def _start(text: str = "i want to refer myself") -> FlowResult:
    started = INTAKE.handle(FlowState(), StartFlow(text=text), CTX)
    return INTAKE.handle(started.state, Answered(OpenReferralQuery(), OpenReferral(None, True)), CTX)


def _say(result: FlowResult, *texts: str) -> FlowResult:
    for text in texts:
        result = INTAKE.handle(result.state, UserText(text), CTX)
    return result


def _to_safe(first: str = "i want to refer myself") -> FlowResult:
    """Through the intake up to the safe-to-say question (by call, on the number they text from)."""
    return _say(_start(first), "14", "i cant sleep and keep crying at school", "2", "this number")


def _sent(result: FlowResult) -> SendReferralQuery:
    query: SendReferralQuery = only(result, SendReferralQuery)
    return query


def test_asked_after_the_number_with_the_call_back_texts() -> None:
    asked = _to_safe()
    assert kinds(asked) == ["callback_ask_safe"]
    assert asked.state.step == "safe"
    again = _say(asked, "what")
    assert kinds(again) == ["callback_ask_safe_again"]


@pytest.mark.parametrize(
    ("answer", "stored"),
    [
        ("yes", (True, True, "given")),
        ("no", (False, False, "given")),
        ("yes but no voicemail", (True, False, "given")),
        ("you can leave a message but dont say who you are", (False, True, "given")),
        ("NO", (False, False, "given")),
    ],
)
def test_the_answer_goes_to_the_referral(answer: str, stored: tuple[Any, ...]) -> None:
    consent = _say(_to_safe(), answer)
    assert kinds(consent) == ["referral_ask_consent"]
    query = _sent(_say(consent, "yes"))
    assert (query.contact_by, query.safe_to_say, query.voicemail, query.safe_answer) == ("call", *stored)


@pytest.mark.parametrize("gives_up", ["dont know", "not sure", "SKIP", "idk"])
def test_giving_up_is_not_known_and_not_safe(gives_up: str) -> None:
    consent = _say(_to_safe(), gives_up)
    assert kinds(consent) == ["referral_safe_not_known", "referral_ask_consent"]
    query = _sent(_say(consent, "yes"))
    assert (query.safe_to_say, query.voicemail, query.safe_answer) == (False, False, "not known")


def test_not_understood_after_asking_again_is_not_known() -> None:
    consent = _say(_to_safe(), "hmm", "what is a voicemail thing")
    assert kinds(consent) == ["referral_safe_not_known", "referral_ask_consent"]
    query = _sent(_say(consent, "yes"))
    assert (query.safe_to_say, query.voicemail, query.safe_answer) == (False, False, "not known")


def test_first_text_that_holds_us_back_fills_it() -> None:
    consent = _to_safe("can i refer myself, call me but dont say who you are")
    assert kinds(consent) == ["referral_ask_consent"]
    query = _sent(_say(consent, "yes"))
    assert (query.safe_to_say, query.voicemail, query.safe_answer) == (False, False, "given")


@pytest.mark.parametrize(
    "text",
    [
        "yes i want to refer myself, my mum keeps messaging me",  # "yes" was not an answer to anything
        "i want to refer myself",
        "refer me please, you can leave a voicemail and say who you are",  # a yes is only taken when asked
        "i want to refer myself, leave a message if i dont answer",  # often means "text me"
        "i want to refer myself. leave a message with my mum",
    ],
)
def test_first_text_never_makes_it_safe(text: str) -> None:
    """A first text only fills the answer when it holds us back on both; otherwise the question is asked."""
    answer = first_safe(text)
    assert answer is None or (not answer.safe_to_say and not answer.voicemail)
    if answer is None:
        assert kinds(_to_safe(text)) == ["callback_ask_safe"]


def test_by_text_is_never_asked_and_sends_none() -> None:
    consent = _say(_start(), "14", "i cant sleep and keep crying at school", "1")
    assert kinds(consent) == ["referral_ask_consent"]
    query = _sent(_say(consent, "yes"))
    assert (query.contact_by, query.safe_to_say, query.voicemail, query.safe_answer) == (
        "text",
        None,
        None,
        None,
    )


def test_an_intake_saved_before_the_question_sends_not_known() -> None:
    """Waiting at consent when the new question came in (its slots have no answer): not known, not safe."""
    saved = Slots(for_whom="self", age=14, school_given=True, story="i cant sleep", contact_by="call",
                  phone_given=True, own_ok=True)  # fmt: skip
    state = FlowState("referral", "consent", dump(saved))
    query = _sent(INTAKE.handle(state, UserText("yes"), CTX))
    assert (query.safe_to_say, query.voicemail, query.safe_answer) == (False, False, "not known")
    # and an intake saved earlier than that gets the question when it reaches it
    earlier = replace(saved, phone_given=False)
    asked = INTAKE.handle(FlowState("referral", "phone", dump(earlier)), UserText("this number"), CTX)
    assert kinds(asked) == ["callback_ask_safe"]


def test_texts_are_one_segment() -> None:
    for key in ("callback_ask_safe", "callback_ask_safe_again", "referral_safe_not_known"):
        assert CATALOGUE.languages["en"][key].budget == 1
