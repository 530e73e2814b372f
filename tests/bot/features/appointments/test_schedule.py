"""Reminder times: local wall clock across both clock changes, quiet hours, late bookings."""

from __future__ import annotations

import datetime as dt

from bot.features.appointments.schedule import PlannedReminder, plan_reminders
from flows.context import ServiceInfo
from tests.support import at_london

SERVICE = ServiceInfo()
OFFSETS = [48, 2]


def _plan(
    start: dt.datetime, now: dt.datetime, offsets: list[int] = OFFSETS
) -> list[tuple[str, dt.datetime]]:
    return [(p.label, p.due_at) for p in plan_reminders(start, now, offsets, SERVICE)]


def test_spring_forward_keeps_local_times() -> None:
    # Clocks go forward at 01:00 GMT on Sunday 29 March 2026.
    start = at_london(2026, 3, 30, 10)  # Monday 10am BST = 09:00 UTC
    plan = _plan(start, at_london(2026, 3, 20, 12))
    assert plan == [("48h", at_london(2026, 3, 28, 10)), ("2h", at_london(2026, 3, 30, 8))]
    assert plan[0][1] == dt.datetime(2026, 3, 28, 10, tzinfo=dt.UTC)  # GMT then: 47 real hours before


def test_fall_back_keeps_local_times() -> None:
    # Clocks go back at 02:00 BST on Sunday 25 October 2026.
    start = at_london(2026, 10, 26, 10)  # Monday 10am GMT = 10:00 UTC
    plan = _plan(start, at_london(2026, 10, 20, 12))
    assert plan == [("48h", at_london(2026, 10, 24, 10)), ("2h", at_london(2026, 10, 26, 8))]
    assert plan[0][1] == dt.datetime(2026, 10, 24, 9, tzinfo=dt.UTC)  # BST then: 49 real hours before


def test_a_reminder_in_quiet_hours_moves_earlier() -> None:
    start = at_london(2026, 11, 19, 9)  # 2h before is 7am: quiet
    plan = _plan(start, at_london(2026, 11, 10, 12))
    assert plan == [("48h", at_london(2026, 11, 17, 9)), ("2h", at_london(2026, 11, 18, 19, 30))]


def test_quiet_evening_moves_to_before_quiet_hours_that_evening() -> None:
    start = at_london(2026, 11, 19, 22)  # 2h before is 8pm: quiet began then
    plan = _plan(start, at_london(2026, 11, 10, 12), [2])
    assert plan == [("2h", at_london(2026, 11, 19, 19, 30))]


def test_booking_inside_an_offset_gets_one_reminder_at_once() -> None:
    now = at_london(2026, 11, 18, 10)
    assert _plan(at_london(2026, 11, 19, 16), now) == [("now", now), ("2h", at_london(2026, 11, 19, 14))]
    assert _plan(at_london(2026, 11, 18, 11), now) == [("now", now)]


def test_booking_in_quiet_hours_reminds_when_they_end() -> None:
    now = at_london(2026, 11, 18, 21)
    assert _plan(at_london(2026, 11, 19, 9, 30), now) == [("now", at_london(2026, 11, 19, 8))]
    assert _plan(at_london(2026, 11, 19, 7, 30), now) == []  # before quiet hours end: nothing sensible


def test_past_appointments_get_none() -> None:
    now = at_london(2026, 11, 18, 10)
    assert _plan(now, now) == []
    assert _plan(now - dt.timedelta(hours=1), now) == []


def test_reminders_at_the_same_moment_are_one() -> None:
    now = at_london(2026, 11, 10, 12)
    plan = plan_reminders(at_london(2026, 11, 19, 9), now, [13, 12], SERVICE)  # both fall in quiet hours
    assert plan == [PlannedReminder("13h", at_london(2026, 11, 18, 19, 30))]
