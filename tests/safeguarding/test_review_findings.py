"""Defects a review found in the tenth session's first changes (the hold's questions, the "what happens now"
cue exception, the wider {pills} slot), kept as tests: each states what a clinical-safety reviewer expects."""

from __future__ import annotations

import pytest

import safeguarding
from safeguarding.hold import request_in
from safeguarding.screening import Screener, load_lexicon


@pytest.fixture(scope="module")
def lexicon_only() -> Screener:
    """The lexicon alone (``safeguarding.model.enabled: false``, or the model file failing to load)."""
    return Screener(load_lexicon(check_examples=False))


# 1. _cues.yml: the new not_if on cue.time_now voids every time word in the message, not only the "now"
#    of "what happens now". These were immediate at 9909677 and are high now (full screener, model on).
@pytest.mark.parametrize(
    "text",
    [
        "i want to die today what happens now",
        "i cut myself today what happens now",
        "i self harmed today what happens now",
        "he is going to stab me today what happens now",
        "they are going to beat me up after school today what happens now",
        "i feel like killing myself right now and i dont care what happens now",
        "i want to kill myself now i dont care what happens now",
        "i owe them money and they said theyll stab me tonight what happens now",
    ],
)
def test_what_happens_now_does_not_void_a_real_time_word(text: str) -> None:
    assert safeguarding.screen(text).severity == "immediate", text


@pytest.mark.parametrize(
    "text",
    [
        "i want to die tonight what happens now",
        "i dont care what happens now im going to end it tonight",
        "my dad is hitting my mum right now what happens now",
        "he said he will kill me tonight what happens now",
        "i want to hurt myself tonight what happens now",
    ],
)
def test_what_happens_now_does_not_void_a_real_time_word_in_the_lexicon(
    lexicon_only: Screener, text: str
) -> None:
    # immediate at 9909677 from the lexicon's own cue; now only the learned screen keeps these immediate
    assert lexicon_only.screen(text).severity == "immediate", text


def test_i_dont_care_what_happens_now_after_a_disclosure_is_still_a_cue() -> None:
    # hopelessness after "i want to kill myself": immediate at 9909677, none now (and the hold answers it
    # as a process question, see below)
    assert (
        safeguarding.screen("i dont care what happens now", context=["i want to kill myself"]).severity
        != "none"
    )


# 2. hold.py: texts a held young person might send that the new requests catch wrongly.
@pytest.mark.parametrize(
    "text",
    [
        "i dont care what happens now",  # hopelessness, not a question
        "what happens if i take 50 paracetamol",  # a method question
        "what happen to me if i jump",
        "what happens if i dont wake up",
        "what happens when you die",
        "they know where i live will they get me",  # fear of pursuers ("they" is in what_next)
        "will they get me tonight",
    ],
)
def test_risk_is_not_answered_as_what_happens_next(text: str) -> None:
    assert request_in(text) != "what_next", text


@pytest.mark.parametrize(
    "text",
    [
        "am i trouble to everyone",  # burdensomeness: "(in )?" is optional in the trouble pattern
        "will i be trouble for my family if im dead",
        "he said dont tell anyone or he will hurt me",  # an abuser's secrecy threat, quoted
        "he told me dont tell my mum or he will kill her",
        "will i get in trouble if i kill myself",
    ],
)
def test_risk_is_not_answered_as_who_will_be_told(text: str) -> None:
    assert request_in(text) != "who_told", text


# 3. _slots.yml: the wider {pills} makes someone's regular medicine an immediate overdose
#    (suicide.methods "take loads of {pills}", raised by cue.means on the same word). All none at 9909677.
@pytest.mark.parametrize(
    "text",
    [
        "i take loads of antihistamines in summer",
        "taking loads of antihistamines cos my hayfever is awful",
        "my nan takes loads of heart tablets",
        "my auntie takes loads of blood pressure tablets",
        "im taking lots of iron tablets the doctor said",
        "she takes loads of propranolol",
        "the dog swallowed my nans tramadol, we are at the vets",
        # corpus rows labelled high (written_corpusK.csv), high at 9909677: a model high is now raised to
        # immediate by cue.means because tramadol and pregabalin are {pills} words
        "need pregabalin to get through school. 5 in the morning. been for a month",
        "Been taking my dads tramadol every day for 3 weeks full stop i feel awful without it",
    ],
)
def test_regular_medicine_is_not_an_immediate_overdose(text: str) -> None:
    assert safeguarding.screen(text).severity != "immediate", text
