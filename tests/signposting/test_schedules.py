from datetime import UTC, datetime, time

import pytest

from signposting.schedules import (
    OpeningRule,
    describe_hours,
    describe_moment,
    is_24_7,
    is_open,
    next_opening,
    open_until,
    parse_byday,
)

WEEKDAYS = frozenset(range(5))
OFFICE = (OpeningRule(WEEKDAYS, time(9), time(17)),)
NIGHT = (OpeningRule(frozenset(range(7)), time(18), time(2)),)
ALWAYS = (OpeningRule(frozenset(range(7)), time(0), time(0)),)


def at(day: int, hour: int, minute: int = 0, month: int = 11) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=UTC)


def test_office_hours_open_and_closed() -> None:
    assert is_open(OFFICE, at(23, 10)) is True  # Monday
    assert is_open(OFFICE, at(23, 17)) is False  # closing time is exclusive
    assert is_open(OFFICE, at(28, 12)) is False  # Saturday
    assert open_until(OFFICE, at(23, 10)) == at(23, 17)


def test_next_opening_skips_the_weekend() -> None:
    assert next_opening(OFFICE, at(27, 18)) == at(30, 9)  # Friday evening -> Monday 9am


def test_overnight_rule_is_open_after_midnight() -> None:
    assert is_open(NIGHT, at(24, 1, 30)) is True
    assert is_open(NIGHT, at(24, 2, 0)) is False
    assert open_until(NIGHT, at(23, 23, 30)) == at(24, 2)


def test_british_summer_time_is_local_time() -> None:
    # 1 July: 08:30 UTC is 09:30 in London, so an office opening at 9 is open.
    assert is_open(OFFICE, datetime(2026, 7, 1, 8, 30, tzinfo=UTC)) is True
    assert is_open(OFFICE, datetime(2026, 7, 1, 7, 30, tzinfo=UTC)) is False


def test_24_7_and_unknown_hours() -> None:
    assert is_24_7(ALWAYS) and is_open(ALWAYS, at(25, 3)) is True
    assert not is_24_7(OFFICE)
    assert is_open((OpeningRule(WEEKDAYS, None, None),), at(23, 10)) is None
    assert is_open((), at(23, 10)) is None


def test_valid_to_in_the_past_closes_the_rule() -> None:
    old = (OpeningRule(WEEKDAYS, time(9), time(17), valid_to=datetime(2025, 1, 1).date()),)
    assert is_open(old, at(23, 10)) is False
    assert next_opening(old, at(23, 10)) is None


def test_describe_hours_groups_days_and_shortens() -> None:
    rules = (*OFFICE, OpeningRule(frozenset({5}), time(10), time(14)))
    assert describe_hours(rules) == "Mon-Fri 9am-5pm, Sat 10am-2pm"
    assert describe_hours(rules, compact=True) == "Mon-Fri 9-5, Sat 10-2"
    assert describe_hours(ALWAYS) == "24/7"
    assert describe_hours(NIGHT) == "Every day 6pm-2am"
    assert describe_hours((OpeningRule(frozenset({1, 3}), time(17, 30), time(21)),)) == "Tue, Thu 5:30pm-9pm"


def test_describe_moment() -> None:
    now = at(23, 23, 30)
    assert describe_moment(at(24, 2), now) == "tomorrow 2am"
    assert describe_moment(at(23, 23, 45), now) == "11:45pm"
    assert describe_moment(at(26, 9), now) == "Thu 9am"


def test_parse_byday_rejects_unknown_days() -> None:
    assert parse_byday("MO, we,1FR") == {0, 2, 4}
    with pytest.raises(ValueError):
        parse_byday("MO,XX")


def test_naive_now_is_refused() -> None:
    with pytest.raises(ValueError):
        open_until(OFFICE, datetime(2026, 11, 23, 10))


def test_a_closing_time_in_the_coming_night_is_just_the_time() -> None:
    from signposting.schedules import describe_closing

    evening = datetime(2026, 11, 23, 23, 30, tzinfo=UTC)
    assert describe_closing(datetime(2026, 11, 24, 2, 0, tzinfo=UTC), evening) == "2am"
    assert describe_closing(datetime(2026, 11, 24, 17, 0, tzinfo=UTC), evening) == "tomorrow 5pm"
    assert describe_closing(datetime(2026, 11, 23, 23, 45, tzinfo=UTC), evening) == "11:45pm"
