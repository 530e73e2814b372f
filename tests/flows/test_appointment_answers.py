"""Reading replies to a reminder: yes, no (with or without a reason), rearrange, or something else."""

from __future__ import annotations

import pytest

from flows.appointment_answers import ReadAnswer, choice_number, is_skip, read_answer


@pytest.mark.parametrize(
    "text", ["Y", "y", "yes", "Yes!", "yh", "yeah", "ill be there", "I'll be there", "ok"]
)
def test_yes(text: str) -> None:
    assert read_answer(text) == ReadAnswer("yes")


@pytest.mark.parametrize("text", ["N", "no", "cant come", "can't come", "Cannot make it", "nope"])
def test_plain_no(text: str) -> None:
    assert read_answer(text) == ReadAnswer("no")


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("N im ill", "im ill"),
        ("no, my mum is working", "my mum is working"),
        ("im ill", "im ill"),
        ("sorry I cant come I'm feeling sick", "sorry I cant come I'm feeling sick"),
        ("i won't be able to make it, football", "i won't be able to make it, football"),
    ],
)
def test_no_with_reason(text: str, reason: str) -> None:
    assert read_answer(text) == ReadAnswer("no", reason)


@pytest.mark.parametrize(
    "text", ["R", "r", "can we change it", "can we do another day", "reschedule pls", "R can it be thursday"]
)
def test_rearrange(text: str) -> None:
    read = read_answer(text)
    assert read is not None and read.answer == "rearrange"


def test_cant_come_but_another_day_is_a_rearrange() -> None:
    read = read_answer("cant come tmrw can we do a different day")
    assert read is not None and read.answer == "rearrange"


@pytest.mark.parametrize("text", ["hello", "where is the clinic", "i feel anxious", "", "what is this"])
def test_other_texts_are_not_answers(text: str) -> None:
    assert read_answer(text) is None


def test_nlu_affirm_and_deny_are_a_fallback_for_short_texts() -> None:
    assert read_answer("defo", "affirm") == ReadAnswer("yes")
    assert read_answer("not really", "deny") == ReadAnswer("no")
    assert read_answer("yes I would like to know more about the groups you run", "affirm") is None


def test_skip_and_choice_numbers() -> None:
    assert is_skip("SKIP") and is_skip("no") and not is_skip("my bus was late")
    assert choice_number("2", 2) == 2 and choice_number("3", 2) is None and choice_number("two", 2) is None


def test_reminder_copy_is_safe_on_a_lock_screen() -> None:
    """No team kind or diagnosis words, no opt-out word to reply, no surname: in every appointment text."""
    from flows.catalogue import load_catalogue

    catalogue = load_catalogue()
    keys = [k for k in catalogue.languages["en"] if k.startswith("appt_") and "staff" not in k]
    assert "appt_reminder" in keys and "appt_reminder_phone" in keys
    for key in keys:
        text = catalogue.template(key).text
        assert "mental" not in text.lower() and "{team_name}" not in text, key
        for word in ("CANCEL", "END", "QUIT", "STOP"):
            assert (
                f"reply {word}".lower() not in text.lower() and f"text {word}".lower() not in text.lower()
            ), key
    assert "on this number" in catalogue.template("appt_reminder_phone").text
