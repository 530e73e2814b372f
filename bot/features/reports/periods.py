"""Report periods: an ISO week, a calendar month or a from/to range of local dates.

A period is whole local days in the service's time zone (Europe/London by default): it starts at local
midnight of its first day and ends at local midnight after its last day. Events are counted when their
time falls in ``[start, end)``; stored times are UTC and are compared with these bounds converted to UTC.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo

MAX_DAYS = 400
_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


class PeriodError(ValueError):
    """A period that cannot be read (the message says what is wrong)."""


@dataclass(frozen=True)
class Period:
    """Local days ``first`` to ``last`` (inclusive) in ``zone``; ``label`` for people, ``key`` for files."""

    first: dt.date
    last: dt.date
    zone: str
    label: str
    key: str

    @property
    def start(self) -> dt.datetime:
        """Local midnight starting the first day, in UTC."""
        return dt.datetime.combine(self.first, dt.time(), tzinfo=ZoneInfo(self.zone)).astimezone(dt.UTC)

    @property
    def end(self) -> dt.datetime:
        """Local midnight after the last day, in UTC (exclusive)."""
        day = self.last + dt.timedelta(days=1)
        return dt.datetime.combine(day, dt.time(), tzinfo=ZoneInfo(self.zone)).astimezone(dt.UTC)

    def holds(self, when: dt.datetime | None) -> bool:
        return when is not None and self.start <= when < self.end


def week(text: str, zone: str) -> Period:
    """An ISO week, ``2026-W48``: Monday to Sunday."""
    found = _WEEK.match(text.strip())
    if not found:
        raise PeriodError(f"a week looks like 2026-W48 (got {text!r})")
    try:
        first = dt.date.fromisocalendar(int(found[1]), int(found[2]), 1)
    except ValueError as exc:
        raise PeriodError(f"no such week: {text}") from exc
    last = first + dt.timedelta(days=6)
    label = f"Week {found[2]} of {found[1]} ({first:%d %b} to {last:%d %b %Y})"
    return Period(first, last, zone, label, f"{found[1]}-W{found[2]}")


def month(text: str, zone: str) -> Period:
    """A calendar month, ``2026-11``."""
    found = _MONTH.match(text.strip())
    if not found or not 1 <= int(found[2]) <= 12:
        raise PeriodError(f"a month looks like 2026-11 (got {text!r})")
    first = dt.date(int(found[1]), int(found[2]), 1)
    following = dt.date(first.year + first.month // 12, first.month % 12 + 1, 1)
    return Period(first, following - dt.timedelta(days=1), zone, f"{first:%B %Y}", f"{first:%Y-%m}")


def between(first_text: str, last_text: str, zone: str) -> Period:
    """Local days from ``first`` to ``last``, both included (YYYY-MM-DD)."""
    try:
        first, last = dt.date.fromisoformat(first_text.strip()), dt.date.fromisoformat(last_text.strip())
    except ValueError as exc:
        raise PeriodError("dates look like 2026-11-02") from exc
    if last < first:
        raise PeriodError("the end date is before the start date")
    if (last - first).days >= MAX_DAYS:
        raise PeriodError(f"a report covers at most {MAX_DAYS} days")
    label = f"{first:%d %b %Y} to {last:%d %b %Y}"
    return Period(first, last, zone, label, f"{first:%Y-%m-%d}_{last:%Y-%m-%d}")


def last_month(now: dt.datetime, zone: str) -> Period:
    """The calendar month before the one holding `now` (local)."""
    today = now.astimezone(ZoneInfo(zone)).date()
    previous = today.replace(day=1) - dt.timedelta(days=1)
    return month(f"{previous:%Y-%m}", zone)


def this_month(now: dt.datetime, zone: str) -> Period:
    today = now.astimezone(ZoneInfo(zone)).date()
    return month(f"{today:%Y-%m}", zone)


def parse(
    zone: str,
    *,
    week_text: str | None = None,
    month_text: str | None = None,
    first: str | None = None,
    last: str | None = None,
) -> Period | None:
    """The one period given, or None if none was; PeriodError if more than one or a bad one."""
    given = [x for x in (week_text, month_text, first or last) if x]
    if len(given) > 1:
        raise PeriodError("give one of: a week, a month, or from and to dates")
    if week_text:
        return week(week_text, zone)
    if month_text:
        return month(month_text, zone)
    if first or last:
        if not (first and last):
            raise PeriodError("give both a from date and a to date")
        return between(first, last, zone)
    return None
