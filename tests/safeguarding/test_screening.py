"""Behaviour of screen(): text as young people write it, idioms, negation, immediacy, failing closed."""

from __future__ import annotations

import pytest

import safeguarding
from safeguarding import screening
from safeguarding.assessment import Assessment
from safeguarding.screening import Screener


@pytest.mark.parametrize(
    "text",
    [
        "I WANT TO DIE",
        "i want to dieeeee",
        "i wnt 2 die",
        "w4nt to d1e",
        "i wanna kil myself",
        "kms",
        "kms lol",
        "unalive",
        "thinking about sewerslide",
        "endmylife",
        "iwanttodie",
        "i want to k i l l myself",
        "i want to k.i.l.l myself",
        "i want to sui cide",
        "suicde",
        "self-harm",
        "selfharm",
        "i want to h4rm myself",
        "0verd0se",
        "i want to hurtttt myself",
        "i dont want to wake up",
        "i'm not going to kill myself but i think about it",
    ],
)
def test_risk_is_found_however_it_is_written(screener: Screener, text: str) -> None:
    assert screener.screen(text).flagged, text


@pytest.mark.parametrize(
    "text",
    [
        "this revision is killing me",
        "my battery died",
        "i could murder a kebab",
        "hair dye",
        "i want to dye my hair pink",
        "my friend is so cute",
        "i'm dead lol",
        "i nearly died laughing",
        "she's going to kill me for breaking her mug",
        "my brother beat me at chess",
        "i got my hair cut",
        "i'm cutting out chocolate",
        "have you seen the film suicide squad",
        "my phone is about to die",
        "my heart races when i run",
        "our therapist is nice",
        "i hurt my knee at rugby",
        "the news said someone got stabbed in town",
        "we had an assembly about county lines",
    ],
)
def test_everyday_idioms_are_not_flagged(screener: Screener, text: str) -> None:
    found = screener.screen(text)
    assert found.severity == "none", found.to_audit()


def test_benign_idiom_does_not_hide_a_real_risk_phrase(screener: Screener) -> None:
    assert screener.screen("this revision is killing me and i want to die").flagged


def test_negation_never_lowers_suicide_or_self_harm(screener: Screener) -> None:
    assert screener.screen("i'm not going to kill myself").severity == "high"
    assert screener.screen("i dont self harm any more").severity == "high"


def test_negation_lowers_concern_level_phrases(screener: Screener) -> None:
    assert screener.screen("i'm anxious all the time").severity == "concern"
    found = screener.screen("i'm not anxious today")
    assert found.severity == "none"
    assert any(m.kind == "negated" for m in found.matches)


def test_negation_does_not_cross_a_clause(screener: Screener) -> None:
    assert screener.screen("i have no friends and feel alone").severity == "concern"


@pytest.mark.parametrize(
    "text",
    [
        "i want to die tonight",
        "im going to kill myself rn",
        "i want to die i have pills",
        "this is goodbye",
        "i've taken a load of pills",
        "my dad is beating me right now",
        "im bleeding a lot from where i cut",
        "someone is following me with a knife",
    ],
)
def test_immediacy_cues_raise_to_immediate(screener: Screener, text: str) -> None:
    assert screener.screen(text).severity == "immediate"


def test_cue_in_recent_messages_raises_current_risk(screener: Screener) -> None:
    assert screener.screen("i want to die").severity == "high"
    found = screener.screen("i want to die", context=["i have the pills"])
    assert found.severity == "immediate"
    assert any("recent messages" in m.note for m in found.matches)


def test_risk_in_recent_messages_with_cue_now_is_immediate(screener: Screener) -> None:
    found = screener.screen("tonight", context=["i want to kill myself"])
    assert found.severity == "immediate"
    assert found.categories == ["suicide"]


def test_asking_what_happens_now_after_a_disclosure_is_a_question_not_a_time(screener: Screener) -> None:
    # "now" in "what happens now" asks about the service; the hold answers it (safeguarding/hold.py)
    assert screener.screen("what happens now", context=["i want to kill myself"]).severity == "none"
    assert screener.screen("im doing it now", context=["i want to kill myself"]).severity == "immediate"
    assert screener.screen("now", context=["i want to kill myself"]).severity == "immediate"


def test_context_without_risk_changes_nothing(screener: Screener) -> None:
    assert screener.screen("see you tonight", context=["hello", "can i book a call"]).severity == "none"


def test_parent_category_is_reported_with_child_category(screener: Screener) -> None:
    found = screener.screen("im being made to marry someone")
    assert found.categories[:2] == ["forced_marriage", "abuse"]


def test_assessment_audit_is_json_safe_and_explains_each_hit(screener: Screener) -> None:
    import json

    found = screener.screen("i want to kill myself tonight")
    audit = json.loads(json.dumps(found.to_audit()))
    assert audit["severity"] == "immediate" and audit["flagged"] is True
    assert {m["kind"] for m in audit["matches"]} == {"phrase", "immediacy"}
    assert all(m["entry_id"] for m in audit["matches"])
    assert audit["lexicon_version"] == found.lexicon_version


def test_screening_is_deterministic(screener: Screener) -> None:
    text = "my stepdad hits me and i want to die tonight"
    assert screener.screen(text) == screener.screen(text)


def test_screen_fails_closed_when_the_screener_raises(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken() -> Screener:
        raise RuntimeError("lexicon exploded")

    monkeypatch.setattr(screening, "default_screener", broken)
    found = safeguarding.screen("hello")
    assert isinstance(found, Assessment)
    assert found.severity == "high" and found.flagged
    assert found.categories == ["unscreened"]
    assert found.error == "RuntimeError"


def test_screen_fails_closed_on_bad_input() -> None:
    found = safeguarding.screen(None)  # type: ignore[arg-type]
    assert found.categories == ["unscreened"]


def test_public_screen_uses_the_packaged_lexicon() -> None:
    assert safeguarding.screen("i want to kill myself").severity == "high"
    assert safeguarding.screen("what time is my appointment").severity == "none"
