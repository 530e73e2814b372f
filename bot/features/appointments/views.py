"""Appointment rows as the flows' :class:`AppointmentView` and as catalogue placeholders."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.features.appointments.models import Appointment
from flows.appointment_text import AppointmentView, display_name

if TYPE_CHECKING:
    from bot.app.context import AppContext


def view_of(app: AppContext, appt: Appointment) -> AppointmentView:
    assert appt.id is not None
    return AppointmentView(
        id=appt.id,
        kind=appt.kind,
        start=appt.start_at,
        who=display_name(appt.practitioner_name, app.config.reminders.show_surname),
        place=appt.place,
        status=appt.status,
        reminded_at=appt.last_reminder_at,
    )
