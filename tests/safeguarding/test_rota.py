"""The duty rota: weekly shifts, dated overrides, on-call past midnight, gaps and the next shift start."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from safeguarding.rota import Override, Rota, Shift

LONDON = ZoneInfo("Europe/London")
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri")


def at(day: int, hour: int, minute: int = 0, month: int = 11) -> dt.datetime:
    """A London time in 2026 (17 Nov 2026 is a Tuesday)."""
    return dt.datetime(2026, month, day, hour, minute, tzinfo=LONDON)


ROTA = Rota(
    shifts=(
        Shift(WEEKDAYS, dt.time(9), dt.time(13), "ana", "ben"),
        Shift(WEEKDAYS, dt.time(13), dt.time(17), "ben", "ana"),
    ),
    overrides=(Override(dt.date(2026, 11, 19), dt.time(9), dt.time(12), "cat", "ana"),),
    on_call=(Shift(("fri",), dt.time(17), dt.time(9), "dev", None),),  # Friday night until Saturday 9am
    manager="mo",
)


def test_weekly_shifts_pick_the_slot() -> None:
    morning = ROTA.who_is_on(at(17, 10))
    afternoon = ROTA.who_is_on(at(17, 13))
    assert morning is not None and (morning.primary, morning.backup, morning.source) == (
        "ana",
        "ben",
        "shift",
    )
    assert afternoon is not None and afternoon.primary == "ben"
    assert morning.manager == "mo"
    assert morning.end == at(17, 13)


def test_override_replaces_that_dates_shifts() -> None:
    duty = ROTA.who_is_on(at(19, 10))
    assert duty is not None and (duty.primary, duty.source) == ("cat", "override")
    assert ROTA.who_is_on(at(19, 14)) is None  # the weekly afternoon shift does not run that day
    normal = ROTA.who_is_on(at(18, 14))
    assert normal is not None and normal.primary == "ben"


def test_on_call_runs_past_midnight() -> None:
    friday_night = ROTA.who_is_on(at(20, 23))
    saturday_early = ROTA.who_is_on(at(21, 8, 59))
    assert friday_night is not None and (friday_night.primary, friday_night.source) == ("dev", "on_call")
    assert saturday_early is not None and saturday_early.primary == "dev"
    assert ROTA.who_is_on(at(21, 9)) is None


def test_gaps_have_nobody() -> None:
    assert ROTA.who_is_on(at(17, 8, 59)) is None  # before the morning shift
    assert ROTA.who_is_on(at(17, 22)) is None  # Tuesday night: no on-call
    assert ROTA.who_is_on(at(22, 12)) is None  # Sunday


def test_next_shift_start() -> None:
    assert ROTA.next_shift_start(at(17, 22)) == at(18, 9)
    assert ROTA.next_shift_start(at(18, 17)) == at(19, 9)  # the override's start on Thursday
    assert ROTA.next_shift_start(at(20, 16)) == at(20, 17)  # Friday on-call
    assert ROTA.next_shift_start(at(21, 10)) == at(23, 9)  # weekend gap -> Monday morning
    assert Rota().next_shift_start(at(17, 10)) is None


def test_clock_change_keeps_local_times() -> None:
    """29 March 2026 the clocks go forward: the 9am shift is 08:00 UTC the next day."""
    rota = Rota(shifts=(Shift(WEEKDAYS, dt.time(9), dt.time(17), "ana"),))
    starts = rota.next_shift_start(dt.datetime(2026, 3, 28, 12, tzinfo=dt.UTC))
    assert starts is not None and starts.astimezone(dt.UTC) == dt.datetime(2026, 3, 30, 8, tzinfo=dt.UTC)


def test_usernames_lists_everyone() -> None:
    assert ROTA.usernames() == {"ana", "ben", "cat", "dev", "mo"}
