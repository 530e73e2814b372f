"""Appointment service functions: every surface (SMS replies, the CLI, later the dashboard) calls these.

Each change is audited (``appointment.*``, actor ``practitioner:<username>``, ``contact:<id>`` or
``import:<file>``), keeps the reminders in step (booked or moved -> scheduled; cancelled -> cancelled),
and joins the caller's transaction (nothing here commits).
"""

from __future__ import annotations

import datetime as dt
import secrets
from typing import TYPE_CHECKING

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.app.audit import record
from bot.features.appointments.models import (
    ATTENDED,
    BOOKED,
    CANCELLED_BY_PERSON,
    CANCELLED_BY_TEAM,
    CONFIRMED,
    DID_NOT_ATTEND,
    KINDS,
    OPEN,
    REARRANGE_REQUESTED,
    REMINDED,
    Appointment,
)
from bot.features.appointments.notify import tell_practitioner
from bot.features.appointments.reminders import cancel_reminders, schedule_reminders
from bot.storage.models import Contact
from bot.storage.models.users import Practitioner

if TYPE_CHECKING:
    from bot.app.context import AppContext

MAX_COURSE = 26
ANSWERS = {"yes": CONFIRMED, "no": CANCELLED_BY_PERSON, "rearrange": REARRANGE_REQUESTED}


class AppointmentError(ValueError):
    """A request that cannot be done: a bad value, an unknown appointment, a change its status forbids."""


def _check(kind: str, start: dt.datetime, minutes: int, now: dt.datetime, name: str) -> None:
    if kind not in KINDS:
        raise AppointmentError(f"kind must be one of: {', '.join(KINDS)} (got {kind!r})")
    if start.tzinfo is None:
        raise AppointmentError("start needs a time zone")
    if start <= now:
        raise AppointmentError("start is in the past")
    if not 5 <= minutes <= 480:
        raise AppointmentError("length must be between 5 and 480 minutes")
    if not name.strip():
        raise AppointmentError("a practitioner name is needed")


async def practitioner_named(session: AsyncSession, username: str) -> Practitioner:
    rows = await session.exec(select(Practitioner).where(Practitioner.username == username))
    person = rows.first()
    if person is None or not person.active:
        raise AppointmentError(f"{username!r} is not an active practitioner (waymark users list)")
    return person


async def book(
    app: AppContext,
    session: AsyncSession,
    *,
    contact: Contact,
    start: dt.datetime,
    kind: str,
    actor: str,
    practitioner: Practitioner | None = None,
    practitioner_name: str | None = None,
    minutes: int = 45,
    place: str | None = None,
    course_id: str | None = None,
) -> Appointment:
    """Book one appointment and schedule its reminders."""
    now = app.now()
    name = (practitioner_name or (practitioner.display_name if practitioner else "")).strip()
    _check(kind, start, minutes, now, name)
    assert contact.id is not None
    appt = Appointment(
        contact_id=contact.id,
        practitioner_id=practitioner.id if practitioner else None,
        practitioner_name=name[:120],
        start_at=start.astimezone(dt.UTC),
        minutes=minutes,
        kind=kind,
        place=(place or "").strip()[:200] or None,
        status=BOOKED,
        course_id=course_id,
        created_by=actor[:80],
        created_at=now,
        updated_at=now,
    )
    session.add(appt)
    await session.flush()
    assert appt.id is not None
    plan = await schedule_reminders(app, session, appt, now)
    details: dict[str, object] = {
        "kind": kind,
        "start": appt.start_at.isoformat(),
        "reminders": [p.label for p in plan],
    }
    if course_id:
        details["course"] = course_id
    await _audit(session, appt, actor, "appointment.booked", now, details)
    return appt


async def book_course(
    app: AppContext,
    session: AsyncSession,
    *,
    contact: Contact,
    first_start: dt.datetime,
    sessions: int,
    kind: str,
    actor: str,
    every_days: int = 7,
    practitioner: Practitioner | None = None,
    practitioner_name: str | None = None,
    minutes: int = 45,
    place: str | None = None,
) -> list[Appointment]:
    """Book `sessions` appointments `every_days` apart (e.g. six weekly phone sessions), one course id.

    Weeks are counted on the local wall clock: a 4pm session stays at 4pm after the clocks change."""
    if not 1 <= sessions <= MAX_COURSE:
        raise AppointmentError(f"a course has 1 to {MAX_COURSE} sessions")
    if not 1 <= every_days <= 28:
        raise AppointmentError("sessions must be 1 to 28 days apart")
    course_id = f"course-{secrets.token_hex(4)}" if sessions > 1 else None
    tz = app.service.tz
    local = first_start.astimezone(tz).replace(tzinfo=None)
    booked = []
    for n in range(sessions):
        start = (local + dt.timedelta(days=every_days * n)).replace(tzinfo=tz).astimezone(dt.UTC)
        appt = await book(
            app,
            session,
            contact=contact,
            start=start,
            kind=kind,
            actor=actor,
            practitioner=practitioner,
            practitioner_name=practitioner_name,
            minutes=minutes,
            place=place,
            course_id=course_id,
        )
        booked.append(appt)
    return booked


async def get(session: AsyncSession, appointment_id: int) -> Appointment:
    appt = await session.get(Appointment, appointment_id)
    if appt is None:
        raise AppointmentError(f"no appointment {appointment_id}")
    return appt


