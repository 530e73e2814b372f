"""Reading a self-referral: the request itself, who it is for, how to get in touch, consent."""

from __future__ import annotations

import pytest

from flows.referral_answers import asks_to_refer, consent, contact_by, for_whom, says_something


@pytest.mark.parametrize(
    "text",
    [
        "i want to refer myself", "can i get help from the mental health team", "how do I get my son seen",
        "how can i get referred", "can i self refer", "Can I self-refer?",
        "i want to make a referral for my son",
        "can you sign my daughter up", "I would like to see a counsellor", "can i see someone",
        "can i see the wellbeing team", "how do we get our daughter referred", "id like a referral please",
        "can my son be seen by the mhst", "getting help from the school mental health team",
        "How do we get help from the school team?", "how can i get support through school",
        "what about someone at school", "is there someone in school i can see", "can i see someone at school",
        "how do i get help for my son from school",
    ],
)  # fmt: skip
def test_asks_to_be_seen(text: str) -> None:
    assert asks_to_refer(text), text


@pytest.mark.parametrize(
    "text",
    [
        "i feel sad", "can someone call me", "i need help", "can i talk to the mental health team",
        "who can i see about my anxiety", "see you later", "exams are doing my head in",
        "is there a waiting list", "i need help at school with maths", "can i talk to someone at school",
        "i got help from school with my homework today",
    ],
)  # fmt: skip
def test_not_a_referral_request(text: str) -> None:
    assert not asks_to_refer(text), text


@pytest.mark.parametrize(
    ("text", "whom"),
    [
        ("how do I get my son seen", "child"), ("im her mum", "child"), ("refer him", "child"),
        ("my friend needs help", "other"), ("for my mate", "other"), ("i want to refer myself", "self"),
        ("me", "self"), ("dunno", None),
    ],
)  # fmt: skip
def test_for_whom(text: str, whom: str | None) -> None:
    assert for_whom(text) == whom


@pytest.mark.parametrize(
    ("text", "way"),
    [
        ("text", "text"), ("text me", "text"), ("by text pls", "text"), ("on here", "text"),
        ("a phone call", "call"), ("ring me", "call"), ("call", "call"), ("through school", "school"),
        ("tell my teacher", "school"), ("head of year", "school"), ("whatever", None),
    ],
)  # fmt: skip
def test_contact_by(text: str, way: str | None) -> None:
    assert contact_by(text) == way


@pytest.mark.parametrize(
    ("text", "agreed"),
    [("yes", True), ("Yes thats fine", True), ("ok", True), ("i agree", True), ("no", False),
     ("nope", False), ("id rather not", False), ("maybe", None), ("what does that mean", None)],
)  # fmt: skip
def test_consent(text: str, agreed: bool | None) -> None:
    assert consent(text) is agreed


@pytest.mark.parametrize("text", ["ok", "hi", "yes", "?", "im back", "  ", "thanks"])
def test_says_nothing(text: str) -> None:
    assert not says_something(text)


def test_says_something() -> None:
    assert says_something("anxiety") and says_something("my parents are splitting up")
