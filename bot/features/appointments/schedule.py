"""When an appointment's reminders go out: pure arithmetic on the service's clock.

Offsets (``reminders.appointment_offsets_hours``) are taken on the local wall clock, so "48 hours before a
10am appointment" is 10am two days before whether or not the clocks change in between. A reminder that
would fall in quiet hours moves earlier, to ``QUIET_MARGIN`` before that quiet period starts. A reminder
whose time has already passed when the appointment is booked is sent at once (only one, however many
offsets have passed), or when quiet hours end if that is still before the start. Two reminders that land
at the same time are one.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from flows.context import ServiceInfo

QUIET_MARGIN = dt.timedelta(minutes=30)
"""A reminder moved out of quiet hours goes this long before they start (19:30 for a 20:00 start)."""
MIN_GAP = dt.timedelta(minutes=30)
"""Two planned reminders closer than this are one (the earlier)."""
NOW = "now"


@dataclass(frozen=True)
class PlannedReminder:
    """One reminder: `label` names its offset ("48h", "2h", or "now" for a late booking)."""

    label: str
    due_at: dt.datetime


def wall_clock_minus(start: dt.datetime, hours: int, service: ServiceInfo) -> dt.datetime:
    """`start` minus `hours` on the local wall clock, as aware UTC."""
    local = service.local(start).replace(tzinfo=None) - dt.timedelta(hours=hours)
    return local.replace(tzinfo=service.tz).astimezone(dt.UTC)


def before_quiet(at: dt.datetime, service: ServiceInfo) -> dt.datetime:
    """`at` if it is outside quiet hours, else `QUIET_MARGIN` before the quiet period it is in began."""
    if not service.in_quiet_hours(at):
        return at
    local = service.local(at)
    began = dt.datetime.combine(local.date(), service.quiet_start, tzinfo=service.tz)
    if began > local:  # after midnight: the quiet period began the evening before
        began = dt.datetime.combine(
            local.date() - dt.timedelta(days=1), service.quiet_start, tzinfo=service.tz
        )
    return (began - QUIET_MARGIN).astimezone(dt.UTC)


def plan_reminders(
    start: dt.datetime, now: dt.datetime, offsets_hours: list[int], service: ServiceInfo
) -> list[PlannedReminder]:
    """The reminders to schedule for an appointment at `start`, booked (or re-planned) at `now`."""
    if start <= now:
        return []
    planned: list[PlannedReminder] = []
    overdue = False
    for hours in sorted(set(offsets_hours), reverse=True):
        due = before_quiet(wall_clock_minus(start, hours, service), service)
        if due <= now:
            overdue = True
            continue
        planned.append(PlannedReminder(f"{hours}h", due))
    if overdue:
        at_once = service.after_quiet_hours(now)
        if at_once < start:
            planned.insert(0, PlannedReminder(NOW, at_once))
    kept: list[PlannedReminder] = []
    for item in sorted(planned, key=lambda p: p.due_at):
        if kept and item.due_at - kept[-1].due_at < MIN_GAP:
            continue
        kept.append(item)
    return kept
