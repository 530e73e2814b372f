"""Measure screening against a labelled CSV (``text,severity[,category]``).

Reports recall of flagged messages (high or immediate), recall of immediate, concern recall,
the false-positive rate on messages labelled ``none``, per-category recall, a confusion table
and the misses.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from safeguarding.assessment import SEVERITIES, SEVERITY_ORDER, Assessment, Severity

Screen = Callable[[str], Assessment]


class EvalFileError(ValueError):
    """A bad evaluation file; the message names ``file:line``."""


@dataclass(frozen=True)
class Case:
    """One labelled message."""

    line: int
    text: str
    severity: Severity
    category: str


@dataclass(frozen=True)
class Outcome:
    """One labelled message and what screening said."""

    case: Case
    severity: Severity
    categories: tuple[str, ...]


def _ratio(hits: int, total: int) -> float | None:
    return hits / total if total else None


@dataclass
class EvalReport:
    """Figures for one evaluation run."""

    source: str
    outcomes: list[Outcome] = field(default_factory=list)

    def _select(self, expected: Iterable[Severity]) -> list[Outcome]:
        wanted = set(expected)
        return [o for o in self.outcomes if o.case.severity in wanted]

    @property
    def flagged_recall(self) -> float | None:
        """Share of high/immediate messages screened as high or immediate."""
        rows = self._select(("high", "immediate"))
        return _ratio(sum(SEVERITY_ORDER[o.severity] >= 2 for o in rows), len(rows))

    @property
    def immediate_recall(self) -> float | None:
        """Share of immediate messages screened as immediate."""
        rows = self._select(("immediate",))
        return _ratio(sum(o.severity == "immediate" for o in rows), len(rows))

    @property
    def immediate_flagged_recall(self) -> float | None:
        """Share of immediate messages screened as high or immediate (a crisis reply and an alert)."""
        rows = self._select(("immediate",))
        return _ratio(sum(SEVERITY_ORDER[o.severity] >= 2 for o in rows), len(rows))

    @property
    def concern_recall(self) -> float | None:
        """Share of concern messages screened as concern or above."""
        rows = self._select(("concern",))
        return _ratio(sum(o.severity != "none" for o in rows), len(rows))

    @property
    def false_positive_rate(self) -> float | None:
        """Share of ``none`` messages screened as anything other than none."""
        rows = self._select(("none",))
        return _ratio(sum(o.severity != "none" for o in rows), len(rows))

    @property
    def flagged_false_positive_rate(self) -> float | None:
        """Share of ``none`` messages screened as high or immediate."""
        rows = self._select(("none",))
        return _ratio(sum(SEVERITY_ORDER[o.severity] >= 2 for o in rows), len(rows))

    def category_recall(self) -> dict[str, dict[str, float | int]]:
        """Per labelled category: how many, and the share whose category was found at the right level.

        A case counts when screening named the category and reached at least ``concern`` (for
        concern labels) or ``high`` (for high and immediate labels).
        """
        table: dict[str, list[bool]] = {}
        for o in self.outcomes:
            if not o.case.category or o.case.severity == "none":
                continue
            floor = min(SEVERITY_ORDER[o.case.severity], SEVERITY_ORDER["high"])
            ok = o.case.category in o.categories and SEVERITY_ORDER[o.severity] >= floor
            table.setdefault(o.case.category, []).append(ok)
        return {name: {"n": len(v), "recall": sum(v) / len(v)} for name, v in sorted(table.items())}

    def confusion(self) -> dict[str, dict[str, int]]:
        """Counts of expected severity (rows) by screened severity (columns)."""
        table: dict[str, dict[str, int]] = {row: dict.fromkeys(SEVERITIES, 0) for row in SEVERITIES}
        for o in self.outcomes:
            table[o.case.severity][o.severity] += 1
        return table

    def misses(self) -> list[Outcome]:
        """Cases screened differently from their label, or whose category was not found."""
        out = []
        for o in self.outcomes:
            wrong_category = (
                bool(o.case.category) and o.case.severity != "none" and (o.case.category not in o.categories)
            )
            if o.severity != o.case.severity or wrong_category:
                out.append(o)
        return out

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe form of every figure, plus the misses."""
        return {
            "source": self.source,
            "cases": len(self.outcomes),
            "flagged_recall": self.flagged_recall,
            "immediate_recall": self.immediate_recall,
            "immediate_flagged_recall": self.immediate_flagged_recall,
            "concern_recall": self.concern_recall,
            "false_positive_rate": self.false_positive_rate,
            "flagged_false_positive_rate": self.flagged_false_positive_rate,
            "category_recall": self.category_recall(),
            "confusion": self.confusion(),
            "misses": [
                {
                    "line": o.case.line,
                    "text": o.case.text,
                    "expected": o.case.severity,
                    "expected_category": o.case.category,
                    "got": o.severity,
                    "categories": list(o.categories),
                }
                for o in self.misses()
            ],
        }

    def format_text(self) -> str:
        """A plain-text report for the terminal."""

        def pct(value: float | None) -> str:
            return "n/a" if value is None else f"{value:.3f}"

        lines = [
            f"Safeguarding evaluation: {self.source} ({len(self.outcomes)} cases)",
            f"  flagged recall (high+immediate): {pct(self.flagged_recall)}",
            f"  immediate recall:                {pct(self.immediate_recall)}",
            f"  immediate flagged (high+imm):    {pct(self.immediate_flagged_recall)}",
            f"  concern recall:                  {pct(self.concern_recall)}",
            f"  false-positive rate on none:     {pct(self.false_positive_rate)}",
            f"  flagged rate on none:            {pct(self.flagged_false_positive_rate)}",
            "",
            "Per-category recall:",
        ]
        for name, figures in self.category_recall().items():
            lines.append(f"  {name:<16} {figures['recall']:.3f}  (n={figures['n']})")
        lines += ["", "Confusion (rows expected, columns screened):"]
        lines.append("  " + " " * 10 + "".join(f"{c:>10}" for c in SEVERITIES))
        for row, counts in self.confusion().items():
            lines.append(f"  {row:<10}" + "".join(f"{counts[c]:>10}" for c in SEVERITIES))
        misses = self.misses()
        lines += ["", f"Misses ({len(misses)}):"]
        for o in misses:
            got = ",".join(o.categories) or "-"
            lines.append(
                f"  line {o.case.line}: expected {o.case.severity}/{o.case.category or '-'}"
                f" got {o.severity}/{got}: {o.case.text}"
            )
        return "\n".join(lines)


