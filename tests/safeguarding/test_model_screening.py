"""Combining the lexicon and the learned screen: the model can only raise, shows its reasons, fails closed."""

from __future__ import annotations

import pytest

import safeguarding
from safeguarding import screening
from safeguarding.assessment import SEVERITY_ORDER, Severity
from safeguarding.classifier import Classifier, Verdict
from safeguarding.lexicon import Lexicon
from safeguarding.model_corpus import DEFAULT_CORPUS_DIR
from safeguarding.model_file import load_model
from safeguarding.screening import Screener

TEXTS = (
    "hello, can i ask something",
    "what time is my appointment",
    "i feel really low",
    "im being bullied at school",
    "i want to die",
    "ive taken a load of pills",
    "im on the bridge now",
    "my battery died",
    "this revision is killing me",
    "i dont wanna be here anymore",
    "i have the pills and the rope ready",
    "can i get a call back please",
)


def with_thresholds(lexicon: Lexicon, high: float, concern: float) -> Screener:
    return Screener(lexicon, Classifier(load_model(), high, concern))


def test_the_model_only_raises_and_never_touches_a_flagged_lexicon_decision(
    lexicon: Lexicon, screener: Screener
) -> None:
    eager = with_thresholds(lexicon, 0.000001, 0.000001)  # the model says high for everything
    for text in TEXTS:
        alone = screener.screen(text)
        both = eager.screen(text)
        assert SEVERITY_ORDER[both.severity] >= SEVERITY_ORDER[alone.severity], text
        if alone.flagged:
            assert both.severity == alone.severity and both.matches == alone.matches, text
        else:
            assert both.severity == "high", text
            assert both.categories == [*alone.categories, "model"], text
    shy = with_thresholds(lexicon, 0.999999, 0.999999)  # the model says nothing
    for text in TEXTS:
        assert shy.screen(text) == screener.screen(text), text


def test_a_weaker_hit_makes_a_none_text_concern_but_never_lowers_a_concern(lexicon: Lexicon) -> None:
    model = load_model()
    classifier = Classifier(model, 0.999999, 0.000001)
    found = Screener(lexicon, classifier).screen("what time is my appointment")
    assert found.severity == "concern"
    assert [m.kind for m in found.matches] == ["model"]
    concern = Screener(lexicon, classifier).screen("im being bullied at school")
    assert concern.severity == "concern"
    assert all(m.kind != "model" for m in concern.matches)  # it did not raise, so it adds nothing


def test_a_model_hit_shows_its_top_features_in_the_matches(lexicon: Lexicon) -> None:
    found = with_thresholds(lexicon, 0.000001, 0.000001).screen("what time is my appointment")
    model_matches = [m for m in found.matches if m.kind == "model"]
    assert len(model_matches) == 1
    match = model_matches[0]
    assert match.entry_id == f"model.{load_model().version}"
    assert match.category == "model" and match.severity == "high"
    assert "top features:" in match.note and "p(flagged)" in match.note
    # Word n-grams are quoted, character n-grams in brackets.
    assert match.matched and all(part[0] in '"[' for part in match.matched.split(", "))
    classifier = Classifier(load_model(), 0.5, 0.5)
    canonical = lexicon.normaliser.normalise("i want to sleep forever and never wake up").text
    reasons = classifier.reasons(canonical)
    assert any(reason.startswith('"') for reason in reasons), reasons
    audit = found.to_audit()
    assert any(m["kind"] == "model" and "top features" in m["note"] for m in audit["matches"])


def sure_of_immediate(lexicon: Lexicon, immediate: float, high: float = 0.999999) -> Screener:
    """The model grades a flagged text immediate at P(immediate) >= ``immediate``; it flags at P(flagged) >=
    ``high`` (the default: almost never)."""
    return Screener(lexicon, Classifier(load_model(), high, high, None, immediate))


def test_a_confident_immediate_hit_raises_none_concern_and_high_but_nothing_else_changes(
    lexicon: Lexicon, screener: Screener
) -> None:
    eager = sure_of_immediate(lexicon, 0.000001, high=0.000001)  # flags everything, all of it immediate
    seen = set()
    for text in TEXTS:
        alone = screener.screen(text)
        both = eager.screen(text)
        seen.add(alone.severity)
        if alone.severity == "immediate":
            assert both == alone, text  # the lexicon's immediate is never touched
            continue
        assert both.severity == "immediate", text
        # The lexicon's own matches stand; the model's hit is added after them, labelled "model".
        assert both.matches[: len(alone.matches)] == alone.matches, text
        assert both.categories == [*alone.categories, "model"], text
        model_matches = [m for m in both.matches if m.kind == "model"]
        assert len(model_matches) == 1 and model_matches[0].severity == "immediate", text
        assert (
            "p(immediate)" in model_matches[0].note and "thresholds immediate 0.00" in model_matches[0].note
        )
    assert seen >= {"none", "concern", "high", "immediate"}
    shy = sure_of_immediate(lexicon, 0.999999)  # never confident: the lexicon's decision is the answer
    for text in TEXTS:
        assert shy.screen(text) == screener.screen(text), text


