"""Checks shared by the lexicon-kind tests: positives the lexicon itself must catch, everyday contrasts it
must not raise, and strict xfails for known gaps."""

from __future__ import annotations

import csv
from collections.abc import Mapping
from pathlib import Path

import pytest

import safeguarding
from safeguarding import SEVERITY_ORDER, Severity


def gap(reason: str) -> pytest.MarkDecorator:
    """A known gap, written down: the test fails today and must keep failing until the gap is closed."""
    return pytest.mark.xfail(strict=True, reason=reason)


def known_gap(*values: object, id: str, reason: str) -> object:
    """One parametrised case that is a known gap (a strict xfail with its reason)."""
    return pytest.param(*values, id=id, marks=gap(reason))


def lexicon_matches(found: safeguarding.Assessment) -> list[safeguarding.Match]:
    """The lexicon's own hits that counted: not the learned model's (``model.*``, or a cue raising its hit,
    which carries the category ``model``), and not a hit set aside by an exception or a benign rule (severity
    none)."""
    return [
        m
        for m in found.matches
        if not m.entry_id.startswith("model") and m.category != "model" and m.severity != "none"
    ]


def check_positive(text: str, expected: set[str], categories: set[str]) -> None:
    found = safeguarding.screen(text)
    assert found.severity in expected, (text, found.severity, [m.entry_id for m in found.matches])
    own = lexicon_matches(found)
    assert own, (text, "no lexicon match", [m.entry_id for m in found.matches])
    assert any(m.category in categories for m in own), (text, [(m.category, m.entry_id) for m in own])


def check_risk_twin(found: safeguarding.Assessment, text: str, severity: Severity, category: str) -> None:
    """A risk twin of an everyday kind keeps at least its severity and its category."""
    assert SEVERITY_ORDER[found.severity] >= SEVERITY_ORDER[severity], (text, found.to_audit())
    assert category in found.categories, (text, found.to_audit())


def check_contrast(text: str, ceiling: Severity) -> None:
    found = safeguarding.screen(text)
    assert SEVERITY_ORDER[found.severity] <= SEVERITY_ORDER[ceiling], (
        text,
        found.severity,
        [m.entry_id for m in found.matches],
    )


def read_review_probes(path: Path) -> list[tuple[str, str, str]]:
    """An adversarial review's probes: (text, label, kind) rows of a tab-separated file (any further column,
    such as an English gloss, is for reviewers)."""
    with path.open(encoding="utf-8", newline="") as handle:
        return [(text, label, kind) for text, label, kind, *_notes in csv.reader(handle, delimiter="\t")]


def review_cases(
    path: Path,
    pre_existing: frozenset[str],
    worse_alone: frozenset[str] = frozenset(),
    known: Mapping[str, str] | None = None,
) -> list[object]:
    """One parametrised (text, label) case per probe; the probes wrong before the change and after it,
    those the change leaves worse at the lexicon alone while the whole screen flags them (``worse_alone``,
    named in the test module), and any other known gap with its reason (``known``) are strict xfails, so
    that fixing one shows."""
    known = known or {}
    rows = read_review_probes(path)
    missing = (pre_existing | worse_alone | set(known)) - {text for text, _, _ in rows}
    assert not missing, f"not in {path.name}: {sorted(missing)}"
    cases: list[object] = []
    for number, (text, label, kind) in enumerate(rows, start=1):
        case_id = f"{number:03d}-{kind}"
        if text in pre_existing:
            cases.append(
                known_gap(text, label, id=case_id, reason="pre-existing: wrong before the change and after")
            )
        elif text in worse_alone:
            reason = "worse at the lexicon alone since the change; the whole screen flags it"
            cases.append(known_gap(text, label, id=case_id, reason=reason))
        elif text in known:
            cases.append(known_gap(text, label, id=case_id, reason=known[text]))
        else:
            cases.append(pytest.param(text, label, id=case_id))
    return cases


def check_review_probe(found: safeguarding.Assessment, text: str, label: str) -> None:
    """The correct outcome for a review probe: ``none`` stays ``none``; ``concern`` is at least a concern;
    ``high`` and ``immediate`` are flagged."""
    if label == "none":
        assert found.severity == "none", (text, found.to_audit())
    else:
        floor: Severity = "concern" if label == "concern" else "high"
        assert SEVERITY_ORDER[found.severity] >= SEVERITY_ORDER[floor], (text, label, found.to_audit())
