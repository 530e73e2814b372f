"""Facts about the service that flows may use: names, hours, crisis numbers. Pure data and pure functions."""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from flows.calendar import bank_holiday, clock_text, day_text

WEEKDAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DAY_WORDS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@dataclass(frozen=True)
class CrisisLine:
    name: str
    number: str
    how: str = "call"
    keyword: str | None = None
    option: int | None = None

    def sms_text(self) -> str:
        """E.g. 'text SHOUT to 85258', 'call Samaritans 116 123', 'call NHS 111, option 2'."""
        if self.how == "text":
            word = f"{self.keyword} " if self.keyword else ""
            return f"text {word}to {self.number}".replace("  ", " ")
        option = f" option {self.option}" if self.option else ""
        if self.name.lower() in (self.number.lower(), "emergency"):
            return f"call {self.number}"
        return f"call {self.name} {self.number}{option}".replace(f"{self.number} {self.number}", self.number)


@dataclass(frozen=True)
class ServiceInfo:
    name: str = "Waymark"
    team_name: str = "the school mental health team"
    timezone: str = "Europe/London"
    office_days: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri")
    office_start: dt.time = dt.time(9, 0)
    office_end: dt.time = dt.time(17, 0)
    closed_dates: tuple[dt.date, ...] = ()
    bank_holidays: str | None = None
    """A region of ``flows.calendar.REGIONS`` whose bank holidays close the team; None: none."""
    quiet_start: dt.time = dt.time(20, 0)
    quiet_end: dt.time = dt.time(8, 0)
    crisis_lines: tuple[CrisisLine, ...] = field(default_factory=tuple)
    signposting_followup_days: int = 7
    callback_respond_hours: float = 8.0
    """The call-back response standard, in the team's working hours (config ``callbacks``)."""

    def crisis_text(self, *, skip_emergency: bool = True, first: int | None = None) -> str:
        """The configured crisis lines as one phrase: 'text SHOUT to 85258, call Samaritans 116 123 or
        call Childline 0800 1111' (without 999 when `skip_emergency`; only the `first` N lines when
        given). The one place this is worded."""
        lines = [c for c in self.crisis_lines if not (skip_emergency and c.number.strip() == "999")]
        parts = [c.sms_text() for c in lines][:first]
        if len(parts) <= 1:
            return "".join(parts)
        return ", ".join(parts[:-1]) + " or " + parts[-1]

    opt_out_words: frozenset[str] | None = None
    """The opt-out words the SMS account acts on; None means Twilio's defaults (flows/keywords.py)."""

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def local(self, now: dt.datetime) -> dt.datetime:
        return now.astimezone(self.tz)

    def _is_office_day(self, day: dt.date) -> bool:
        return WEEKDAY_NAMES[day.weekday()] in self.office_days and self.closure(day) is None

    def closure(self, day: dt.date) -> str | None:
        """Why the team is closed on a usual office day: the bank holiday's name, "closed" for a
        configured closed date, or None (open, or simply not an office day)."""
        name = bank_holiday(day, self.bank_holidays)
        if name is not None:
            return name
        return "closed" if day in self.closed_dates else None

    def is_office_day(self, day: dt.date) -> bool:
        """True when the team works on `day` (a working weekday that is not a closed date)."""
        return self._is_office_day(day)

    def in_office_hours(self, now: dt.datetime) -> bool:
        """True when the team is working at `now`."""
        local = self.local(now)
        return self._is_office_day(local.date()) and self.office_start <= local.time() < self.office_end

    def next_office_open(self, now: dt.datetime) -> dt.datetime:
        """`now` if the team is working, else the next start of office hours (aware, service zone)."""
        local = self.local(now)
        if self.in_office_hours(now):
            return local
        for offset in range(0, 60):
            day = local.date() + dt.timedelta(days=offset)
            opens = dt.datetime.combine(day, self.office_start, tzinfo=self.tz)
            if self._is_office_day(day) and opens > local:
                return opens
        raise ValueError("no office day in the next 60 days; check office_hours in config.yml")

    def describe_next_open(self, now: dt.datetime) -> str:
        """Plain words for when the team is next in: 'tomorrow at 9am', 'on Monday at 9am'."""
        opens = self.next_office_open(now)
        local = self.local(now)
        clock = _clock(opens.time())
        days = (opens.date() - local.date()).days
        if days == 0:
            return f"today at {clock}"
        if days == 1:
            return f"tomorrow at {clock}"
        return f"on {DAY_WORDS[opens.weekday()]} at {clock}"

    def next_open_text(self, now: dt.datetime) -> str:
        """When the team next reads texts, as a day and date: 'Tue 29 Dec at 9am' (or 'now')."""
        opens = self.local(self.next_office_open(now))
        return f"{day_text(opens.date())} at {_clock(opens.time())}"

    def office_hours_text(self) -> str:
        """E.g. 'Mon to Fri, 9am to 5pm'."""
        days = [d for d in WEEKDAY_NAMES if d in self.office_days]
        if not days:
            return "no set days"
        span = days[0].title() if len(days) == 1 else f"{days[0].title()} to {days[-1].title()}"
        return f"{span}, {_clock(self.office_start)} to {_clock(self.office_end)}"

    def in_quiet_hours(self, now: dt.datetime) -> bool:
        t = self.local(now).time()
        if self.quiet_start <= self.quiet_end:
            return self.quiet_start <= t < self.quiet_end
        return t >= self.quiet_start or t < self.quiet_end

    def after_quiet_hours(self, now: dt.datetime) -> dt.datetime:
        """`now` if it is outside quiet hours, else the end of this quiet period (UTC)."""
        if not self.in_quiet_hours(now):
            return now
        local = self.local(now)
        end = dt.datetime.combine(local.date(), self.quiet_end, tzinfo=self.tz)
        if end <= local:
            end = dt.datetime.combine(local.date() + dt.timedelta(days=1), self.quiet_end, tzinfo=self.tz)
        return end.astimezone(dt.UTC)

    def template_params(self) -> dict[str, str]:
        """Placeholders every catalogue text may use (a new dict each call)."""
        return dict(self._template_params)

    @functools.cached_property
    def _template_params(self) -> dict[str, str]:
        """Worked out once: they depend only on these (frozen) settings, and every rendered text uses them."""
        return {"service_name": self.name, "team_name": self.team_name, "hours": self.office_hours_text()}


_clock = clock_text
