"""When a plan's check-ins fall due: the plan's local weekday and time, weekly or fortnightly, moved to
the next allowed time when that is in quiet hours or on a day the plan skips. Pure (no database, no clock).

Occurrence ``k`` (0, 1, 2, ...) is the plan's weekday on or after ``starts_on``, plus ``k`` weeks (or
``2k`` for fortnightly), at ``local_time`` in the service's zone; so the clocks changing keeps it at
4pm local. A plan with ``skip_holidays`` moves a check-in that lands on a bank holiday (or, when the
contact's school terms are known, in the school holidays) to the next day that is not one.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from bot.features.checkins.tables import CheckinPlan
from flows.calendar import TermDates
from flows.context import WEEKDAY_NAMES, ServiceInfo

MAX_SHIFT_DAYS = 120


@dataclass(frozen=True)
class Due:
    """Occurrence `index` of a plan, and when it is sent (`at`, UTC)."""

    index: int
    at: dt.datetime


def period(plan: CheckinPlan) -> dt.timedelta:
    return dt.timedelta(weeks=2 if plan.frequency == "fortnightly" else 1)


def first_day(plan: CheckinPlan) -> dt.date:
    """The plan's weekday on or after its start date."""
    ahead = (WEEKDAY_NAMES.index(plan.weekday) - plan.starts_on.weekday()) % 7
    return plan.starts_on + dt.timedelta(days=ahead)


def nominal(plan: CheckinPlan, index: int, service: ServiceInfo) -> dt.datetime:
    """Occurrence `index` at the plan's local time, before any move (UTC)."""
    day = first_day(plan) + period(plan) * index
    return dt.datetime.combine(day, plan.local_time, tzinfo=service.tz).astimezone(dt.UTC)


def skipped_day(plan: CheckinPlan, day: dt.date, service: ServiceInfo, terms: TermDates) -> bool:
    """True when this plan does not send on `day` (only plans that skip holidays skip anything)."""
    if not plan.skip_holidays:
        return False
    if service.closure(day) not in (None, "closed"):
        return True
    return terms.known(day) and not terms.in_term(day)


def allowed(plan: CheckinPlan, when: dt.datetime, service: ServiceInfo, terms: TermDates) -> dt.datetime:
    """`when`, or the next time after it that is outside quiet hours and on a day the plan sends."""
    at = when
    for _ in range(MAX_SHIFT_DAYS):
        at = service.after_quiet_hours(at)
        day = service.local(at).date()
        if not skipped_day(plan, day, service, terms):
            return at
        next_day = dt.datetime.combine(day + dt.timedelta(days=1), plan.local_time, tzinfo=service.tz)
        at = next_day.astimezone(dt.UTC)
    return at


def ended(plan: CheckinPlan, index: int, service: ServiceInfo) -> bool:
    """True when occurrence `index` is past the plan's end (a date or a number of check-ins)."""
    if plan.end_after is not None and index >= plan.end_after:
        return True
    if plan.end_on is not None:
        return service.local(nominal(plan, index, service)).date() > plan.end_on
    return False


def due_from(
    plan: CheckinPlan, after: dt.datetime, service: ServiceInfo, terms: TermDates, *, from_index: int = 0
) -> Due | None:
    """The first occurrence at or after `from_index` whose nominal time is after `after`, moved to an
    allowed time; None when the plan has ended by then."""
    index = from_index
    while nominal(plan, index, service) <= after:
        index += 1
    if ended(plan, index, service):
        return None
    return Due(index, allowed(plan, nominal(plan, index, service), service, terms))
