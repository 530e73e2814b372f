"""The compiled week gives exactly the sort fields ``ranking.availability`` gives."""

from __future__ import annotations

import json
import random
from datetime import UTC, date, datetime, time, timedelta

import pytest

from signposting.ranking import availability
from signposting.search import _schedule
from signposting.weekly import Clock, compile_timetable, sort_fields

DAYS = ["MO,TU,WE,TH,FR", "MO,TU,WE,TH,FR,SA,SU", "TU,TH", "SA", "SA,SU", "SU", "FR,SA", ""]
ZONES = ["Europe/London", "America/New_York", "Australia/Sydney"]


def _row(rng: random.Random, tz: str) -> list[str | None]:
    """One schedule as the importer stores it: [byday, opens, closes, tz, valid_from, valid_to]."""
    days = rng.choice(DAYS)
    kind = rng.random()
    if kind < 0.1:
        return [days, "00:00", rng.choice(["00:00", "23:59"]), tz, None, None]  # all day
    if kind < 0.15:
        return [days, None, None, tz, None, None]  # hours unknown
    if kind < 0.3:  # overnight, including past 1am on the nights the clocks change
        return [
            days,
            f"{rng.randint(17, 23):02d}:{rng.choice([0, 30]):02d}",
            f"0{rng.randint(0, 3)}:00",
            tz,
            None,
            None,
        ]
    opens = time(rng.randint(0, 20), rng.choice([0, 15, 30, 45]))
    closes = time(min(23, opens.hour + rng.randint(0, 10)), rng.choice([0, 30, 59]))
    return [days, opens.strftime("%H:%M"), closes.strftime("%H:%M"), tz, None, None]


def _moments(rng: random.Random) -> list[datetime]:
    # every 20 minutes across days near the 2026 clock changes (London, New York, Sydney), plus random times
    days = [date(2026, 3, 29), date(2026, 10, 25), date(2026, 3, 8), date(2026, 11, 1), date(2026, 4, 5)]
    out = [
        datetime.combine(day, time(0), tzinfo=UTC) + timedelta(minutes=m)
        for day in days
        for m in range(-24 * 60, 48 * 60, 20)
    ]
    base = datetime(2026, 1, 1, tzinfo=UTC)
    return out + [
        base + timedelta(seconds=rng.randrange(365 * 86400), microseconds=rng.randrange(10**6))
        for _ in range(300)
    ]


@pytest.mark.parametrize("seed", range(6))
def test_sort_fields_match_availability(seed: int) -> None:
    rng = random.Random(seed)
    moments = _moments(rng)
    checked = unsteady = 0
    for _ in range(30):
        tz = rng.choice(ZONES)
        cache = json.dumps([_row(rng, tz) for _ in range(rng.randint(1, 3))])
        table = compile_timetable(cache)
        assert table is not None
        rules = _schedule(cache)
        for now in moments:
            clock = Clock.at(now, table.tz)
            unsteady += not clock.steady
            slow = availability(rules, now)
            tier, open_now, minutes = sort_fields(table, clock)
            assert (tier, open_now, table.always, minutes) == (
                slow.tier,
                slow.open_now,
                slow.always,
                slow.minutes_to_open,
            ), (cache, now)
            checked += 1
    assert checked == 30 * len(moments) and unsteady > 1000  # clock changes were covered


def test_clocks_are_not_steady_in_the_days_before_a_change() -> None:
    assert not Clock.at(datetime(2026, 10, 20, 12, tzinfo=UTC), "Europe/London").steady
    assert Clock.at(datetime(2026, 11, 2, 12, tzinfo=UTC), "Europe/London").steady


def test_timetables_the_week_cannot_hold_are_left_to_availability() -> None:
    dated = json.dumps([["MO,TU,WE,TH,FR", "09:00", "17:00", "Europe/London", None, "2026-12-18"]])
    two_zones = json.dumps(
        [
            ["MO", "09:00", "17:00", "Europe/London", None, None],
            ["TU", "09:00", "17:00", "America/New_York", None, None],
        ]
    )
    assert compile_timetable(dated) is None and compile_timetable(two_zones) is None
    unknown = compile_timetable(json.dumps([["MO", None, None, "Europe/London", None, None]]))
    assert unknown is not None and not unknown.timed
