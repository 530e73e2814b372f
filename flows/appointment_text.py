"""How an appointment is described in a text: who, what, when and where, safe on a lock screen.

Pure: the time is passed in, the zone comes from :class:`ServiceInfo`. No diagnosis and no team name
here; the practitioner is named by first name unless ``show_surname`` is set.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from flows.context import ServiceInfo

WHAT = {"school": "meeting with {who}", "clinic": "meeting with {who}", "phone": "phone call with {who}",
        "video": "video call with {who}"}  # fmt: skip
PLACE_CHARS = 40
"""A place is cut to this many characters in a text (the full place is on the appointment)."""
_BRACKETS = re.compile(r"\s*\([^)]*\)")


@dataclass(frozen=True)
class AppointmentView:
    """What a flow may know about an appointment (from a query): never the contact's number."""

    id: int
    kind: str
    start: dt.datetime
    who: str
    place: str | None
    status: str
    reminded_at: dt.datetime | None = None


def display_name(name: str, show_surname: bool) -> str:
    """ "Sam Jones (demo)" -> "Sam" (or "Sam Jones" when surnames may be shown)."""
    words = _BRACKETS.sub("", name).split()
    if not words:
        return "our team"
    return " ".join(words) if show_surname else words[0]


def _clock(t: dt.time) -> str:
    suffix = "am" if t.hour < 12 else "pm"
    hour = t.hour % 12 or 12
    return f"{hour}{suffix}" if t.minute == 0 else f"{hour}.{t.minute:02d}{suffix}"


def describe_when(start: dt.datetime, now: dt.datetime, service: ServiceInfo) -> str:
    """ "today at 4pm", "tomorrow at 9.30am", "on Tue 8 Dec at 4pm" (local time)."""
    local, today = service.local(start), service.local(now).date()
    clock = _clock(local.time())
    days = (local.date() - today).days
    if days == 0:
        return f"today at {clock}"
    if days == 1:
        return f"tomorrow at {clock}"
    return f"on {local:%a} {local.day} {local:%b} at {clock}"


def describe_what(view: AppointmentView) -> str:
    return WHAT.get(view.kind, WHAT["school"]).format(who=view.who)


def describe_where(view: AppointmentView) -> str:
    """ " at Oak School, Room 4" for a meeting with a place; "" for calls or no place."""
    if view.kind not in ("school", "clinic") or not view.place:
        return ""
    place = view.place.strip()
    if len(place) > PLACE_CHARS:
        place = place[:PLACE_CHARS].rsplit(" ", 1)[0]
    return f" at {place}"


def params(view: AppointmentView, now: dt.datetime, service: ServiceInfo) -> dict[str, str]:
    """Catalogue placeholders for one appointment."""
    return {
        "appt_what": describe_what(view),
        "appt_who": view.who,
        "appt_when": describe_when(view.start, now, service),
        "appt_where": describe_where(view),
        "appt_ref": str(view.id),
    }


def reminder_key(view: AppointmentView) -> str:
    """The catalogue text for this appointment's reminder: a phone session says we will call this number."""
    return "appt_reminder_phone" if view.kind == "phone" else "appt_reminder"
