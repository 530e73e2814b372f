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


def suppress_figures(figures: list[Figure], force: frozenset[str] = frozenset()) -> list[Figure]:
    """The figures of one scope with the three rules applied (keys must be unique within the scope);
    the counts in `force` are hidden too (see :func:`suppress_report`)."""
    hidden = {f.key for f in figures if f.kind == "count" and f.about_people and small(f.value)} | force
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


def suppress(scope: Scope, force: frozenset[str] = frozenset()) -> Scope:
    """`scope` as a school lead or a commissioner may see it."""
    flat = suppress_figures([f for s in scope.sections for f in s.figures], force)
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


def _hidden(scope: Scope) -> set[str]:
    return {f.key for s in scope.sections for f in s.figures if f.kind == "count" and f.suppressed}


def suppress_report(overall: Scope, schools: list[Scope]) -> tuple[Scope, list[Scope]]:
    """Suppress every scope, then close the gap between them: the overall figure is the sum of the
    schools' (and of people with no school), so one school's hidden count could be worked out from the
    overall and the other schools. Rule 2 is applied across scopes too (for each count, the smallest
    other school's is hidden, or the overall's), and each school's "people texting" matches the line for it
    in the overall's reach section. Repeated until nothing changes."""
    force: dict[int | None, set[str]] = {None: set(), **{s.school_id: set() for s in schools}}
    plain_overall, plain_schools = overall, schools
    for _ in range(10):
        overall = suppress(plain_overall, frozenset(force[None]))
        schools = [suppress(s, frozenset(force[s.school_id])) for s in plain_schools]
        before = sum(len(v) for v in force.values())
        top = overall.figures()
        for key, total in top.items():
            if total.kind != "count" or key.startswith("reach."):
                continue
            members = [s for s in schools if key in s.figures()]
            inside = [s for s in members if s.figures()[key].suppressed]
            if len(inside) != 1 or total.suppressed:
                continue
            others = sorted(
                (s for s in members if not s.figures()[key].suppressed and (s.figures()[key].value or 0) > 0),
                key=lambda s: s.figures()[key].value or 0,
            )
            if others:
                force[others[0].school_id].add(key)
            else:
                force[None].add(key)
        hidden_top = _hidden(overall)
        for s in schools:
            line = f"reach.school_{s.school_id}"
            if line in top and "contacts.people" in _hidden(s):
                force[None].add(line)
            if line in hidden_top:
                force[s.school_id].add("contacts.people")
        if sum(len(v) for v in force.values()) == before:
            return overall, schools
    return overall, schools
