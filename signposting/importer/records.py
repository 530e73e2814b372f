"""Format-neutral records that the JSON and CSV readers produce and the writer stores.

The helpers here turn raw field values into checked Python values and raise
``ValueError`` with a plain message that the readers attach to ``file:row``.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from datetime import date, datetime, time
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import phonenumbers

from signposting.schedules import DEFAULT_TZ, parse_byday

TEXT_KINDS = {"text", "sms", "cell_text"}
VOICE_KINDS = {"voice", "cell", "phone", "landline", "mobile", "freephone", ""}


@dataclass(frozen=True)
class Where:
    """Where a record came from, for ``file:row`` messages: a CSV line, or ``"item 2"`` in a JSON list."""

    file: str
    row: int | str


@dataclass
class OrgRecord:
    """An organisation as read from a file."""

    id: str
    name: str
    description: str = ""
    website: str | None = None
    email: str | None = None


@dataclass
class PhoneRecord:
    """A phone as read from a file (number already cleaned)."""

    number: str
    kind: str
    text_keyword: str | None = None
    description: str = ""


@dataclass
class ScheduleRecord:
    """A weekly schedule rule as read from a file."""

    byday: str
    opens_at: time | None
    closes_at: time | None
    timezone: str = DEFAULT_TZ
    valid_from: date | None = None
    valid_to: date | None = None
    description: str = ""


@dataclass
class AreaRecord:
    """A service area; ``kind`` is ``None`` until the writer classifies it."""

    name: str
    kind: str | None = None
    where: Where | None = None


@dataclass
class TermRecord:
    """A taxonomy term attached to a service."""

    id: str
    taxonomy: str
    code: str
    name: str


@dataclass
class ServiceRecord:
    """A service with everything attached, ready to validate and write."""

    id: str
    organisation: OrgRecord
    name: str
    where: Where
    description: str = ""
    sms_description: str = ""
    eligibility_description: str = ""
    min_age: int | None = None
    max_age: int | None = None
    website: str | None = None
    email: str | None = None
    status: str = "active"
    is_free: bool | None = None
    cost_description: str = ""
    source: str = ""
    verified_at: date | None = None
    phones: list[PhoneRecord] = field(default_factory=list)
    schedules: list[ScheduleRecord] = field(default_factory=list)
    areas: list[AreaRecord] = field(default_factory=list)
    terms: list[TermRecord] = field(default_factory=list)
    languages: list[tuple[str, str]] = field(default_factory=list)


def text(value: object) -> str:
    """A stripped string ('' for missing)."""
    if value is None:
        return ""
    return str(value).strip()


def optional_text(value: object) -> str | None:
    """A stripped string, or ``None`` when empty."""
    return text(value) or None


def parse_age(value: object) -> int | None:
    """An age in whole years (0-120), or ``None`` when missing."""
    raw = text(value)
    if not raw:
        return None
    try:
        number = float(raw)
    except ValueError:
        raise ValueError(f"age {raw!r} is not a number") from None
    if not math.isfinite(number) or number != int(number) or not 0 <= number <= 120:  # "inf" is a float
        raise ValueError(f"age {raw!r} must be a whole number from 0 to 120")
    return int(number)


def parse_time(value: object) -> time | None:
    """``09:00``, ``9:00:00``, ``0900`` or ``24:00`` (read as midnight), or ``None`` when missing."""
    raw = text(value)
    if not raw:
        return None
    match = re.fullmatch(r"(\d{1,2}):?(\d{2})(?::(\d{2}))?(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?", raw)
    if not match:
        raise ValueError(f"time {raw!r} is not HH:MM")
    hour, minute = int(match.group(1)), int(match.group(2))
    if hour == 24 and minute == 0:
        return time(0)
    if hour > 23 or minute > 59:
        raise ValueError(f"time {raw!r} is out of range")
    return time(hour, minute)


def parse_date(value: object) -> date | None:
    """An ISO date (a datetime keeps its date part), or ``None`` when missing."""
    raw = text(value)
    if not raw:
        return None
    try:
        return date.fromisoformat(raw[:10])
    except ValueError:
        try:
            return datetime.fromisoformat(raw.replace("Z", "+00:00")).date()
        except ValueError:
            raise ValueError(f"date {raw!r} is not YYYY-MM-DD") from None


def parse_timezone(value: object) -> str:
    """An IANA zone name (default Europe/London) or a UTC offset in hours, as HSDS 3 allows."""
    raw = text(value)
    if not raw:
        return DEFAULT_TZ
    if re.fullmatch(r"[+-]?\d{1,2}(\.\d+)?", raw):
        hours = float(raw)
        if hours != int(hours) or not -12 <= hours <= 14:
            raise ValueError(f"timezone offset {raw!r} is not a whole number of hours")
        return "Etc/GMT" + ("" if hours == 0 else f"{-int(hours):+d}")
    try:
        ZoneInfo(raw)
    except (ZoneInfoNotFoundError, ValueError, OSError):  # OSError: "Europe" is a folder; a name too long
        raise ValueError(f"timezone {raw!r} is not a known time zone") from None
    return raw


def parse_byday_text(value: object) -> str:
    """Validate a BYDAY list; empty means every day."""
    raw = text(value) or "MO,TU,WE,TH,FR,SA,SU"
    days = parse_byday(raw)
    if not days:
        raise ValueError("byday lists no days")
    return raw.replace(" ", "").upper()


def clean_number(value: object) -> str:
    """Tidy a phone number for display; UK numbers in national format. Raises if it has no digits."""
    raw = text(value).strip("\"'").strip()
    digits = re.sub(r"\D", "", raw)
    if len(digits) < 3:
        raise ValueError(f"phone number {raw!r} has too few digits")
    try:
        parsed = phonenumbers.parse(raw, "GB")
    except phonenumbers.NumberParseException:
        return re.sub(r"\s+", " ", raw)
    if phonenumbers.is_valid_number(parsed) and parsed.country_code == 44:
        return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.NATIONAL)
    return re.sub(r"\s+", " ", raw)


def phone_kind(value: object) -> str:
    """Map an HSDS phone type to ``voice``, ``text`` or the type itself (kept, not shown)."""
    raw = text(value).casefold()
    if raw in TEXT_KINDS:
        return "text"
    if raw in VOICE_KINDS:
        return "voice"
    return raw
