"""The team's calendar, pure: bank holidays from the ``holidays`` library, closed dates, school terms.

No hand-typed list of bank holidays: :func:`bank_holiday` asks ``holidays`` (the UK subdivisions
``ENG`` for England and Wales, ``SCT``, ``NIR``). :class:`ServiceInfo <flows.context.ServiceInfo>` uses it
for office days, so every reply that says when the team reads texts again skips bank holidays as well as
``office_hours.closed_dates``. :class:`TermDates` holds one school's terms (from ``waymark schools terms
import`` or config) for "is it term time" questions and term-time services.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

import holidays

REGIONS: dict[str, str | None] = {
    "england-and-wales": "ENG",
    "scotland": "SCT",
    "northern-ireland": "NIR",
    "none": None,
}
"""Config names (``office_hours.bank_holidays``) to ``holidays`` UK subdivisions."""

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


@lru_cache(maxsize=256)
def _year(subdiv: str, year: int) -> dict[dt.date, str]:
    found = holidays.country_holidays("GB", subdiv=subdiv, years=year)
    return {day: str(name) for day, name in found.items()}


def bank_holiday(day: dt.date, region: str | None) -> str | None:
    """The bank holiday's name on `day` in `region` (a key of :data:`REGIONS`), or None."""
    subdiv = REGIONS.get(region or "none")
    if subdiv is None:
        return None
    return _year(subdiv, day.year).get(day)


def bank_holidays_between(start: dt.date, end: dt.date, region: str | None) -> dict[dt.date, str]:
    """Every bank holiday from `start` to `end` inclusive."""
    subdiv = REGIONS.get(region or "none")
    if subdiv is None:
        return {}
    out: dict[dt.date, str] = {}
    for year in range(start.year, end.year + 1):
        out.update({d: n for d, n in _year(subdiv, year).items() if start <= d <= end})
    return out


def clock_text(t: dt.time) -> str:
    """9:00 -> '9am', 17:30 -> '5.30pm', 12:00 -> '12pm'."""
    suffix = "am" if t.hour < 12 else "pm"
    hour = t.hour % 12 or 12
    return f"{hour}{suffix}" if t.minute == 0 else f"{hour}.{t.minute:02d}{suffix}"


def day_text(day: dt.date) -> str:
    """'Tue 29 Dec'."""
    return f"{DAYS[day.weekday()]} {day.day} {MONTHS[day.month - 1]}"


@dataclass(frozen=True)
class Term:
    """One school term (or half term), first and last day inclusive."""

    name: str
    start: dt.date
    end: dt.date


@dataclass(frozen=True)
class TermDates:
    """A school's terms. Days outside every term are holidays for that school."""

    terms: tuple[Term, ...] = ()

    def known(self, day: dt.date) -> bool:
        """True when `day` falls between the first term's start and the last term's end."""
        if not self.terms:
            return False
        return min(t.start for t in self.terms) <= day <= max(t.end for t in self.terms)

    def in_term(self, day: dt.date) -> bool:
        return any(t.start <= day <= t.end for t in self.terms)

    def next_term_start(self, day: dt.date) -> dt.date | None:
        starts = [t.start for t in self.terms if t.start > day]
        return min(starts) if starts else None

    def term_end(self, day: dt.date) -> dt.date | None:
        """The last day of the term `day` is in, or None in the holidays."""
        ends = [t.end for t in self.terms if t.start <= day <= t.end]
        return max(ends) if ends else None


def merge_terms(terms: Iterable[Term]) -> TermDates:
    """Terms sorted by start."""
    return TermDates(tuple(sorted(terms, key=lambda t: (t.start, t.end))))
