"""Rank many services by opening hours fast: timetables as seconds in a local week.

``ranking.availability`` builds datetimes for each rule and day: exact, and fine for the
few services shown, but most of a search's time when it ranks a few hundred. Here a
timetable (the ``schedule_cache`` JSON on the service row) is compiled once into opening
intervals in seconds from Monday 00:00 local time, and ``Clock`` holds ``now`` in the
same terms, so the sort fields (tier, open now, 24/7, minutes to opening) are integer
comparisons. They equal what ``ranking.availability`` gives
(``tests/signposting/test_weekly.py`` compares them, across clock changes too): openings
are compared in wall-clock time as there, and durations are real (a wall-clock difference
when the clocks stay put, else worked out with ``zoneinfo``). For rules with date limits
or several time zones ``compile_timetable`` gives ``None`` and callers use
``ranking.availability``.
"""

from __future__ import annotations

import json
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from signposting.ranking import CLOSING_SOON, DAY_ENDS, DAY_STARTS, SOON, UNKNOWN_MINUTES
from signposting.schedules import DEFAULT_TZ, parse_byday

DAY = 86_400
WEEK = 7 * DAY
CLOSING_SOON_S = int(CLOSING_SOON.total_seconds())
SOON_S = int(SOON.total_seconds())
HORIZON = timedelta(days=10)
"""How far ahead an opening or closing time can be: when the clocks stay put from a day
before ``now`` to this far ahead, wall-clock differences are real differences."""


@dataclass(frozen=True)
class Timetable:
    """A compiled timetable: the zone, 24/7, whether any times are known, and the weekly
    openings in seconds from Monday 00:00 (sorted by start; an end may pass the week's end)."""

    tz: str
    always: bool
    timed: bool
    starts: tuple[int, ...] = ()
    ends: tuple[int, ...] = ()


@dataclass(frozen=True)
class Clock:
    """``now`` in one zone: seconds into the local week, daytime, and whether the clocks
    stay put from a day before to ``HORIZON`` after (``steady``)."""

    now: datetime
    zone: ZoneInfo
    monday: datetime
    seconds: float
    weekday: int
    daytime: bool
    steady: bool

    @classmethod
    def at(cls, now: datetime, tz: str) -> Clock:
        zone = ZoneInfo(tz)
        local = now.astimezone(zone)
        day = local.weekday()
        seconds = day * DAY + local.hour * 3600 + local.minute * 60 + local.second + local.microsecond / 1e6
        monday = datetime(local.year, local.month, local.day) - timedelta(days=day)
        offset = local.utcoffset()
        steady = all(
            (now + step).astimezone(zone).utcoffset() == offset for step in (-timedelta(days=1), HORIZON)
        )
        return cls(now, zone, monday, seconds, day, DAY_STARTS <= local.hour < DAY_ENDS, steady)

    def until(self, wall: float) -> float:
        """Real seconds from now to ``wall`` (seconds into the local week, read as
        ``datetime.combine`` reads a local time: the first of a repeated hour)."""
        if self.steady:
            return wall - self.seconds
        moment = (self.monday + timedelta(seconds=wall)).replace(tzinfo=self.zone)
        return (moment - self.now).total_seconds()


def _seconds(text: str) -> int:
    hours, minutes, *rest = text.split(":")
    return int(hours) * 3600 + int(minutes) * 60 + (int(float(rest[0])) if rest else 0)


@lru_cache(maxsize=4096)
def _openings(byday: str, opens: str, closes: str) -> tuple[tuple[tuple[int, int], ...], frozenset[int]]:
    """One weekly rule's openings in seconds from Monday 00:00, and the days it covers whole.
    Cached: a directory repeats a few rules ("MO,TU,WE,TH,FR 09:00-17:00") many times."""
    days = parse_byday(byday)
    start_s, end_s = _seconds(opens), _seconds(closes)
    whole_day = start_s == 0 and end_s in (0, DAY - 60, DAY - 1)
    out = []
    for day in sorted(days):
        start = day * DAY + start_s
        if whole_day:
            end = (day + 1) * DAY
        elif end_s > start_s:
            end = day * DAY + end_s
        else:
            end = (day + 1) * DAY + end_s
        out.append((start, end))
    return tuple(out), (days if whole_day else frozenset())


@lru_cache(maxsize=16_384)
def compile_timetable(cache: str) -> Timetable | None:
    """Compile a service's ``schedule_cache`` JSON; ``None`` when it has date limits or
    several time zones (then only ``ranking.availability`` can say). Cached by the text,
    so an edited timetable is compiled afresh."""
    rows = json.loads(cache or "[]")
    first_tz = rows[0][3] if rows else DEFAULT_TZ
    openings: list[tuple[int, int]] = []
    all_day: set[int] = set()
    timed = False
    for byday, opens, closes, tz, valid_from, valid_to in rows:
        if not opens or not closes:
            continue
        if valid_from or valid_to or tz != first_tz:
            return None
        timed = True
        found, whole = _openings(byday, opens, closes)
        openings.extend(found)
        all_day |= whole
    openings.sort()
    return Timetable(
        first_tz,
        len(all_day) == 7,
        timed,
        tuple(s for s, _ in openings),
        tuple(e for _, e in openings),
    )


def sort_fields(table: Timetable, clock: Clock) -> tuple[int, bool | None, int]:
    """``(tier, open_now, minutes_to_open)`` as ``ranking.availability`` would give them.

    ``clock`` must be for ``table.tz``.
    """
    if table.always:
        return 0, True, 0
    if not table.timed:
        return 2, None, UNKNOWN_MINUTES
    starts, ends, now = table.starts, table.ends, clock.seconds
    # openings that start yesterday, today or tomorrow, from last week's, this week's and
    # next week's copies of the timetable
    low, high = (clock.weekday - 1) * DAY, (clock.weekday + 2) * DAY
    until: float | None = None
    for shift in (-WEEK, 0, WEEK):
        if low - shift >= WEEK or high - shift <= 0:
            continue  # that copy of the week has nothing in the window
        for index in range(bisect_left(starts, low - shift), bisect_left(starts, high - shift)):
            start, end = starts[index] + shift, ends[index] + shift
            if until is None:
                if start <= now < end:
                    until = end
            elif start <= until:
                until = max(until, end)
    if until is not None:
        return (1 if clock.until(until) <= CLOSING_SOON_S else 0), True, 0
    if not starts:
        return 3, False, UNKNOWN_MINUTES
    following = bisect_right(starts, now)
    # every weekly opening recurs within a week: this week's next one, else next week's first
    wait = clock.until(starts[following] if following < len(starts) else starts[0] + WEEK)
    return (0 if clock.daytime and wait <= SOON_S else 3), False, int(wait // 60)
