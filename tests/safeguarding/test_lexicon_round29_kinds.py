"""Phrases for three plain kinds of risk spent blind round 29 showed the lexicon missing (fourteenth
session): a cigarette put out on the skin (by the writer: self-harm; by someone else: abuse), a baby shaken,
and being on the railway line oneself. Each with everyday texts in the same setting that must stay below
high. Screened on the lexicon alone (the ``screener`` fixture); the learned screen reads what they do not."""

from __future__ import annotations

import pytest

from safeguarding import SEVERITY_ORDER
from safeguarding.screening import Screener

RISK = [
    pytest.param("i stub cigarettes out on my ankle where nobody looks", "self_harm", id="stub-ankle"),
    pytest.param("ive been putting my cigarettes out on my leg", "self_harm", id="putting-on-leg"),
    pytest.param("i burn myself with a lighter and put the fag out on my arm", "self_harm", id="fag-on-arm"),
    pytest.param("i keep putting my mums fags out on my wrist", "self_harm", id="fags-on-wrist"),
    pytest.param("he put his cigarette out on my arm", "abuse", id="he-put-out-on-arm"),
    pytest.param("my stepdad stubbed his fag out on my hand", "abuse", id="stepdad-stubbed"),
    pytest.param("dad shook the baby hard when she wouldnt stop crying", "abuse", id="shook-the-baby"),
    pytest.param(
        "my mums boyfriend shook my baby brother to make him stop", "abuse", id="shook-baby-brother"
    ),
    pytest.param(
        "im on the train tracks by the woods. i can see the lights", "suicide", id="on-the-train-tracks"
    ),
    pytest.param("i am on the railway tracks now", "suicide", id="on-the-railway-tracks"),
    pytest.param("me on the railway line. dont come", "suicide", id="me-on-the-line"),
]

EVERYDAY = [
    pytest.param("i put my cigarette out on my shoe before school", id="cig-on-shoe"),
    pytest.param("dad says cigarettes are bad for my skin so he quit", id="cig-bad-for-skin"),
    pytest.param("i shook the baby rattle and she laughed", id="baby-rattle"),
    pytest.param("mum shook the baby bottle to mix the formula", id="baby-bottle"),
    pytest.param("i shook the babys hand, hes so cute", id="babys-hand"),
    pytest.param("im on the train line to london, back at 6", id="train-line-to-london"),
    pytest.param("we are on the railway line home, running late", id="railway-line-home"),
    pytest.param("im on track for a 7 in maths", id="on-track-maths"),
    pytest.param("the train track was closed so we got the bus", id="track-closed"),
    pytest.param("my brother has a model railway track in the loft", id="model-railway"),
    pytest.param("the electric fence gave me a shock, so funny", id="electric-shock"),
    pytest.param("i was in shock when i saw my grade", id="in-shock"),
]

#: Left to the learned screen: as phrase words, "stub", the singular "track" and "shaken" rewrote real words
#: in a first draft ("stumbled" to "stubbed", "Tracy" to "track", "shakin" to "shaken", so "cnt stop shakin"
#: lost its concern).
GAPS = [
    pytest.param("i stub cigarettes on my ankle", id="stub-without-out"),
    pytest.param("im on the train track and i can see the lights", id="singular-track"),
    pytest.param("the baby was shaken by my stepdad", id="passive-shaken"),
]


@pytest.mark.parametrize(("text", "category"), RISK)
def test_the_kind_is_flagged_in_its_category(screener: Screener, text: str, category: str) -> None:
    found = screener.screen(text)
    assert SEVERITY_ORDER[found.severity] >= SEVERITY_ORDER["high"], (text, found.severity)
    assert category in found.categories, (text, found.categories)


@pytest.mark.parametrize("text", EVERYDAY)
def test_the_same_setting_without_risk_stays_below_high(screener: Screener, text: str) -> None:
    found = screener.screen(text)
    assert SEVERITY_ORDER[found.severity] < SEVERITY_ORDER["high"], (text, found.severity, found.matches)


def test_new_phrase_words_do_not_rewrite_real_words(screener: Screener) -> None:
    # Every phrase word is a spelling-repair target: the first draft read "shock" as "shook".
    normalise = screener.lexicon.normaliser.normalise
    assert normalise("i was in shock").tokens == ("i", "was", "in", "shock")
    assert "shaking" in normalise("cnt stop shakin").tokens
    assert "stumbled" in normalise("i stumbled").tokens
    assert "track" not in normalise("tracy and the soundtrack").tokens


@pytest.mark.xfail(strict=True, reason="left to the learned screen (see GAPS)")
@pytest.mark.parametrize("text", GAPS)
def test_known_gaps(screener: Screener, text: str) -> None:
    assert SEVERITY_ORDER[screener.screen(text).severity] >= SEVERITY_ORDER["high"]
