"""When a call-back is due: office hours, closed dates, the person's time window and the response standard.

The promise we make ("We will call by 5pm tomorrow, Tue 8 Dec") must be one the team can keep, so:

1. the response standard is counted in *office* time: ``respond_within_hours`` (config
   ``callbacks.respond_within_hours``) of the team's working hours, skipping evenings, weekends and closed
   dates, from the moment of the request (or the next opening, out of hours);
2. a call can only happen when the team is working *and* the person said they can talk (their window; a
   window that names a day starts on that day);
3. the due-by is that standard's deadline when it falls inside such a slot (at least an hour into it);
   otherwise the end of the first slot after it (the person's window is respected, even when that takes
   a little longer).

A window that never overlaps office hours (say "after 7pm" with a 9 to 5 team) has no due-by: the flow
says when the team can call and asks again. Pure functions; the service and the flow use the same ones.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from flows.calendar import clock_text
from flows.callback_window import TimeWindow
from flows.context import ServiceInfo

LOOK_AHEAD_DAYS = 42
"""How far ahead we look for a slot; a window with none in six weeks is treated as never open."""
MIN_NOTICE = dt.timedelta(hours=1)
"""A due-by inside a slot is at least this long after the slot opens ("after 4pm" is never "by 4pm")."""
_DAY = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTH = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _office_intervals(service: ServiceInfo, start: dt.datetime) -> Iterator[tuple[dt.datetime, dt.datetime]]:
    """The team's working intervals (aware, service zone) from `start`'s local day on."""
    local = service.local(start)
    for offset in range(LOOK_AHEAD_DAYS):
        day = local.date() + dt.timedelta(days=offset)
        if not service.is_office_day(day):
            continue
        opens = dt.datetime.combine(day, service.office_start, tzinfo=service.tz)
        closes = dt.datetime.combine(day, service.office_end, tzinfo=service.tz)
        if closes > local:
            yield max(opens, local), closes


def add_office_hours(service: ServiceInfo, now: dt.datetime, hours: float) -> dt.datetime:
    """The moment `hours` of the team's working time have passed since `now` (service zone)."""
    left = dt.timedelta(hours=hours)
    for opens, closes in _office_intervals(service, now):
        if opens + left <= closes:
            return opens + left
        left -= closes - opens
    raise ValueError("no office hours in the next six weeks; check office_hours in config.yml")


def call_slots(
    service: ServiceInfo, now: dt.datetime, window: TimeWindow | None
) -> Iterator[tuple[dt.datetime, dt.datetime]]:
    """When the team may call: office hours that fall in the person's window, from `now` on."""
    for opens, closes in _office_intervals(service, now):
        day = opens.date()
        if window is not None and window.day is not None and day < window.day:
            continue
        start, end = opens, closes
        if window is not None and window.start is not None:
            start = max(start, dt.datetime.combine(day, window.start, tzinfo=service.tz))
        if window is not None and window.end is not None:
            end = min(end, dt.datetime.combine(day, window.end, tzinfo=service.tz))
        if end - start >= dt.timedelta(minutes=15):
            yield start, end


def due_by(
    service: ServiceInfo, now: dt.datetime, window: TimeWindow | None, within_hours: float
) -> dt.datetime | None:
    """When the call must have happened by (UTC), or None when the window never meets office hours."""
    deadline = add_office_hours(service, now, within_hours)
    for start, end in call_slots(service, now, window):
        if end < deadline:
            continue
        # inside a slot: the deadline, but never right at the start of the person's window
        due = max(deadline, min(end, start + MIN_NOTICE)) if start <= deadline else end
        return due.astimezone(dt.UTC)
    return None


def first_slot(service: ServiceInfo, now: dt.datetime, window: TimeWindow | None) -> dt.datetime | None:
    """The earliest moment the team could call in `window` (UTC), or None."""
    for start, _end in call_slots(service, now, window):
        return start.astimezone(dt.UTC)
    return None


def short_date(day: dt.date) -> str:
    """'Tue 8 Dec'."""
    return f"{_DAY[day.weekday()]} {day.day} {_MONTH[day.month - 1]}"


def describe_due(service: ServiceInfo, now: dt.datetime, due: dt.datetime) -> str:
    """'5pm today, Mon 7 Dec', '5pm tomorrow, Tue 8 Dec', '12pm on Thu 10 Dec'."""
    local_due, today = service.local(due), service.local(now).date()
    clock = clock_text(local_due.time())
    days = (local_due.date() - today).days
    if days == 0:
        return f"{clock} today, {short_date(local_due.date())}"
    if days == 1:
        return f"{clock} tomorrow, {short_date(local_due.date())}"
    return f"{clock} on {short_date(local_due.date())}"


def describe_when(service: ServiceInfo, window: TimeWindow | None, due: str) -> str:
    """'by 5pm tomorrow, Tue 8 Dec' (`due` from :func:`describe_due`); 'after 3.30pm, by 5pm tomorrow, Tue 8
    Dec' when the person can only talk from a time later than the team starts (the due-by alone read as if
    we might ring in the morning)."""
    if window is not None and window.start is not None and window.start > service.office_start:
        return f"after {clock_text(window.start)}, by {due}"
    return f"by {due}"
