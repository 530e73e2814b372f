"""The duty rota: who is alerted about an escalation at a given moment.

A weekly pattern of shifts (days, start, end, primary, backup), dated overrides that replace the weekly
shifts for that date, optional on-call entries for out of hours, and a service manager. On a closed date
(``office_hours.closed_dates``: bank holidays, the Christmas closure) the weekly shifts do not run; that
date's overrides and on-call entries still do. Times are local
(the rota's time zone); a shift whose end is not after its start runs past midnight. Pure data and pure
functions: the shell builds a :class:`Rota` from ``config.yml`` (``safeguarding.rota``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Literal
from zoneinfo import ZoneInfo

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
Source = Literal["shift", "override", "on_call"]
SEARCH_DAYS = 21


@dataclass(frozen=True)
class Shift:
    """A recurring slot. ``days`` are mon..sun; ``primary`` and ``backup`` are practitioner usernames."""

    days: tuple[str, ...]
    start: dt.time
    end: dt.time
    primary: str
    backup: str | None = None


@dataclass(frozen=True)
class Override:
    """A dated slot. Any override on a date replaces that date's weekly shifts (not its on-call)."""

    date: dt.date
    start: dt.time
    end: dt.time
    primary: str
    backup: str | None = None


@dataclass(frozen=True)
class Duty:
    """Who is on at one moment, and the slot that says so (aware datetimes, rota zone)."""

    primary: str
    backup: str | None
    manager: str | None
    source: Source
    start: dt.datetime
    end: dt.datetime


@dataclass(frozen=True)
class Rota:
    timezone: str = "Europe/London"
    shifts: tuple[Shift, ...] = ()
    overrides: tuple[Override, ...] = ()
    on_call: tuple[Shift, ...] = ()
    manager: str | None = None
    closed_dates: tuple[dt.date, ...] = ()
    _tz: ZoneInfo = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_tz", ZoneInfo(self.timezone))

    def usernames(self) -> set[str]:
        """Every practitioner the rota names (to check against the users table)."""
        slots: list[Shift | Override] = [*self.shifts, *self.on_call, *self.overrides]
        names = {s.primary for s in slots} | {s.backup for s in slots if s.backup}
        return names | ({self.manager} if self.manager else set())

    def who_is_on(self, now: dt.datetime) -> Duty | None:
        """The duty at `now`: a shift (or that date's overrides), else an on-call entry, else None."""
        for duty in self._slots_around(now, on_call=False):
            if duty.start <= now < duty.end:
                return duty
        for duty in self._slots_around(now, on_call=True):
            if duty.start <= now < duty.end:
                return duty
        return None

    def next_shift_start(self, now: dt.datetime) -> dt.datetime | None:
        """The first start of any slot (shift, override, on-call) after `now`; None if none in 3 weeks."""
        local = now.astimezone(self._tz)
        starts = [
            d.start
            for day in range(SEARCH_DAYS)
            for on_call in (False, True)
            for d in self._slots_on(local.date() + dt.timedelta(days=day), on_call)
            if d.start > now
        ]
        return min(starts) if starts else None

    def _slots_around(self, now: dt.datetime, *, on_call: bool) -> Iterator[Duty]:
        today = now.astimezone(self._tz).date()
        for day in (today - dt.timedelta(days=1), today):
            yield from self._slots_on(day, on_call)

    def _slots_on(self, day: dt.date, on_call: bool) -> Iterator[Duty]:
        """The slots that start on local date `day`."""
        weekday = DAYS[day.weekday()]
        if on_call:
            for s in self.on_call:
                if weekday in s.days:
                    yield self._duty(day, s.start, s.end, s.primary, s.backup, "on_call")
            return
        dated = [o for o in self.overrides if o.date == day]
        if dated:
            for o in dated:
                yield self._duty(day, o.start, o.end, o.primary, o.backup, "override")
            return
        if day in self.closed_dates:
            return
        for s in self.shifts:
            if weekday in s.days:
                yield self._duty(day, s.start, s.end, s.primary, s.backup, "shift")

    def _duty(
        self, day: dt.date, start: dt.time, end: dt.time, primary: str, backup: str | None, source: Source
    ) -> Duty:
        begins = dt.datetime.combine(day, start, tzinfo=self._tz)
        end_day = day if end > start else day + dt.timedelta(days=1)
        ends = dt.datetime.combine(end_day, end, tzinfo=self._tz)
        return Duty(primary, backup, self.manager, source, begins, ends)
