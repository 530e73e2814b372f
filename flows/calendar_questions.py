"""'do u work at christmas', 'is this still open in the summer hols': true answers from the calendar.

The NLU has no intent for these, so a short question that names a holiday and asks whether we are
open or working starts :class:`TeamCalendarFlow`. Its answer comes from ``ServiceInfo`` (office days and
hours, bank holidays from the ``holidays`` library, ``office_hours.closed_dates``): which days of the
holiday we are closed and when we read texts again, or that we work all year except bank holidays.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from flows.calendar import bank_holidays_between, day_text
from flows.context import WEEKDAY_NAMES, ServiceInfo
from flows.engine import FlowContext, FlowInput, FlowResult, FlowState, Reply, done
from flows.signposting_replies import crisis_lines

_OPEN = re.compile(
    r"\b(open|opened|work|working|there|closed|close|shut|reply|replying|read|reading|running|around|"
    r"available|off|answer|answering|on|still)\b"
)
_CHRISTMAS = re.compile(r"\b(christmas|xmas|x-mas|crimbo|boxing day|new year|new years)\b")
_EASTER = re.compile(r"\b(easter)\b")
_HOLS = re.compile(r"\b(summer|hols|holidays?|half[\s-]?term|bank[\s-]?holidays?|holiday)\b")
MAX_WORDS = 14
LOOK_AHEAD_DAYS = 366


def _clean(text: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9\s-]", " ", text.lower()).split())


def is_calendar_question(text: str) -> bool:
    """True for a short question about whether the team works over a holiday."""
    cleaned = _clean(text)
    if not cleaned or len(cleaned.split()) > MAX_WORDS:
        return False
    names_holiday = bool(_CHRISTMAS.search(cleaned) or _EASTER.search(cleaned) or _HOLS.search(cleaned))
    return names_holiday and bool(_OPEN.search(cleaned))


def _join(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def _closed_days(service: ServiceInfo, start: dt.date, end: dt.date) -> list[dt.date]:
    """Usual office days from `start` to `end` on which the team is closed."""
    days = (start + dt.timedelta(days=i) for i in range((end - start).days + 1))
    return [d for d in days if WEEKDAY_NAMES[d.weekday()] in service.office_days and service.closure(d)]


def _christmas(service: ServiceInfo, today: dt.date) -> tuple[dt.date, dt.date]:
    year = today.year if today >= dt.date(today.year, 1, 3) else today.year - 1
    return dt.date(year, 12, 20), dt.date(year + 1, 1, 3)


def _easter(service: ServiceInfo, today: dt.date) -> tuple[dt.date, dt.date] | None:
    for year in (today.year, today.year + 1):
        found = bank_holidays_between(dt.date(year, 3, 1), dt.date(year, 4, 30), service.bank_holidays)
        if found and max(found) >= today:
            return min(found), max(found)
    return None


@dataclass(frozen=True)
class TeamCalendarFlow:
    name: str = "team_calendar"

    def handle(self, state: FlowState, event: FlowInput, ctx: FlowContext) -> FlowResult:
        text = _clean(getattr(event, "text", "") or "")
        service, now = ctx.service, ctx.now
        today = service.local(now).date()
        span: tuple[dt.date, dt.date] | None = None
        if _CHRISTMAS.search(text):
            span = _christmas(service, today)
        elif _EASTER.search(text):
            span = _easter(service, today)
        help_now = ctx.t("checkin_help_now", crisis_lines=crisis_lines(ctx))
        if not service.in_office_hours(now):
            closed_today = service.closure(today)
            why = "closed_bank_holiday" if closed_today not in (None, "closed") else "closed_now"
            reads_again = service.next_open_text(now)
        else:
            why, reads_again = "", ""
        if span is not None:
            closed = _closed_days(service, max(span[0], today), span[1])
            if closed:
                days = _join([day_text(d) for d in closed])
                key = f"calendar_holiday_{why or 'open_now'}"
                reply = ctx.t(key, days=days, reads_again=reads_again)
                return done(Reply(reply + " " + help_now, template=key))
        if why:
            key = f"calendar_{why}"
            return done(Reply(ctx.t(key, reads_again=reads_again) + " " + help_now, template=key))
        upcoming = _closed_days(service, today, today + dt.timedelta(days=LOOK_AHEAD_DAYS))
        if upcoming:
            name = service.closure(upcoming[0]) or ""
            label = "bank holiday" if name != "closed" else "team closed"
            key = "calendar_all_year"
            reply = ctx.t(key, next_closed=f"{day_text(upcoming[0])} ({label})")
            return done(Reply(reply, template=key))
        return done(Reply(ctx.t("calendar_all_year_open"), template="calendar_all_year_open"))
