"""The learned screen lowering a lexicon ``high`` hit to ``concern`` when it reads the message as everyday.

Only categories whose file says ``model_may_lower: true`` (never suicide or self-harm), never ``immediate``,
only at or above the everyday threshold, and always explained in the match notes.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from safeguarding.classifier import Classifier
from safeguarding.lexicon import Lexicon, LexiconError
from safeguarding.model_file import dumps, load_model, parse_model
from safeguarding.screening import Screener, load_lexicon
from safeguarding.training import TrainSettings, choose_everyday_threshold, combine

EAGER = 0.000001  # P(none) is always at least this: every allowed high hit is lowered
NEVER = 0.999999


def lowering(lexicon: Lexicon, everyday: float) -> Screener:
    return Screener(lexicon, Classifier(load_model(), 0.999999, 0.999999, everyday))


def high_examples(lexicon: Lexicon, *, may_lower: bool) -> list[str]:
    """Entry examples the lexicon alone screens as ``high`` through entries that do (or do not) allow it."""
    alone = Screener(lexicon)
    found = []
    for entry in lexicon.entries:
        if entry.severity != "high" or entry.model_may_lower != may_lower:
            continue
        for example in entry.examples:
            if alone.screen(example).severity == "high":
                found.append(example)
    return found


def test_only_categories_that_opt_in_may_be_lowered(lexicon: Lexicon) -> None:
    allowed = {entry.category for entry in lexicon.entries if entry.model_may_lower}
    assert allowed, "no category lets the model lower a hit"
    assert not allowed & {"suicide", "self_harm"}


def test_an_allowed_high_hit_is_lowered_to_concern_with_the_reason_in_its_note(lexicon: Lexicon) -> None:
    alone = Screener(lexicon)
    eager = lowering(lexicon, EAGER)
    examples = high_examples(lexicon, may_lower=True)
    assert len(examples) >= 5
    lowered = 0
    for text in examples:
        before = alone.screen(text)
        after = eager.screen(text)
        if not alone.may_lower(before.matches):
            assert after.severity == "high", text  # another, non-lowerable high hit stands
            continue
        lowered += 1
        assert after.severity == "concern", text
        assert after.categories == before.categories, text
        assert [m.entry_id for m in after.matches] == [m.entry_id for m in before.matches], text
        changed = [m for m in after.matches if "lowered from high" in m.note]
        assert changed and all(m.severity == "concern" and "p(none)" in m.note for m in changed), text
    assert lowered >= 5


def test_suicide_and_self_harm_hits_are_never_lowered(lexicon: Lexicon) -> None:
    alone = Screener(lexicon)
    eager = lowering(lexicon, EAGER)
    examples = [
        t
        for t in high_examples(lexicon, may_lower=False)
        if any(m.category in ("suicide", "self_harm") for m in alone.screen(t).matches)
    ]
    assert len(examples) >= 10
    for text in examples:
        assert eager.screen(text).severity == "high", text


def test_immediate_is_never_lowered(lexicon: Lexicon) -> None:
    alone = Screener(lexicon)
    eager = lowering(lexicon, EAGER)
    immediate = [t for cue in lexicon.cues for t in cue.examples if alone.screen(t).severity == "immediate"]
    assert len(immediate) >= 10
    for text in immediate:
        assert eager.screen(text).severity == "immediate", text


def test_below_the_everyday_threshold_nothing_is_lowered(lexicon: Lexicon) -> None:
    alone = Screener(lexicon)
    strict = lowering(lexicon, NEVER)
    for text in high_examples(lexicon, may_lower=True):
        assert strict.screen(text).severity == alone.screen(text).severity, text
    off = Screener(lexicon, Classifier(load_model(), 0.999999, 0.999999, None))
    for text in high_examples(lexicon, may_lower=True)[:20]:
        assert off.screen(text).severity == "high", text


def test_a_category_file_cannot_let_the_model_lower_suicide(tmp_path: Path) -> None:
    source = Path(__file__).resolve().parents[2] / "safeguarding" / "lexicon"
    folder = tmp_path / "lexicon"
    shutil.copytree(source, folder)
    path = folder / "suicide.yml"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "immediacy: true", "immediacy: true\nmodel_may_lower: true", 1
        )
    )
    with pytest.raises(LexiconError, match="never lowered"):
        load_lexicon(folder, check_examples=False)


def test_the_everyday_threshold_is_the_lowest_that_keeps_the_recall_budget() -> None:
    labels = np.array([0] * 100 + [2] * 400)
    probs = np.zeros((500, 3))
    probs[:100, 0] = 0.97  # everyday texts the lexicon flags: the model is sure they are everyday
    probs[100:, 0] = np.linspace(0.0, 0.95, 400)  # risk texts: a spread of P(none)
    lowerable = [True] * 500
    settings = TrainSettings(lower_budget=0.0025)  # at most one of the 400 risk texts
    threshold = choose_everyday_threshold(probs, labels, lowerable, settings)
    lost = int(np.sum((labels == 2) & (probs[:, 0] >= threshold)))
    assert lost <= 1
    assert int(np.sum((labels == 2) & (probs[:, 0] >= round(threshold - 0.01, 2)))) > 1
    assert combine("high", "none", lowered=True) == "concern"
    assert combine("immediate", "none", lowered=True) == "immediate"
    # A model immediate raises every lexicon decision below it, a lowerable high too.
    for lexicon_severity in ("none", "concern", "high"):
        assert combine(lexicon_severity, "immediate") == "immediate"
        assert combine(lexicon_severity, "immediate", lowered=True) == "immediate"
    assert combine("high", "high") == combine("high", "concern") == "high"


def test_the_everyday_threshold_is_kept_in_the_model_file() -> None:
    model = load_model()
    data = json.loads(dumps(model))
    data["thresholds"]["everyday"] = 0.93
    assert parse_model(data).everyday_threshold == 0.93
    del data["thresholds"]["everyday"]
    assert parse_model(data).everyday_threshold is None
    data["thresholds"]["everyday"] = 1.5
    with pytest.raises(ValueError, match=r"thresholds\.everyday"):
        parse_model(data)
