"""Golden tests: every example written in the lexicon files is a test case."""

from __future__ import annotations

import pytest

from safeguarding.examples import example_failures
from safeguarding.lexicon import Lexicon
from safeguarding.screening import Screener, load_lexicon

_LEXICON = load_lexicon(check_examples=False)
_ENTRY_CASES = [(e.id, ex, e.severity) for e in _LEXICON.entries for ex in e.examples]
_BENIGN_CASES = [(r.id, ex) for r in _LEXICON.benign for ex in r.examples]
_CUE_CASES = [(c.id, ex) for c in _LEXICON.cues for ex in c.examples]


@pytest.mark.parametrize(("entry_id", "example", "severity"), _ENTRY_CASES)
def test_entry_example_matches_its_entry(screener, entry_id: str, example: str, severity: str) -> None:
    found = screener.screen(example)
    hits = [m for m in found.matches if m.entry_id == entry_id and m.kind == "phrase"]
    assert hits, f"{example!r} did not hit {entry_id}: {found.to_audit()}"
    assert hits[0].severity == severity


@pytest.mark.parametrize(("rule_id", "example"), _BENIGN_CASES)
def test_benign_example_is_not_flagged(screener, rule_id: str, example: str) -> None:
    assert screener.screen(example).severity == "none", rule_id


@pytest.mark.parametrize(("cue_id", "example"), _CUE_CASES)
def test_cue_example_is_raised_to_immediate(screener, cue_id: str, example: str) -> None:
    found = screener.screen(example)
    assert found.severity == "immediate"
    assert any(m.entry_id == cue_id and m.kind == "immediacy" for m in found.matches)


def test_every_category_from_the_brief_has_a_file(lexicon: Lexicon) -> None:
    expected = {
        "suicide",
        "self_harm",
        "abuse",
        "exploitation",
        "violence",
        "eating",
        "substances",
        "bullying",
        "fgm",
        "forced_marriage",
        "radicalisation",
        "low_mood",
        "anxiety",
        "family",
    }
    assert expected <= set(lexicon.categories)


def test_the_packaged_lexicon_passes_its_own_checks(lexicon: Lexicon) -> None:
    assert example_failures(lexicon, Screener(lexicon)) == []
    assert len(lexicon.version) == 12
