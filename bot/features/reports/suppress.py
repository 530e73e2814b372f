"""Small-number suppression: counts from 1 to 4 are shown as "<5", and anything that would give one away
is hidden too.

Three rules, applied in order to one scope's figures:

1. A count of people or events from 1 to 4 is suppressed. Zero is shown (it identifies nobody), and so
   are counts of schools.
2. In a breakdown (members adding up to a shown total), one suppressed member could be worked out as the
   total minus the others; so the smallest other non-zero member is suppressed as well, or, if there is
   none, the total. A count hidden this way shows as "hidden" (it is 5 or more, so "<5" would be untrue).
3. A derived figure (percentage, time, score change) is hidden when any count it comes from is suppressed
   or is from 1 to 4, and a percentage also when its denominator minus its numerator is from 1 to 4
   ("95% of 20" would say that 1 did not).
"""

from __future__ import annotations

from dataclasses import replace

from bot.features.reports.figures import Figure, Scope, Section

THRESHOLD = 5
SHOWN_AS = "<5"
HIDDEN_AS = "hidden"
"""A count of 5 or more hidden by rule 2 (saying "<5" would be untrue)."""


def small(value: float | None) -> bool:
    return value is not None and 0 < value < THRESHOLD


def suppress_figures(figures: list[Figure]) -> list[Figure]:
    """The figures of one scope with the three rules applied (keys must be unique within the scope)."""
    hidden = {f.key for f in figures if f.kind == "count" and f.about_people and small(f.value)}
    values = {f.key: f.value for f in figures}
    groups: dict[str, list[Figure]] = {}
    for f in figures:
        if f.group is not None and f.kind == "count":
            groups.setdefault(f.group, []).append(f)
    for total, members in groups.items():
        inside = [m for m in members if m.key in hidden]
        if len(inside) != 1 or total in hidden:
            continue
        others = sorted(
            (m for m in members if m.key not in hidden and (m.value or 0) > 0), key=lambda m: m.value or 0
        )
        hidden.add(others[0].key if others else total)
    out = []
    for f in figures:
        if f.kind == "count":
            out.append(replace(f, suppressed=f.key in hidden))
            continue
        gone = any(k in hidden or small(values.get(k)) for k in f.base)
        if f.ratio is not None:
            num, den = (values.get(k) or 0 for k in f.ratio)
            gone = gone or small(den - num)
        out.append(replace(f, suppressed=gone))
    return out


def suppress(scope: Scope) -> Scope:
    """`scope` as a school lead or a commissioner may see it."""
    flat = suppress_figures([f for s in scope.sections for f in s.figures])
    by_key = {f.key: f for f in flat}
    sections = [Section(s.title, tuple(by_key[f.key] for f in s.figures), s.notes) for s in scope.sections]
    return scope.with_sections(sections, suppressed=True)


def display(f: Figure) -> str:
    """A figure as text: "12", "<5", "hidden", "38%", "1 h 05 min", "+1.5", "suppressed" or "none"."""
    if f.kind == "count":
        if f.suppressed:
            return SHOWN_AS if small(f.value) else HIDDEN_AS
        return str(int(f.value or 0))
    if f.suppressed:
        return "suppressed"
    if f.value is None:
        return "none"
    if f.kind == "percent":
        return f"{f.value:.0f}%"
    if f.kind == "minutes":
        return _minutes(f.value)
    return f"{f.value:+.1f}"


def _minutes(value: float) -> str:
    whole = round(value)
    if whole < 60:
        return f"{whole} min"
    hours, mins = divmod(whole, 60)
    if hours < 24:
        return f"{hours} h {mins:02d} min"
    days, hours = divmod(hours, 24)
    return f"{days} day{'s' if days != 1 else ''} {hours} h"
