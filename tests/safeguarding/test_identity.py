"""Who someone is, is never risk: a message that only gives pronouns or an identity is not
screened by the learned model, so neither it nor the second look can make it a crisis. Anything more
is screened as usual."""

from __future__ import annotations

import pytest

from safeguarding.identity import is_identity_statement
from safeguarding.screening import screen

ONLY_WHO = [
    "its they/them please not she",  # screen-v9 + second-look-v6 made it `high` (round 21's everyday file)
    "she/her",
    "He/Him pls",
    "my pronouns are they/them",
    "pronouns: he/they",
    "im gay",
    "Im trans btw",
    "just so you know im non binary",
    "I'm a trans boy",
]

MORE_THAN_WHO = [
    # Found by review: only pronouns may follow "not", and names are not identity statements here
    "he/him not alive",
    "i go by sam now, not safe",
    "please use they/them not abused",
    "she/her not eating",
    "my name is mia not safe",
    "they/them instead of hurting",
    "im called names",
    "my names worthless",
    "i go by Dafydd now, not David",
    "im trans and i want to die",
    "they/them. took all my pills",
    "im gay and scared to tell my parents",
    "i go by the bridge every day",
    "i go by Sam and i want to end it",
    "she/her and nobody would miss me",
    "im bi and my dad hit me",
    "he/him im at the bridge",
    "call me tonight",
    "i want to die",
]


@pytest.mark.parametrize("text", ONLY_WHO)
def test_a_message_that_only_says_who_someone_is_is_not_risk(text: str) -> None:
    assert is_identity_statement(text)
    found = screen(text)
    assert found.severity == "none" and found.model_flagged is None  # the model (and second look) not asked


@pytest.mark.parametrize("text", MORE_THAN_WHO)
def test_anything_more_is_screened_as_usual(text: str) -> None:
    assert not is_identity_statement(text)


@pytest.mark.parametrize(
    "text",
    [
        "im trans and i want to die",
        "they/them. took all my pills",
        "she/her and nobody would miss me",
        "he/him not alive",
        # "i go by sam now, not safe" (above) is screened as usual, but whether a bare "not safe" reaches
        # high is the learned model's call and moves with its thresholds (screen-v15: P 0.87, under the
        # first look's 0.9 when an earlier test has turned the second look on); this case needs a risk the
        # lexicon reads
        "i go by sam now, not safe at home",
    ],
)
def test_risk_beside_an_identity_is_still_flagged(text: str) -> None:
    assert screen(text).flagged