def read_cases(path: Path) -> list[Case]:
    """Read and check a labelled CSV. Raises :class:`EvalFileError` naming ``file:line``."""
    try:
        handle = path.open(newline="", encoding="utf-8")
    except OSError as exc:
        raise EvalFileError(f"{path}: cannot open: {exc.strerror}") from exc
    with handle:
        reader = csv.reader(handle)
        header = next(reader, None)
        if header is None or [h.strip().lower() for h in header[:2]] != ["text", "severity"]:
            raise EvalFileError(f"{path}:1: header must be text,severity[,category]")
        cases: list[Case] = []
        for row in reader:
            line = reader.line_num
            if not row or not any(cell.strip() for cell in row):
                continue
            if len(row) < 2:  # more columns are fine: the feedback export adds `source`
                raise EvalFileError(f"{path}:{line}: expected 2 or more columns, found {len(row)}")
            text, severity = row[0], row[1].strip().lower()
            if not text.strip():
                raise EvalFileError(f"{path}:{line}: empty text")
            found = next((s for s in SEVERITIES if s == severity), None)
            if found is None:
                raise EvalFileError(
                    f"{path}:{line}: severity {row[1]!r} is not one of {', '.join(SEVERITIES)}"
                )
            category = row[2].strip() if len(row) >= 3 else ""
            cases.append(Case(line, text, found, category))
    if not cases:
        raise EvalFileError(f"{path}: no cases")
    return cases


def evaluate_cases(cases: Sequence[Case], screen: Screen, source: str = "") -> EvalReport:
    """Screen every case and collect the outcomes."""
    report = EvalReport(source=source)
    for case in cases:
        found = screen(case.text)
        report.outcomes.append(Outcome(case, found.severity, tuple(found.categories)))
    return report


def evaluate_csv(path: Path, screen: Screen | None = None) -> EvalReport:
    """Evaluate ``screen`` (default: :func:`safeguarding.screen`) on the labelled CSV at ``path``."""
    if screen is None:
        from safeguarding.screening import screen as default_screen

        screen = default_screen
    return evaluate_cases(read_cases(path), screen, source=str(path))
