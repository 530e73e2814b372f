"""Deterministic ranking of candidate services, with the reasons written down.

Sort key, best first (every step is a reason in the audit trail):

1. availability: open now, or (in the day, 07:00-21:00 local) opening within 6 hours,
   before open now but closing within 30 minutes, before hours unknown, before closed
   until later. At 23:30 a line that closed at 17:00 therefore drops below anything
   open, and 24/7 lines lead; at 15:55 a line that closes at 16:00 comes after the
   lines open for longer and after the 24/7 ones.
2. local before national;
3. specific (names the need) before general (helps with any worry);
4. open now before opening soon;
5. 24/7 before set hours;
6. sooner opening first;
7. fewer needs named (more specialised) first;
8. when an age is given, a service with an age range (made for that age) before one for all
   ages (a 15-year-old asking about eating gets Beat's Youthline before its adult helpline);
9. then name and id, so equal services always come out in the same order.

One adjustment follows the sort (``search._keep_named_on_first_page``): when a need is
given and none of the first three names it but a later service does, the best of those
takes the third place, so the first page always has one service made for the problem
(saying when it opens) next to the open lines. Its reasons say so.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from signposting.schedules import (
    DEFAULT_TZ,
    OpeningRule,
    describe_moment,
    is_24_7,
    next_opening,
    open_until,
    spans,
)

SOON = timedelta(hours=6)
CLOSING_SOON = timedelta(minutes=30)
DAY_STARTS, DAY_ENDS = 7, 21
UNKNOWN_MINUTES = 10**6


@dataclass(frozen=True)
class Availability:
    """What the schedule says about ``now``."""

    open_now: bool | None
    always: bool
    open_until: datetime | None
    opens_next: datetime | None
    tier: int
    minutes_to_open: int
    closing_soon: bool = False


def closes_soon(until: datetime | None, now: datetime) -> bool:
    """True when a service open now closes within ``CLOSING_SOON`` (30 minutes) of ``now``."""
    return until is not None and until - now <= CLOSING_SOON


def availability(rules: tuple[OpeningRule, ...], now: datetime) -> Availability:
    """Work out open-now, next opening and the availability tier (0 best) for ``now``.

    ``signposting.weekly`` gives the same sort fields much faster, for ranking many services.
    """
    always = is_24_7(rules)
    timed = any(rule.has_times for rule in rules)
    tz = rules[0].tz if rules else DEFAULT_TZ
    # In the schedule's own zone, comparisons with the opening intervals are plain
    # wall-clock comparisons (much cheaper than across zones); durations below still
    # use the original ``now`` so they are exact across a clock change.
    local = now.astimezone(ZoneInfo(tz))
    until: datetime | None = None
    upcoming: datetime | None = None
    if timed and not always:
        window = spans(rules, local, days_ahead=1)
        until = open_until(rules, local, window) if window else None
        if until is None:
            upcoming = next_opening(rules, local, window)
            if upcoming is None:
                # nothing opens in the first window (yesterday to tomorrow): look on, up to a week ahead
                upcoming = next_opening(rules, local, spans(rules, local, days_ahead=8, first_day=2))
    state: bool | None = True if always else (until is not None if timed else None)
    daytime = DAY_STARTS <= local.hour < DAY_ENDS
    closing = bool(state) and not always and closes_soon(until, now)
    if state:
        tier, minutes = (1 if closing else 0), 0
    elif state is None:
        tier, minutes = 2, UNKNOWN_MINUTES
    else:
        minutes = UNKNOWN_MINUTES if upcoming is None else int((upcoming - now).total_seconds() // 60)
        soon = upcoming is not None and daytime and upcoming - now <= SOON
        tier = 0 if soon else 3
    return Availability(state, always, until, upcoming, tier, minutes, closing)


def score(
    avail: Availability, is_local: bool, named_need: bool, need_count: int, fits_age: bool = False
) -> tuple[int, ...]:
    """The sort key (lower is better) described in the module docstring."""
    return rank_key(
        avail.tier,
        avail.open_now,
        avail.always,
        avail.minutes_to_open,
        is_local,
        named_need,
        need_count,
        fits_age,
    )


def rank_key(
    tier: int,
    open_now: bool | None,
    always: bool,
    minutes_to_open: int,
    is_local: bool,
    named_need: bool,
    need_count: int,
    fits_age: bool = False,
) -> tuple[int, ...]:
    """``score`` from its parts, for callers that work them out without an ``Availability``.
    `fits_age`: an age was given and the service has an age range that takes it (step 8)."""
    return (
        tier,
        0 if is_local else 1,
        0 if named_need else 1,
        0 if open_now else 1,
        0 if always else 1,
        minutes_to_open,
        need_count,
        0 if fits_age else 1,
    )


def reasons(
    avail: Availability,
    *,
    need: str | None,
    named_need: bool,
    is_local: bool,
    area: str | None,
    age: int | None,
    min_age: int | None,
    max_age: int | None,
    now: datetime,
    tz: str,
) -> list[str]:
    """Plain reasons for the audit trail: why this service was chosen and where it ranks."""
    out: list[str] = []
    if need is None:
        out.append("no need given: all services considered")
    elif named_need:
        out.append(f"names the need {need}")
    else:
        out.append(f"general support service: helps with any worry, including {need}")
    out.append(f"local: serves {area}" if is_local else "national service: serves everywhere")
    if age is None:
        out.append("no age given")
    elif min_age is None and max_age is None:
        out.append(f"age {age}: no age limit")
    else:
        low = "any" if min_age is None else str(min_age)
        high = "any" if max_age is None else str(max_age)
        out.append(f"age {age} fits {low} to {high}")
    if avail.always:
        out.append("open 24/7")
    elif avail.open_now:
        if avail.closing_soon and avail.open_until is not None:
            out.append(f"open now but closes soon ({describe_moment(avail.open_until, now, tz)})")
        elif avail.open_until is not None:
            out.append(f"open now until {describe_moment(avail.open_until, now, tz)}")
        else:
            out.append("open now")
    elif avail.open_now is None:
        out.append("opening hours unknown")
    elif avail.opens_next is None:
        out.append("closed now, no opening in the next week")
    else:
        when = describe_moment(avail.opens_next, now, tz)
        soon = avail.tier == 0
        out.append(f"closed now, opens soon ({when})" if soon else f"closed now, next opens {when}")
    return out