async def reschedule(
    app: AppContext, session: AsyncSession, appt: Appointment, start: dt.datetime, actor: str
) -> Appointment:
    """Move an appointment to a new time: old reminders cancelled, new ones planned, status booked."""
    now = app.now()
    if appt.status in (ATTENDED, DID_NOT_ATTEND):
        raise AppointmentError(f"appointment {appt.id} is already {appt.status}")
    _check(appt.kind, start, appt.minutes, now, appt.practitioner_name)
    assert appt.id is not None
    old = appt.start_at
    await cancel_reminders(session, appt.id, now)
    appt.start_at, appt.status = start.astimezone(dt.UTC), BOOKED
    appt.revision += 1
    appt.updated_at = now
    session.add(appt)
    plan = await schedule_reminders(app, session, appt, now)
    details: dict[str, object] = {
        "from": old.isoformat(),
        "to": appt.start_at.isoformat(),
        "reminders": [p.label for p in plan],
    }
    await _audit(session, appt, actor, "appointment.rescheduled", now, details)
    return appt


async def cancel_by_team(
    app: AppContext, session: AsyncSession, appt: Appointment, actor: str, reason: str | None = None
) -> Appointment:
    """The team cancels: reminders cancelled. (Tell the person yourself; nothing is texted.)"""
    if appt.status not in OPEN:
        raise AppointmentError(f"appointment {appt.id} is {appt.status}; only open ones can be cancelled")
    return await _set(app, session, appt, CANCELLED_BY_TEAM, actor, reason=reason)


async def mark_outcome(
    app: AppContext, session: AsyncSession, appt: Appointment, attended: bool, actor: str
) -> Appointment:
    """Attended or did not attend: only once the appointment has started."""
    if appt.start_at > app.now():
        raise AppointmentError(f"appointment {appt.id} has not started yet")
    if appt.status in (CANCELLED_BY_PERSON, CANCELLED_BY_TEAM):
        raise AppointmentError(f"appointment {appt.id} was cancelled ({appt.status})")
    return await _set(app, session, appt, ATTENDED if attended else DID_NOT_ATTEND, actor)


async def answer_by_person(
    app: AppContext, session: AsyncSession, appt: Appointment, answer: str, reason: str | None
) -> bool:
    """The person's Y / N / R. Returns False (and changes nothing) when the status no longer allows it.

    A cancellation or a rearrange request is texted to the practitioner (without the person's words)."""
    status = ANSWERS[answer]
    allowed = (*OPEN, CANCELLED_BY_PERSON) if status == REARRANGE_REQUESTED else OPEN
    actor = f"contact:{appt.contact_id}"
    if appt.status not in allowed or appt.start_at <= app.now():
        await _audit(session, appt, actor, "appointment.answer_ignored", app.now(), {"answer": answer})
        return False
    await _set(app, session, appt, status, actor, reason=reason)
    if status != CONFIRMED:
        await tell_practitioner(app, session, appt)
    return True


async def record_reason(app: AppContext, session: AsyncSession, appt: Appointment, reason: str) -> None:
    """Keep the person's reason for cancelling (their words; the audit says only that one was given)."""
    appt.reason, appt.updated_at = reason[:300], app.now()
    session.add(appt)
    await _audit(session, appt, f"contact:{appt.contact_id}", "appointment.reason_given", app.now(), {})


async def _set(
    app: AppContext,
    session: AsyncSession,
    appt: Appointment,
    status: str,
    actor: str,
    *,
    reason: str | None = None,
) -> Appointment:
    now = app.now()
    assert appt.id is not None
    before = appt.status
    appt.status, appt.updated_at = status, now
    if reason:
        appt.reason = reason[:300]
    session.add(appt)
    if status not in REMINDED:
        await cancel_reminders(session, appt.id, now)
    elif before not in REMINDED:  # back on (Y after R): plan its reminders again, under new keys
        appt.revision += 1
        await schedule_reminders(app, session, appt, now)
    details = {"from": before, "to": status, "reason_given": bool(reason)}
    await _audit(session, appt, actor, f"appointment.{status}", now, details)
    return appt


async def for_contact(
    session: AsyncSession, contact_id: int, *, statuses: tuple[str, ...] | None = None
) -> list[Appointment]:
    """The contact's appointments (those in `statuses`, or all), soonest first."""
    query = select(Appointment).where(Appointment.contact_id == contact_id)
    if statuses is not None:
        query = query.where(col(Appointment.status).in_(statuses))
    rows = await session.exec(query.order_by(col(Appointment.start_at)))
    return list(rows.all())


async def audit_viewed(session: AsyncSession, appt: Appointment, actor: str, now: dt.datetime) -> None:
    """A practitioner looked at the appointment (it shows the person's number and words)."""
    await _audit(session, appt, actor, "appointment.viewed", now, {})


async def _audit(
    session: AsyncSession,
    appt: Appointment,
    actor: str,
    action: str,
    now: dt.datetime,
    details: dict[str, object],
) -> None:
    await record(
        session,
        at=now,
        actor=actor,
        action=action,
        subject_type="appointment",
        subject_id=str(appt.id),
        details={"contact": appt.contact_id, **details},
    )
