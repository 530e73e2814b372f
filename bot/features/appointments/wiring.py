"""Appointments in the shell: the flow and its intents, the query it asks, its effects, the reminder job.

Everything the feature plugs in is here, installed from ``bot/app/plugins.py`` with :func:`install`.
"""

from __future__ import annotations

import datetime as dt

from sqlmodel import col, select

from bot.features.appointments import service
from bot.features.appointments.models import OPEN, Appointment
from bot.features.appointments.views import view_of
from bot.messaging.effects import Run
from flows.appointment_effects import (
    AnswerAppointment,
    Appointments,
    AppointmentsQuery,
    RecordAppointmentReason,
)

INTENTS = {
    "appointment_query": "appointments",
    "appointment_cancel": "appointments",
    "appointment_reschedule": "appointments",
}
UPCOMING_LIMIT = 5


async def appointments_query(run: Run, asked: AppointmentsQuery) -> Appointments:
    """The contact's open appointments: recently reminded (latest reminder first) or upcoming (soonest
    first). See flows/appointment_effects.py."""
    app, now = run.app, run.app.now()
    query = select(Appointment).where(
        Appointment.contact_id == run.contact.id, col(Appointment.status).in_(OPEN)
    )
    if asked.scope == "reminded":
        since = now - dt.timedelta(hours=app.config.reminders.reply_window_hours)
        query = query.where(col(Appointment.last_reminder_at) >= since).order_by(
            col(Appointment.last_reminder_at).desc(), col(Appointment.start_at)
        )
    else:
        query = query.where(col(Appointment.start_at) > now).order_by(col(Appointment.start_at))
    rows = await run.session.exec(query.limit(UPCOMING_LIMIT))
    return Appointments(tuple(view_of(app, appt) for appt in rows.all()))


async def _own(run: Run, appointment_id: int) -> Appointment | None:
    appt = await run.session.get(Appointment, appointment_id)
    return appt if appt is not None and appt.contact_id == run.contact.id else None


async def answer_appointment(run: Run, effect: AnswerAppointment) -> None:
    appt = await _own(run, effect.appointment_id)
    if appt is not None:
        await service.answer_by_person(run.app, run.session, appt, effect.answer, effect.reason)


async def record_reason(run: Run, effect: RecordAppointmentReason) -> None:
    appt = await _own(run, effect.appointment_id)
    if appt is not None:
        await service.record_reason(run.app, run.session, appt, effect.reason)
