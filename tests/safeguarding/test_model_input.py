"""The learned screen does not judge a one-letter reply or a text of small words only (a reminder's "N" was
a concern), and still judges everything with content, reply letter or not."""

from __future__ import annotations

import pytest

from safeguarding import screen
from safeguarding.model_input import model_text


def _canon(text: str) -> str:
    return f" {text.lower()} "


@pytest.mark.parametrize(
    "text",
    ["N", "n", "Y", "R", "N.", "and", "N sorry", "y ok thanks", "no", "u ok", "myself", "for him", "her"],
)
def test_no_content_means_no_model_judgement(text: str) -> None:
    assert model_text(text, _canon(text), _canon) is None


@pytest.mark.parametrize(
    ("text", "judged"),
    [
        ("N im ill", " im ill "),
        ("n, cant make it", " cant make it "),
        ("wish i could sleep forever", " wish i could sleep forever "),
        ("Nobody would notice", " nobody would notice "),  # a word starting with n is not a reply letter
        ("ready to go", " ready to go "),
    ],
)
def test_content_is_judged_without_the_reply_letter(text: str, judged: str) -> None:
    assert model_text(text, _canon(text), _canon) == judged


@pytest.mark.parametrize("reply", ["N", "n", "N sorry", "N im ill", "N. cant make it", "Y", "R", "Y thanks"])
def test_reminder_replies_are_not_risk(reply: str) -> None:
    assert screen(reply).severity == "none"


@pytest.mark.parametrize(
    "text",
    [
        "n i want to end it all",
        "N i took all my pills",
        "wish i could sleep forever",
        "R u there i cant go on",
    ],
)
def test_risk_after_a_reply_letter_is_still_flagged(text: str) -> None:
    assert screen(text).severity in ("high", "immediate")


@pytest.mark.parametrize(
    "text", ["bye bye", "Bye bye x", "idk", "i dont know", "ok bye", "hiya", "thx bye", "lol idk"]
)
def test_greetings_and_sign_offs_alone_are_not_risk(text: str) -> None:
    # screen-v13 called "bye bye" immediate and "idk" concern from those words' weights alone
    assert screen(text).severity == "none"


@pytest.mark.parametrize(
    ("text", "floor"),
    [
        ("bye bye everyone forever", "high"),  # the lexicon's farewell still reads it
        # The first look alone (this test's screen, no second look's worker): screen-v17 said concern,
        # screen-v18 high, screen-v19 concern, screen-v20 high, screen-v22 concern; since the nineteenth
        # session the lexicon reads "why should i keep living" itself (suicide.want_die).
        ("idk why i should keep living", "high"),
        ("i dont know how to go on", "high"),
    ],
)
def test_sign_offs_with_content_are_still_judged(text: str, floor: str) -> None:
    order = {"none": 0, "concern": 1, "high": 2, "immediate": 3}
    assert order[screen(text).severity] >= order[floor]


@pytest.mark.parametrize("text", ["im not ok", "not ok", "no im not ok"])
def test_not_ok_is_still_read_by_the_model(text: str) -> None:
    # "not" is not small talk: an earlier draft put it there and the model stopped reading "im not ok"
    assert model_text(text, _canon(text), _canon) is not None
