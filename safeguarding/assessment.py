"""The result of screening one message: severity, categories and the matches that explain them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal, get_args

Severity = Literal["none", "concern", "high", "immediate"]

#: Severity names in rising order; compare with ``SEVERITY_ORDER[a] < SEVERITY_ORDER[b]``.
SEVERITIES: tuple[Severity, ...] = get_args(Severity)
SEVERITY_ORDER: dict[Severity, int] = {name: rank for rank, name in enumerate(SEVERITIES)}

#: Category used when screening itself failed and the message is treated as flagged.
UNSCREENED = "unscreened"


def max_severity(*levels: Severity) -> Severity:
    """Return the most serious of ``levels`` (``"none"`` when given nothing)."""
    best: Severity = "none"
    for level in levels:
        if SEVERITY_ORDER[level] > SEVERITY_ORDER[best]:
            best = level
    return best


def is_severity(value: str) -> bool:
    """Tell whether ``value`` is one of the four severity names."""
    return value in SEVERITY_ORDER


@dataclass(frozen=True)
class Match:
    """One lexicon hit (or rule) that contributed to an assessment.

    ``matched`` is the normalised text span that matched; it is kept short and is meant for the
    audit trail that clinicians read, never for logs.
    """

    category: str
    severity: Severity
    entry_id: str
    matched: str
    kind: str = "phrase"
    note: str = ""

    def to_audit(self) -> dict[str, str]:
        """Return a JSON-safe description of this match."""
        data = {
            "category": self.category,
            "severity": self.severity,
            "entry_id": self.entry_id,
            "matched": self.matched,
            "kind": self.kind,
        }
        if self.note:
            data["note"] = self.note
        return data


@dataclass(frozen=True)
class Assessment:
    """The outcome of :func:`safeguarding.screen` for one message."""

    severity: Severity
    categories: list[str] = field(default_factory=list)
    matches: list[Match] = field(default_factory=list)
    lexicon_version: str = ""
    error: str = ""
    #: The learned screen's P(flagged) = P(high) + P(immediate) for this text, when it ran (None: it did not
    #: run or abstained). Kept for the second look's band check; not part of the audit trail, and not
    #: compared: two assessments with the same decision are equal whatever the model's probability.
    model_flagged: float | None = field(default=None, compare=False)

    @property
    def flagged(self) -> bool:
        """True when the message needs a clinician now (severity ``high`` or ``immediate``)."""
        return SEVERITY_ORDER[self.severity] >= SEVERITY_ORDER["high"]

    def to_audit(self) -> dict[str, Any]:
        """Return a JSON-safe explanation for the audit trail (no message text beyond the matched spans)."""
        data: dict[str, Any] = {
            "severity": self.severity,
            "flagged": self.flagged,
            "categories": list(self.categories),
            "matches": [m.to_audit() for m in self.matches],
        }
        if self.lexicon_version:
            data["lexicon_version"] = self.lexicon_version
        if self.error:
            data["error"] = self.error
        return data

    @classmethod
    def unscreened(cls, error: str) -> Assessment:
        """Build the fail-closed result used when screening could not run."""
        match = Match(
            category=UNSCREENED,
            severity="high",
            entry_id="unscreened",
            matched="",
            kind="failure",
            note="screening failed; treated as high",
        )
        return cls(severity="high", categories=[UNSCREENED], matches=[match], error=error)
