"""When to call: a time window read from how people text it.

``parse_window("tmrw after 4", today)`` -> ``TimeWindow(day=<tomorrow>, start=16:00, label="tomorrow after
4pm")``. Understood: the numbered choices (1 morning, 2 afternoon, 3 after school or evening), named parts of
the day ("mornings", "after school", "lunchtime", "tonight", "after work"), clock times ("after 3pm",
"after half 3", "from 4.30", "before 11", "between 2 and 4", "2-4pm", "at 3", "around 3"), days ("today",
"tmrw", "2moro", "monday", "weds", "next tuesday") and "any time" / "whenever" / "asap". An hour with no am
or pm is read the way people mean it for a phone call: 1 to 7 is afternoon, 8 to 11 is morning, 12 is noon.

When they are busy, not free: "i work till 6", "at work 9-5" and "i finish work at 5" are after the end
("after 6pm", "after 5pm"), and "busy after 4" is before it. "not mornings", "cant do evenings" and "any
time but after school" are the rest of the day when that is one stretch (a ruled-out afternoon or lunchtime
leaves two, so it is not read and the question is asked again). A part of the day said plainly wins over
one ruled out ("mornings are best, not evenings"). Never the time they said they are busy.

Pure: the caller passes today's local date. Stored in conversation slots with :meth:`TimeWindow.to_slot`.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from flows.choices import match_choice

_DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_WEEKDAY_WORDS: dict[str, int] = {
    "mon": 0, "monday": 0, "mondays": 0,
    "tue": 1, "tues": 1, "tuesday": 1, "tuesdays": 1,
    "wed": 2, "weds": 2, "wednesday": 2, "wednesdays": 2, "wensday": 2, "wednsday": 2,
    "thu": 3, "thur": 3, "thurs": 3, "thursday": 3, "thursdays": 3,
    "fri": 4, "friday": 4, "fridays": 4,
    "sat": 5, "saturday": 5, "saturdays": 5,
    "sun": 6, "sunday": 6, "sundays": 6,
}  # fmt: skip
_TOMORROW = frozenset({"tomorrow", "tmrw", "tmr", "tmw", "tomoz", "tomorow", "tommorow", "tommorrow",
                       "2moro", "2morrow", "2mrw", "2morro", "tmoro", "2mrow"})  # fmt: skip
_TODAY = frozenset({"today", "2day", "tday", "tonight", "tonite", "2nite", "2night"})


@dataclass(frozen=True)
class TimeWindow:
    """A time of day to call, maybe from a given day on. ``start``/``end`` None mean open-ended."""

    label: str
    start: dt.time | None = None
    end: dt.time | None = None
    day: dt.date | None = None

    @property
    def any_time(self) -> bool:
        return self.start is None and self.end is None

    def to_slot(self) -> dict[str, Any]:
        """A JSON-safe form for conversation state and records."""
        return {
            "label": self.label,
            "start": self.start.isoformat(timespec="minutes") if self.start else None,
            "end": self.end.isoformat(timespec="minutes") if self.end else None,
            "day": self.day.isoformat() if self.day else None,
        }

    @classmethod
    def from_slot(cls, data: Any) -> TimeWindow | None:
        """The window stored by :meth:`to_slot`; None for anything else."""
        if not isinstance(data, dict) or not isinstance(data.get("label"), str):
            return None
        start, end, day = data.get("start"), data.get("end"), data.get("day")
        return cls(
            label=data["label"],
            start=dt.time.fromisoformat(start) if start else None,
            end=dt.time.fromisoformat(end) if end else None,
            day=dt.date.fromisoformat(day) if day else None,
        )


MORNING = TimeWindow("in the morning", dt.time(9, 0), dt.time(12, 0))
AFTERNOON = TimeWindow("in the afternoon", dt.time(12, 0), dt.time(15, 30))
AFTER_SCHOOL = TimeWindow("after school", dt.time(15, 30), None)
ANY_TIME = TimeWindow("any time")
CHOICES: tuple[TimeWindow, ...] = (MORNING, AFTERNOON, AFTER_SCHOOL)
"""The numbered choices, in order: 1 morning, 2 afternoon, 3 after school or evening."""

_NAMED: tuple[tuple[re.Pattern[str], TimeWindow], ...] = tuple(
    (re.compile(pattern), window)
    for pattern, window in (
        (r"\bafter (?:school|skool|sch|college)\b|\bschool (?:is )?(?:finishes|ends|is out)\b", AFTER_SCHOOL),
        (r"\bafter work\b|\bwhen i finish work\b", TimeWindow("after work", dt.time(17, 30), None)),
        (r"\b(?:evenings?|eve|tonight|tonite|2nite|2night|teatime|tea time)\b",
         TimeWindow("in the evening", dt.time(17, 0), None)),
        (r"\b(?:afternoons?|arvo|after ?noon)\b|\bafter lunch\b|\bpm\b(?!\s*\d)"
         r"|\b(?:busy|working|at work|in class|in lessons|at school) (?:till|til|until) lunch\b", AFTERNOON),
        (r"\b(?:mornings?|morn)\b|\bin the am\b|\bbefore lunch\b|\bfirst thing\b", MORNING),
        (r"\b(?:lunch ?time|lunch|dinner ?time at school)\b",
         TimeWindow("at lunchtime", dt.time(12, 0), dt.time(14, 0))),
    )
)  # fmt: skip
_OTHERWISE: dict[str, TimeWindow | None] = {
    "after school": TimeWindow("before 3.30pm", None, dt.time(15, 30)),
    "after work": TimeWindow("before 5.30pm", None, dt.time(17, 30)),
    "in the evening": TimeWindow("before 5pm", None, dt.time(17, 0)),
    "in the afternoon": None,
    "in the morning": TimeWindow("after 12pm", dt.time(12, 0), None),
    "at lunchtime": None,
}
_NOT_AFTER = re.compile(
    r"^\s*(?:are|is|r|s)?\s*(?:no good|not good|not ok|not okay|bad|out|a no|no go|difficult|hard|impossible"
    r"|dont work|don't work|do not work|wont work|won't work|not possible|rubbish|a nightmare)\b"
)
"""A part of the day ruled out by what follows it: "mornings are no good"."""
"""The rest of the day when a named part is ruled out ("not mornings"); None when that is two stretches."""
_ANY = re.compile(
    r"\b(?:any ?time|any time|whenever|when ?ever|any|anytime is fine|dont mind|don't mind|do not mind"
    r"|not fussed|no preference|asap|as soon as (?:possible|poss|you can|u can)|now|right now|all day"
    r"|any day|whenevs|either)\b"
)
_HOUR = r"(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm|a\.m\.|p\.m\.|o ?clock|oclock)?"
_BUSY = (
    r"(?:work|working|at work|in work|on shift|busy|at school|in school|in class|in lessons|at college"
    r"|driving|at the hospital|in meetings?|cant talk|can't talk|cannot talk|cant answer|can't answer"
    r"|not free|not available|unavailable|tied up)"
)
_BUSY_UNTIL = re.compile(rf"\b{_BUSY}\b(?:\s+\w+){{0,3}}?\s+(?:till|til|until|untill|up to|to)\s+{_HOUR}")
_BUSY_RANGE = re.compile(
    rf"\b{_BUSY}\b(?:\s+\w+){{0,2}}?\s+(?:from\s+)?{_HOUR}\s*(?:-|to|till|til|until)\s*{_HOUR}"
)
_BUSY_AFTER = re.compile(
    rf"\b{_BUSY}\b(?:\s+(?!till\b|til\b|until\b|untill\b)\w+){{0,2}}?\s+(?:after|from)\s+{_HOUR}"
)
_FINISH = re.compile(
    rf"\b(?:finish|finishing|finished|get off|off work|get home|get back|home|back home)\b(?:\s+\w+){{0,2}}?"
    rf"\s+(?:at|by|around|about|for)\s+{_HOUR}"
)
_NOT_PART = re.compile(
    r"(?:\bnot|\bno|\bnever|\bcant do|\bcan't do|\bcannot do|\bcant|\bcan't|\bcannot|\bbut|\bexcept"
    r"|\bapart from|\bother than|\bavoid|\bbusy|\bi work|\bworking|\bat work|\bin work|\bon shift|\bnot free"
    r"|\bunavailable)(?:\s+(?:in|on|at|during|the|any|a|do|for|my|on))*\s*$"
)
_HALF = re.compile(r"\bhalf (?:past )?(\d{1,2})\b")
_QUARTER = re.compile(r"\bquarter (past|to) (\d{1,2})\b")
_BETWEEN = re.compile(rf"\b(?:between|from)?\s*{_HOUR}\s*(?:-|to|and|till|til|until|–)\s*{_HOUR}")
_AFTER = re.compile(
    rf"(?<!not )\b(?:after|from|past|any time after|anytime after|not before|later than)\s+{_HOUR}"
)
_BEFORE = re.compile(rf"\b(?:before|by|until|till|til|up to|not after|no later than)\s+{_HOUR}")
_AT = re.compile(rf"\b(?:at|around|about|round|roughly|about|ish)\s+{_HOUR}|\b{_HOUR}\s*ish\b")
_BARE = re.compile(rf"^\s*{_HOUR}\s*$")
_NEXT_WEEKDAY = re.compile(r"\bnext\s+([a-z]+)")
_AROUND = dt.timedelta(minutes=30)
_CHOICE = re.compile(r"(?:option |number )?(?:\d{1,2}|one|two|three)\.?")


def _clean(text: str) -> str:
    text = text.lower().replace("\u2019", "'").replace("\u2013", "-")
    text = _HALF.sub(lambda m: f"{m.group(1)}:30", text)
    text = _QUARTER.sub(_quarter, text)
    text = re.sub(r"[!?,;]+", " ", text)
    return " ".join(text.split())


def _quarter(m: re.Match[str]) -> str:
    hour = int(m.group(2))
    return f"{hour}:15" if m.group(1) == "past" else f"{(hour - 1) or 12}:45"


def _clock(hour: str, minute: str | None, suffix: str | None) -> dt.time | None:
    """A time of day from the parts of _HOUR; an hour without am/pm is read as people mean it for a call."""
    h, m = int(hour), int(minute or 0)
    if m > 59 or h > 23:
        return None
    mark = (suffix or "").replace(".", "")
    if mark == "pm" and h < 12:
        h += 12
    elif mark == "am" and h == 12:
        h = 0
    elif not mark.startswith(("am", "pm")) and 1 <= h <= 7:
        h += 12
    return dt.time(h, m)


def clock_words(t: dt.time) -> str:
    """15:00 -> '3pm', 16:30 -> '4.30pm', 12:00 -> '12pm'."""
    suffix = "am" if t.hour < 12 else "pm"
    hour = t.hour % 12 or 12
    return f"{hour}{suffix}" if t.minute == 0 else f"{hour}.{t.minute:02d}{suffix}"


def _day(text: str, today: dt.date) -> tuple[dt.date | None, str]:
    """The day named in `text` (from `today`), and how to say it."""
    words = text.split()
    if any(w in _TOMORROW for w in words):
        return today + dt.timedelta(days=1), "tomorrow"
    m = _NEXT_WEEKDAY.search(text)
    if m and m.group(1) in _WEEKDAY_WORDS:
        ahead = (_WEEKDAY_WORDS[m.group(1)] - today.weekday()) % 7 or 7
        day = today + dt.timedelta(days=ahead)
        return day, f"on {_DAY_NAMES[day.weekday()]}"
    for w in words:
        if w in _WEEKDAY_WORDS:
            ahead = (_WEEKDAY_WORDS[w] - today.weekday()) % 7
            day = today + dt.timedelta(days=ahead)
            return day, "today" if ahead == 0 else f"on {_DAY_NAMES[day.weekday()]}"
    if any(w in _TODAY for w in words) or re.search(r"\bthis (?:morning|afternoon|evening)\b", text):
        return today, "today"
    return None, ""


def _after(pattern: re.Pattern[str], text: str) -> TimeWindow | None:
    """ "after <time>" from the first match of `pattern` (its groups 1-3 are an _HOUR)."""
    m = pattern.search(text)
    start = _clock(m.group(1), m.group(2), m.group(3)) if m else None
    return TimeWindow(f"after {clock_words(start)}", start, None) if start else None


def _before(pattern: re.Pattern[str], text: str) -> TimeWindow | None:
    """ "before <time>" from the first match of `pattern` (its groups 1-3 are an _HOUR)."""
    m = pattern.search(text)
    end = _clock(m.group(1), m.group(2), m.group(3)) if m else None
    return TimeWindow(f"before {clock_words(end)}", None, end) if end else None


def _busy_times(text: str) -> TimeWindow | None:
    """A window from the times they say they are busy: the time after it (before it, for "busy after")."""
    m = _BUSY_RANGE.search(text)
    if m:
        start = _clock(m.group(1), m.group(2), m.group(3) or m.group(6))
        end = _clock(m.group(4), m.group(5), m.group(6))
        if start and end and start < end:
            return TimeWindow(f"after {clock_words(end)}", end, None)
    return _after(_BUSY_UNTIL, text) or _after(_FINISH, text) or _before(_BUSY_AFTER, text)


def _times(text: str) -> TimeWindow | None:
    """A window from clock times in `text`, without the day."""
    busy = _busy_times(text)
    if busy is not None:
        return busy
    m = _BETWEEN.search(text)
    if m and (m.group(3) or m.group(6) or re.search(r"\b(?:between|from)\b", text)):
        end = _clock(m.group(4), m.group(5), m.group(6))
        start = _clock(m.group(1), m.group(2), m.group(3) or m.group(6))
        if start and end and start < end:
            return TimeWindow(f"between {clock_words(start)} and {clock_words(end)}", start, end)
    plain = _after(_AFTER, text) or _before(_BEFORE, text)
    if plain is not None:
        return plain
    m = _AT.search(text)
    groups = (m.group(1), m.group(2), m.group(3)) if m and m.group(1) else (m.groups()[3:6] if m else None)
    if groups is None:
        m = _BARE.match(text)
        groups = m.groups() if m and (m.group(3) or m.group(2)) else None
    if groups is not None and groups[0] is not None:
        at = _clock(groups[0], groups[1], groups[2])
        if at:
            moment = dt.datetime.combine(dt.date(2000, 1, 1), at)
            start, end = (moment - _AROUND).time(), (moment + _AROUND).time()
            return TimeWindow(f"around {clock_words(at)}", start, end)
    return None


def parse_window(text: str, today: dt.date) -> TimeWindow | None:
    """The time window `text` gives, or None when it names no time at all."""
    cleaned = _clean(text)
    if not cleaned:
        return None
    if _CHOICE.fullmatch(cleaned):
        picked = match_choice(cleaned, [w.label for w in CHOICES])
        if picked is not None:
            return CHOICES[picked]
    day, day_words = _day(cleaned, today)
    window = _times(cleaned)
    ruled_out = False
    if window is None:
        window, ruled_out = _named(cleaned)
    if window is None and ruled_out:
        return None  # only a part of the day they cannot do, and the rest is not one stretch
    if window is None and _ANY.search(cleaned):
        window = ANY_TIME
    if window is None and day is not None:
        window = ANY_TIME
    if window is None:
        return None
    if day is None:
        return window
    if window.any_time:
        return TimeWindow(f"any time {day_words}", day=day)
    return TimeWindow(f"{day_words} {window.label}", window.start, window.end, day)


def _named(text: str) -> tuple[TimeWindow | None, bool]:
    """The part of the day `text` names (one said plainly first), and whether one was ruled out."""
    ruled_out: list[TimeWindow] = []
    for pattern, named in _NAMED:
        for m in pattern.finditer(text):
            if _NOT_PART.search(text[: m.start()][-40:]) or _NOT_AFTER.search(text[m.end() :]):
                ruled_out.append(named)
            else:
                return named, False
    if not ruled_out:
        return None, False
    return _OTHERWISE.get(ruled_out[0].label), True


def window_from_choice(index: int) -> TimeWindow:
    """The window for numbered choice `index` (0-based)."""
    return CHOICES[index]
