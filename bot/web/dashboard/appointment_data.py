"""What the appointments pages show: the appointments of a local day or week (right on the days the
clocks change: a day is local midnight to local midnight, 23 or 25 hours), each with its status in plain
words, its reminders and what may be done with it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession
from sqlmodel.sql.expression import Select

from bot.features.appointments.models import (
    ATTENDED,
    BOOKED,
    CANCELLED_BY_PERSON,
    CANCELLED_BY_TEAM,
    CONFIRMED,
    DID_NOT_ATTEND,
    OPEN,
    REARRANGE_REQUESTED,
    Appointment,
)
from bot.storage.models import Contact, ScheduledItem
from bot.storage.models.scheduled import PENDING
from bot.storage.models.users import Practitioner
from bot.web.dashboard.care_scope import masked, own_or_school, sees_everyone
from flows.appointment_effects import REMINDER_KIND

STATUS_LABELS = {
    BOOKED: "booked",
    CONFIRMED: "confirmed",
    CANCELLED_BY_PERSON: "declined",
    REARRANGE_REQUESTED: "reschedule asked",
    ATTENDED: "attended",
    DID_NOT_ATTEND: "did not attend",
    CANCELLED_BY_TEAM: "cancelled",
}
VIEWS = ("day", "week")
FIRST_DAY = dt.date(2000, 1, 1)
LAST_DAY = dt.date(2199, 12, 31)
"""The days the views can show: far enough either way for any real booking, and clear of the calendar's ends
(a week around 0001-01-01 or 9999-12-31 cannot be computed)."""


def showable(day: dt.date) -> bool:
    return FIRST_DAY <= day <= LAST_DAY


@dataclass(frozen=True)
class Span:
    """A local day or week, and the UTC instants it runs between."""

    view: str
    first: dt.date
    days: list[dt.date]
    start: dt.datetime
    end: dt.datetime
    previous: dt.date
    next: dt.date


def span(view: str, day: dt.date, tz: ZoneInfo) -> Span:
    """The day of `day`, or the Monday-to-Sunday week holding it."""
    first = day if view == "day" else day - dt.timedelta(days=day.weekday())
    length = 1 if view == "day" else 7
    days = [first + dt.timedelta(days=n) for n in range(length)]
    after = first + dt.timedelta(days=length)

    def midnight(d: dt.date) -> dt.datetime:
        return dt.datetime.combine(d, dt.time(), tzinfo=tz).astimezone(dt.UTC)

    return Span(view, first, days, midnight(first), midnight(after), first - dt.timedelta(days=length), after)


@dataclass(frozen=True)
class ApptRow:
    appt: Appointment
    local_start: dt.datetime
    local_end: dt.datetime
    who: str
    status: str
    reminders: str
    can_mark: bool
    can_cancel: bool

    @property
    def id(self) -> int:
        assert self.appt.id is not None
        return self.appt.id


def reminder_text(appt: Appointment, pending: list[dt.datetime], tz: ZoneInfo) -> str:
    """ "2 sent, last Mon 07 Dec 14:00; next Tue 08 Dec 14:00" in plain words."""
    parts = []
    if appt.reminders_sent:
        last = (
            appt.last_reminder_at.astimezone(tz).strftime(" (last %a %d %b %H:%M)")
            if appt.last_reminder_at
            else ""
        )
        parts.append(f"{appt.reminders_sent} sent{last}")
    if pending:
        parts.append("next " + min(pending).astimezone(tz).strftime("%a %d %b %H:%M"))
    return "; ".join(parts) or "none planned"


async def _pending_reminders(session: AsyncSession, appts: list[Appointment]) -> dict[int, list[dt.datetime]]:
    contacts = {a.contact_id for a in appts}
    if not contacts:
        return {}
    rows = await session.exec(
        select(ScheduledItem).where(
            col(ScheduledItem.kind) == REMINDER_KIND,
            col(ScheduledItem.status) == PENDING,
            col(ScheduledItem.contact_id).in_(contacts),
        )
    )
    found: dict[int, list[dt.datetime]] = {}
    for item in rows.all():
        appt_id = item.payload.get("appointment_id")
        if isinstance(appt_id, int):
            found.setdefault(appt_id, []).append(item.due_at)
    return found


def visible(person: Practitioner) -> Select[Appointment, Contact]:
    """The appointments query, limited to what `person` may see."""
    query = select(Appointment, Contact).join(Contact, col(Contact.id) == col(Appointment.contact_id))
    if not sees_everyone(person):
        query = query.where(own_or_school(person, col(Appointment.practitioner_id) == person.id))
    return query


async def rows_between(
    session: AsyncSession,
    person: Practitioner,
    start: dt.datetime,
    end: dt.datetime,
    tz: ZoneInfo,
    now: dt.datetime,
) -> list[ApptRow]:
    """The appointments `person` may see that start in [start, end), soonest first."""
    query = visible(person).where(col(Appointment.start_at) >= start, col(Appointment.start_at) < end)
    found = list((await session.exec(query.order_by(col(Appointment.start_at), col(Appointment.id)))).all())
    pending = await _pending_reminders(session, [a for a, _ in found])
    rows = []
    for appt, contact in found:
        assert appt.id is not None
        local = appt.start_at.astimezone(tz)
        rows.append(
            ApptRow(
                appt=appt,
                local_start=local,
                local_end=(appt.start_at + dt.timedelta(minutes=appt.minutes)).astimezone(tz),
                who=f"Contact {contact.id} ({masked(contact.address)})",
                status=STATUS_LABELS.get(appt.status, appt.status),
                reminders=reminder_text(appt, pending.get(appt.id, []), tz),
                can_mark=appt.start_at <= now and appt.status not in (CANCELLED_BY_PERSON, CANCELLED_BY_TEAM),
                can_cancel=appt.status in OPEN,
            )
        )
    return rows


async def may_see(session: AsyncSession, person: Practitioner, appointment_id: int) -> Appointment | None:
    """The appointment if it exists and `person` may see it."""
    query = visible(person).where(col(Appointment.id) == appointment_id)
    found = (await session.exec(query)).first()
    return found[0] if found else None
