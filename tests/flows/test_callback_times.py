"""Due-bys a team can keep: office hours, closed dates, the person's window and the response standard."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from flows.callback_times import add_office_hours, describe_due, describe_when, due_by, first_slot
from flows.callback_window import ANY_TIME, MORNING, TimeWindow, parse_window
from flows.context import ServiceInfo

LONDON = ZoneInfo("Europe/London")
SERVICE = ServiceInfo(closed_dates=(dt.date(2026, 12, 25), dt.date(2026, 12, 28)))


def at(y: int, mo: int, d: int, h: int, mi: int = 0) -> dt.datetime:
    return dt.datetime(y, mo, d, h, mi, tzinfo=LONDON)


def local(value: dt.datetime | None) -> str:
    assert value is not None
    return value.astimezone(LONDON).strftime("%a %d %b %H:%M")


@pytest.mark.parametrize(
    ("now", "hours", "expected"),
    [
        (at(2026, 12, 7, 10), 8, "Tue 08 Dec 10:00"),  # one working day
        (at(2026, 12, 7, 10), 2, "Mon 07 Dec 12:00"),
        (at(2026, 12, 4, 16), 8, "Mon 07 Dec 16:00"),  # Friday afternoon: over the weekend
        (at(2026, 12, 5, 11), 8, "Mon 07 Dec 17:00"),  # Saturday: counted from Monday's opening
        (at(2026, 12, 7, 19), 1, "Tue 08 Dec 10:00"),  # evening: counted from the next opening
        (at(2026, 12, 24, 12), 8, "Tue 29 Dec 12:00"),  # 25th and 28th closed
    ],
)
def test_add_office_hours(now: dt.datetime, hours: float, expected: str) -> None:
    assert local(add_office_hours(SERVICE, now, hours)) == expected


@pytest.mark.parametrize(
    ("now", "text", "expected"),
    [
        (at(2026, 12, 7, 10), "after 3pm", "Tue 08 Dec 17:00"),  # the example: by 5pm tomorrow
        (at(2026, 12, 7, 10), "any time", "Tue 08 Dec 10:00"),
        (at(2026, 12, 7, 10), "mornings", "Tue 08 Dec 10:00"),
        (at(2026, 12, 7, 16), "mornings", "Wed 09 Dec 12:00"),  # tomorrow's morning ends before the standard
        (at(2026, 12, 7, 16), "tmrw after 4", "Tue 08 Dec 17:00"),  # never "by 4pm" for "after 4pm"
        (at(2026, 12, 4, 18), "after 3pm", "Mon 07 Dec 17:00"),
        (at(2026, 12, 7, 10), "friday", "Fri 11 Dec 17:00"),  # a named day: the end of that day
        (at(2026, 12, 24, 16), "any time", "Tue 29 Dec 16:00"),
    ],
)
def test_due_by_fits_the_window(now: dt.datetime, text: str, expected: str) -> None:
    window = parse_window(text, now.date())
    assert local(due_by(SERVICE, now, window, 8)) == expected


@pytest.mark.parametrize("text", ["after 7pm", "tonight after 6", "after work", "before 8am"])
def test_a_window_outside_office_hours_has_no_due_by(text: str) -> None:
    now = at(2026, 12, 7, 10)
    assert due_by(SERVICE, now, parse_window(text, now.date()), 8) is None
    assert first_slot(SERVICE, now, parse_window(text, now.date())) is None


def test_office_hours_follow_the_clocks_changing() -> None:
    """The clocks go back on Sunday 25 Oct 2026 and forward on Sunday 29 March: office hours stay 9 to 5
    local, so a Friday 4pm request for a morning call is due by noon on Tuesday (Monday's morning ends
    before the eight working hours are up), 12:00 UTC in October and 11:00 UTC in March."""
    autumn = due_by(SERVICE, at(2026, 10, 23, 16), MORNING, 8)
    assert autumn is not None and local(autumn) == "Tue 27 Oct 12:00" and autumn.hour == 12
    spring = due_by(SERVICE, at(2026, 3, 27, 16), MORNING, 8)
    assert spring is not None and local(spring) == "Tue 31 Mar 12:00" and spring.hour == 11
    assert local(add_office_hours(SERVICE, at(2026, 10, 23, 16), 2)) == "Mon 26 Oct 10:00"


def test_first_slot() -> None:
    now = at(2026, 12, 7, 10)
    assert local(first_slot(SERVICE, now, parse_window("after 3pm", now.date()))) == "Mon 07 Dec 15:00"
    assert local(first_slot(SERVICE, now, ANY_TIME)) == "Mon 07 Dec 10:00"
    assert local(first_slot(SERVICE, now, TimeWindow("x", day=dt.date(2026, 12, 9)))) == "Wed 09 Dec 09:00"


@pytest.mark.parametrize(
    ("due", "words"),
    [
        (at(2026, 12, 7, 17), "5pm today, Mon 7 Dec"),
        (at(2026, 12, 8, 17), "5pm tomorrow, Tue 8 Dec"),
        (at(2026, 12, 10, 12, 30), "12.30pm on Thu 10 Dec"),
    ],
)
def test_describe_due(due: dt.datetime, words: str) -> None:
    assert describe_due(SERVICE, at(2026, 12, 7, 10), due) == words


@pytest.mark.parametrize(
    ("said", "expected"),
    [
        ("after 3.30", "after 3.30pm, by 5pm tomorrow, Tue 8 Dec"),
        ("i finish work at 4", "after 4pm, by 5pm tomorrow, Tue 8 Dec"),
        ("morning", "by 5pm tomorrow, Tue 8 Dec"),
        ("before 12", "by 5pm tomorrow, Tue 8 Dec"),
        ("any time", "by 5pm tomorrow, Tue 8 Dec"),
    ],
)
def test_the_booking_says_after_when_the_window_starts_later_than_the_team(said: str, expected: str) -> None:
    window = parse_window(said, dt.date(2026, 12, 7))
    assert describe_when(SERVICE, window, "5pm tomorrow, Tue 8 Dec") == expected