def test_p_immediate_grades_a_flagged_text_and_never_flags_one_alone(
    lexicon: Lexicon, screener: Screener
) -> None:
    # Sure of immediate but (almost) never past the high bar: only texts something else flagged are graded.
    grader = sure_of_immediate(lexicon, 0.000001)
    bar = load_model().lexicon_concern_threshold
    seen = set()
    for text in TEXTS:
        alone = screener.screen(text)
        both = grader.screen(text)
        seen.add(alone.severity)
        if alone.severity in ("high", "immediate"):
            assert both.severity == "immediate", text  # flagged by the lexicon: graded
        elif alone.severity == "concern" and both.severity != "concern":
            # The lower bar on a lexicon concern flags it; then it is graded too.
            assert bar is not None and both.model_flagged is not None and both.model_flagged >= bar, text
            assert both.severity == "immediate", text
        else:
            # Nothing flagged it: P(immediate) alone is not enough.
            assert both.severity == alone.severity, text
    assert seen >= {"none", "concern", "high"}
    assert grader.screen("nain has the heart tablets and the water tablets. she is doing well").severity == (
        "none"
    )


def test_an_immediate_hit_shows_the_features_that_pushed_towards_immediate(lexicon: Lexicon) -> None:
    found = sure_of_immediate(lexicon, 0.000001, high=0.000001).screen("everything is sorted")
    (match,) = [m for m in found.matches if m.kind == "model"]
    assert match.severity == "immediate" and match.matched
    features = match.note.split("top features: ", 1)[1]
    assert features != "-" and "+" in features
    classifier = Classifier(load_model(), 0.000001, 0.000001, None, 0.000001)
    canonical = lexicon.normaliser.normalise("everything is sorted").text
    assert features == "; ".join(classifier.reasons(canonical, towards="immediate"))


def test_an_immediate_hit_wins_over_lowering(lexicon: Lexicon) -> None:
    # Lowering on (P(none) >= 0.000001 is always true) but the model is sure of immediate: it raises.
    both = Screener(lexicon, Classifier(load_model(), 0.999999, 0.999999, 0.000001, 0.000001))
    text = "i want to die"
    assert Screener(lexicon).screen(text).severity == "high"
    assert both.screen(text).severity == "immediate"


def test_the_packaged_model_can_say_immediate_and_does_on_a_plain_immediate_text(lexicon: Lexicon) -> None:
    classifier = screening.build_classifier(screening.ModelSettings())
    assert classifier is not None and classifier.immediate_threshold is not None

    def judged(text: str) -> str:
        assert classifier is not None
        return classifier.judge(lexicon.normaliser.normalise(text).text).severity

    assert judged("what time is my appointment") == "none"
    assert judged("ive taken all the pills and i am dying now") == "immediate"


def test_an_error_in_the_model_fails_closed(monkeypatch: pytest.MonkeyPatch, lexicon: Lexicon) -> None:
    class Broken(Classifier):
        def judge(self, canonical: str, explain_above: Severity = "none") -> Verdict:
            raise RuntimeError("boom")

    broken = Screener(lexicon, Broken(load_model(), 0.9, 0.9))
    monkeypatch.setattr(screening, "_default", broken)
    found = safeguarding.screen("what time is my appointment")
    assert found.severity == "high" and found.categories == ["unscreened"]
    assert found.error == "RuntimeError"


def test_screening_with_the_model_is_deterministic(lexicon: Lexicon) -> None:
    first = [with_thresholds(lexicon, 0.5, 0.5).screen(t) for t in TEXTS]
    second = [with_thresholds(lexicon, 0.5, 0.5).screen(t) for t in TEXTS]
    assert first == second


