"""Opening hours: open now, when it closes, next opening, 24/7, and "Mon-Fri 9am-5pm" text.

Rules are weekly (RFC 5545 ``BYDAY`` codes) with local opening and closing times in an
IANA time zone (default Europe/London), so the clocks going forward or back are handled
by ``zoneinfo``. A closing time at or before the opening time means the service closes
the next day (``18:00-02:00``); ``00:00-00:00`` means open all day. Bank holidays are
not modelled.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

DAY_CODES: tuple[str, ...] = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
DAY_NAMES: tuple[str, ...] = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
DEFAULT_TZ = "Europe/London"


@dataclass(frozen=True)
class OpeningRule:
    """One weekly rule. ``days`` holds weekday numbers (Monday is 0)."""

    days: frozenset[int]
    opens: time | None
    closes: time | None
    tz: str = DEFAULT_TZ
    valid_from: date | None = None
    valid_to: date | None = None

    @property
    def has_times(self) -> bool:
        """True when both opening and closing times are known."""
        return self.opens is not None and self.closes is not None

    @property
    def all_day(self) -> bool:
        """True for a rule that covers the whole day."""
        return self.opens == time(0) and self.closes in (time(0), time(23, 59), time(23, 59, 59))


def parse_byday(text: str) -> frozenset[int]:
    """Parse ``"MO,TU"`` into weekday numbers. Raises ``ValueError`` on unknown codes."""
    days: set[int] = set()
    for raw in text.replace(" ", "").upper().split(","):
        if not raw:
            continue
        code = raw[-2:]  # tolerate RFC 5545 ordinals such as "1MO"
        if code not in DAY_CODES:
            raise ValueError(f"unknown day {raw!r} (use MO,TU,WE,TH,FR,SA,SU)")
        days.add(DAY_CODES.index(code))
    return frozenset(days)


def format_byday(days: Iterable[int]) -> str:
    """Format weekday numbers as ``"MO,TU"``."""
    return ",".join(DAY_CODES[d] for d in sorted(set(days)))


def _interval(rule: OpeningRule, day: date, zone: ZoneInfo) -> tuple[datetime, datetime] | None:
    """The opening on ``day`` under ``rule`` (local times in ``zone``), or ``None``."""
    if day.weekday() not in rule.days or rule.opens is None or rule.closes is None:
        return None
    if (rule.valid_from and day < rule.valid_from) or (rule.valid_to and day > rule.valid_to):
        return None
    start = datetime.combine(day, rule.opens, tzinfo=zone)
    if rule.all_day:
        end = datetime.combine(day + timedelta(days=1), time(0), tzinfo=zone)
    elif rule.closes > rule.opens:
        end = datetime.combine(day, rule.closes, tzinfo=zone)
    else:
        end = datetime.combine(day + timedelta(days=1), rule.closes, tzinfo=zone)
    return start, end


def _require_aware(now: datetime) -> None:
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("now must be timezone-aware")


def is_24_7(rules: Sequence[OpeningRule]) -> bool:
    """True when every day of the week is covered by an all-day rule with no end date."""
    covered: set[int] = set()
    for rule in rules:
        if rule.all_day and rule.valid_to is None:
            covered |= rule.days
    return covered == set(range(7))


def spans(
    rules: Sequence[OpeningRule], now: datetime, days_ahead: int = 8, first_day: int = -1
) -> list[tuple[datetime, datetime]]:
    """Opening intervals from ``first_day`` days after ``now`` (default: the day before)
    to ``days_ahead`` days after, sorted. Pass ``now`` in the rules' zone where you can:
    comparisons within one zone are cheaper."""
    _require_aware(now)
    out: list[tuple[datetime, datetime]] = []
    for rule in rules:
        if not rule.has_times:
            continue
        zone = ZoneInfo(rule.tz)
        local = now.astimezone(zone).date()
        for offset in range(first_day, days_ahead + 1):
            found = _interval(rule, local + timedelta(days=offset), zone)
            if found is not None:
                out.append(found)
    out.sort()
    return out


def open_until(
    rules: Sequence[OpeningRule], now: datetime, window: list[tuple[datetime, datetime]] | None = None
) -> datetime | None:
    """If open at ``now``, the end of the current opening (merged across rules); else ``None``.

    ``window`` is ``spans(rules, now)`` when the caller already has it.
    """
    window = spans(rules, now) if window is None else window
    end: datetime | None = None
    for start, stop in window:
        if end is None:
            if start <= now < stop:
                end = stop
        elif start <= end:
            end = max(end, stop)
    return end


def is_open(rules: Sequence[OpeningRule], now: datetime) -> bool | None:
    """Open at ``now``? ``None`` when no rule has times (hours unknown)."""
    if not any(rule.has_times for rule in rules):
        return None
    if is_24_7(rules):
        return True
    return open_until(rules, now) is not None


def next_opening(
    rules: Sequence[OpeningRule], now: datetime, window: list[tuple[datetime, datetime]] | None = None
) -> datetime | None:
    """The next time the service opens after ``now`` (within 8 days), or ``None``."""
    window = spans(rules, now) if window is None else window
    return next((start for start, _ in window if start > now), None)


def format_time(value: time, compact: bool = False) -> str:
    """``09:00`` -> ``9am``, ``17:30`` -> ``5:30pm``, ``00:00`` -> ``midnight``, ``12:00`` -> ``12pm``.

    ``compact`` drops am/pm (``9``) for use in ranges that read as daytime.
    """
    if value == time(0) and not compact:
        return "midnight"
    hour = value.hour % 12 or 12
    text = str(hour) if value.minute == 0 else f"{hour}:{value.minute:02d}"
    if compact:
        return text
    return text + ("am" if value.hour < 12 else "pm")


def _format_range(opens: time, closes: time, compact: bool) -> str:
    daytime = opens.hour < 12 and 12 <= closes.hour <= 20 and closes > opens
    if compact and daytime:
        return f"{format_time(opens, True)}-{format_time(closes, True)}"
    return f"{format_time(opens)}-{format_time(closes)}"


def _format_days(days: Sequence[int]) -> str:
    ordered = sorted(days)
    if len(ordered) == 7:
        return "Every day"
    runs: list[list[int]] = []
    for day in ordered:
        if runs and day == runs[-1][-1] + 1:
            runs[-1].append(day)
        else:
            runs.append([day])
    parts = []
    for run in runs:
        if len(run) >= 3:
            parts.append(f"{DAY_NAMES[run[0]]}-{DAY_NAMES[run[-1]]}")
        else:
            parts.extend(DAY_NAMES[d] for d in run)
    return ", ".join(parts)


def describe_hours(rules: Sequence[OpeningRule], compact: bool = False) -> str:
    """Render rules as plain GSM-7 text: ``"24/7"``, ``"Mon-Fri 9am-5pm, Sat 10am-2pm"``.

    Returns ``""`` when no rule has times. ``compact`` gives ``"Mon-Fri 9-5"``.
    """
    if is_24_7(rules):
        return "24/7"
    groups: dict[tuple[time, time], set[int]] = {}
    for rule in rules:
        if rule.opens is None or rule.closes is None:
            continue
        groups.setdefault((rule.opens, rule.closes), set()).update(rule.days)
    ordered = sorted(groups.items(), key=lambda item: (min(item[1]), item[0][0]))
    parts = []
    for (opens, closes), days in ordered:
        hours = (
            "all day"
            if OpeningRule(frozenset(), opens, closes).all_day
            else _format_range(opens, closes, compact)
        )
        parts.append(f"{_format_days(sorted(days))} {hours}")
    return ", ".join(parts)


def describe_moment(moment: datetime, now: datetime, tz: str = DEFAULT_TZ) -> str:
    """Say when ``moment`` is relative to ``now`` in plain words: ``"9am"``, ``"Mon 9am"``."""
    zone = ZoneInfo(tz)
    local, local_now = moment.astimezone(zone), now.astimezone(zone)
    clock = format_time(local.time())
    if local.date() == local_now.date():
        return clock
    if local.date() == local_now.date() + timedelta(days=1):
        return f"tomorrow {clock}"
    return f"{DAY_NAMES[local.weekday()]} {clock}"


def describe_closing(moment: datetime, now: datetime, tz: str = DEFAULT_TZ) -> str:
    """Like ``describe_moment``, but a closing time in the small hours of the coming night is just
    the time: open at 23:30 "till 2am", not "till tomorrow 2am"."""
    local = moment.astimezone(ZoneInfo(tz))
    if timedelta(0) < moment - now <= timedelta(hours=12) and local.hour < 6:
        return format_time(local.time())
    return describe_moment(moment, now, tz)
