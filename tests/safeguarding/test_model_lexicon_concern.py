"""The lower P(flagged) bar on texts the lexicon calls ``concern`` (screen-v5): chosen within the everyday
budget, applied only to lexicon concerns, recorded in the model file and config.yml."""

from __future__ import annotations

import json
from dataclasses import replace

import numpy as np
import pytest

from safeguarding.assessment import Severity
from safeguarding.classifier import Classifier
from safeguarding.lexicon import Lexicon
from safeguarding.model_file import dumps, load_model, parse_model
from safeguarding.round_thresholds import choose_lexicon_concern, combined_flags
from safeguarding.screening import ModelSettings, Screener, build_classifier
from safeguarding.training import model_severities, raised_on_concern


def _probs(flagged: list[float]) -> np.ndarray:
    """Rows with P(high) = P(flagged), the rest P(none)."""
    return np.array([[1.0 - f, 0.0, f, 0.0] for f in flagged])


def test_the_bar_is_the_lowest_that_keeps_the_everyday_budget() -> None:
    # 100 everyday texts: two lexicon concerns at P(flagged) 0.62 and 0.45, one plain text at 0.70.
    lexicon = ["concern", "concern"] + ["none"] * 98
    flagged = [0.62, 0.45, 0.70] + [0.01] * 97
    everyday = (lexicon, [False] * 100, _probs(flagged))
    # With high 0.80 nothing is flagged; a 1% budget lets one lexicon concern through, so the bar sits just
    # above the other one (0.46: the 0.62 text is flagged, the 0.45 text is not).
    assert choose_lexicon_concern(everyday, (0.80, 0.60, None), 0.01) == 0.46
    # With no budget to spare the bar must stay above both; 0.63 is the lowest on the grid.
    assert choose_lexicon_concern(everyday, (0.80, 0.60, None), 0.0) == 0.63
    # A plain text's P(flagged) of 0.70 does not count: the bar applies to lexicon concerns only.
    flags, _ = combined_flags(lexicon, [False] * 100, _probs(flagged), 0.80, 0.60, None, 0.30)
    assert flags[:3].tolist() == [True, True, False]


def test_no_bar_when_nothing_below_high_keeps_the_budget() -> None:
    everyday = (["concern"], [False], _probs([0.95]))
    assert choose_lexicon_concern(everyday, (0.90, 0.50, None), 0.0) is None
    # ... nor when high is already the lowest threshold on the grid.
    assert choose_lexicon_concern((["none"], [False], _probs([0.1])), (0.30, 0.30, None), 0.5) is None


def test_training_figures_apply_the_bar_as_the_screen_does() -> None:
    row = np.array([0.3, 0.2, 0.4, 0.1])  # P(flagged) 0.5
    assert raised_on_concern("concern", "concern", row, 0.5) == "high"
    assert raised_on_concern("concern", "none", row, 0.51) == "none"
    assert raised_on_concern("none", "concern", row, 0.1) == "concern"  # a lexicon none is not raised
    assert raised_on_concern("concern", "immediate", row, 0.1) == "immediate"  # never lowered
    assert raised_on_concern("concern", "concern", row, None) == "concern"
    # Flagged by the lower bar, it is graded by P(immediate) (0.1) as the screen grades it.
    assert raised_on_concern("concern", "concern", row, 0.5, 0.1) == "immediate"
    assert raised_on_concern("concern", "concern", row, 0.5, 0.11) == "high"
    assert raised_on_concern("concern", "none", row, 0.51, 0.1) == "none"  # not flagged: not graded


def test_training_figures_grade_immediate_only_on_a_flagged_text() -> None:
    probs = np.array(
        [
            [0.05, 0.0, 0.05, 0.9],  # P(flagged) 0.95: flagged and graded
            [0.15, 0.0, 0.0, 0.85],  # P(flagged) 0.85: below the bar, not flagged by the model
            [0.15, 0.0, 0.0, 0.85],  # the same, but the lexicon flagged it
            [0.7, 0.0, 0.1, 0.2],
        ]
    )
    assert model_severities(probs, 0.9, 0.5, 0.8) == ["immediate", "concern", "concern", "none"]
    lexicon: list[Severity] = ["none", "none", "high", "high"]
    assert model_severities(probs, 0.9, 0.5, 0.8, lexicon) == ["immediate", "concern", "immediate", "none"]


def test_the_screen_raises_a_lexicon_concern_at_the_lower_bar_only(lexicon: Lexicon) -> None:
    base = Screener(lexicon).screen("im being bullied at school")
    assert base.severity == "concern"
    model = replace(load_model(), lexicon_concern_threshold=None)
    shy = Screener(lexicon, Classifier(model, 0.999999, 0.999999))
    assert shy.screen("im being bullied at school").severity == "concern"
    eager_on_concern = Screener(
        lexicon, Classifier(replace(model, lexicon_concern_threshold=0.000001), 0.999999, 0.999999)
    )
    found = eager_on_concern.screen("im being bullied at school")
    assert found.severity == "high"
    hit = [m for m in found.matches if m.kind == "model"]
    assert len(hit) == 1 and hit[0].severity == "high"
    assert "(on a lexicon concern 0.00)" in hit[0].note and "top features:" in hit[0].note
    # A text the lexicon calls none is judged by the usual thresholds.
    assert eager_on_concern.screen("what time is my appointment").severity == "none"


def test_the_bar_is_kept_in_the_model_file_and_config_overrides_it() -> None:
    data = json.loads(dumps(load_model()))
    data["thresholds"]["lexicon_concern"] = 0.55
    assert parse_model(data).lexicon_concern_threshold == 0.55
    del data["thresholds"]["lexicon_concern"]
    assert parse_model(data).lexicon_concern_threshold is None
    data["thresholds"]["lexicon_concern"] = 0
    with pytest.raises(ValueError, match=r"thresholds\.lexicon_concern"):
        parse_model(data)
    classifier = build_classifier(ModelSettings(lexicon_concern_threshold=0.42))
    assert classifier is not None and classifier.model.lexicon_concern_threshold == 0.42
    packaged = build_classifier(ModelSettings())
    assert packaged is not None
    assert packaged.model.lexicon_concern_threshold == load_model().lexicon_concern_threshold