# The texts at the top of issue 12, each of which got no escalation before this round.
ISSUE_12_TEXTS = (
    "i took a few of my mums sleeping pills to see what happens",
    "i wrote my goodbye letters",
    "wish i could sleep forever",
    "whats even the point anymore",
    "JUST FUCKIN KILL ME",
    "i don't wanna fucking be here anymore",
    "Ive had enough of life and the pain it causes",
    "i have the pills and the rope ready",
    "im trying to hold on but",
    "main mar jana chahta hoon",
    "a teacher keeps messaging me on snap and told me to keep it secret",
    "i was sent to sell drugs in another city and they took my phone",
    "they're making me keep weapons at my house for them",
)


# These need the issue-12 corpus and lexicon round 5 (branch `corpus`): they run once both are merged and
# the model is retrained; before that most of them are missed (see docs/safeguarding-model.md).
MERGED = pytest.mark.skipif(
    not (DEFAULT_CORPUS_DIR / "risk_suicide.csv").is_file(),
    reason="needs the issue-12 corpus (risk_*.csv) and lexicon round 5 from branch corpus",
)


@MERGED
@pytest.mark.parametrize("text", ISSUE_12_TEXTS)
def test_issue_12_texts_are_flagged_by_the_combined_screen(text: str) -> None:
    found = safeguarding.screen(text)
    assert found.severity in ("high", "immediate"), (text, found.severity, found.categories)


# Time words that mean something only after a disclosure: screened with one in the recent context.
@MERGED
@pytest.mark.parametrize(
    ("text", "earlier"),
    [
        ("tonights the night", "i wrote my goodbye letters"),
        ("tomorrow might be it", "i want to die"),
        ("it is happening tonight", "i have the pills and the rope ready"),
    ],
)
def test_issue_12_time_words_after_a_disclosure_are_flagged(text: str, earlier: str) -> None:
    found = safeguarding.screen(text, context=[earlier])
    assert found.severity in ("high", "immediate"), (text, found.severity)


def test_a_benign_idiom_sets_aside_its_own_hit_and_the_model_still_reads_the_message(
    lexicon: Lexicon,
) -> None:
    # Until round 38 a benign set-aside capped the model at concern (docs/safeguarding-model.md, "Round 38").
    eager = with_thresholds(lexicon, 0.000001, 0.000001)  # the model says high for everything
    found = eager.screen("i cut myself in food tech")  # a benign idiom sets the self-harm hit aside
    assert [m.severity for m in found.matches if m.kind == "benign"] == ["none"]
    assert all(m.severity == "none" for m in found.matches if m.kind not in ("model", "immediacy"))
    assert found.flagged
    assert [m.severity for m in found.matches if m.kind == "model"] == ["high"]


def test_the_packaged_model_reads_past_a_benign_idiom_only_when_it_sees_risk(lexicon: Lexicon) -> None:
    assert safeguarding.screen("i cut myself in food tech").severity == "none"
    # kill_me_hyperbole sets aside "going to kill me when"; the model reads the rest: drunk, upstairs, a lock
    found = safeguarding.screen(
        "dad's back drunk and he said he's going to kill me when he gets upstairs. "
        "the lock on my door doesnt work"
    )
    assert found.flagged, found.to_audit()


# Answers to Waymark's own questions (who is it for, age, where do you live) must never get a crisis reply.
@pytest.mark.parametrize(
    "text",
    [
        "myself",
        "him",
        "he",
        "I'm his dad",
        "i live in lewisham",
        "i live on leeds road in lewisham",
        "im 14",
        "SE15",
    ],
)
def test_answers_to_our_own_questions_are_not_flagged(text: str) -> None:
    assert not safeguarding.screen(text).flagged


def test_an_immediacy_cue_raises_a_model_hit_to_immediate(lexicon: Lexicon, screener: Screener) -> None:
    eager = with_thresholds(lexicon, 0.000001, 0.000001)  # the model says high for everything
    text = "everything is sorted for tonight"
    assert screener.screen(text).severity == "none"  # the lexicon alone finds nothing
    found = eager.screen(text)
    assert found.severity == "immediate"
    cue = [m for m in found.matches if m.kind == "immediacy"]
    assert cue and cue[0].severity == "immediate" and "model" in cue[0].note
    assert eager.screen("everything is sorted").severity == "high"  # no cue: the model's high stands


def test_a_cue_after_an_earlier_immediate_message_is_immediate(lexicon: Lexicon) -> None:
    lexicon_only = Screener(lexicon)
    earlier = "i have the pills and the rope ready"
    assert lexicon_only.screen(earlier).severity == "immediate"
    assert lexicon_only.screen("it is happening tonight").severity == "none"  # alone it says nothing
    assert lexicon_only.screen("it is happening tonight", context=[earlier]).severity == "immediate"
