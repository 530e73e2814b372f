"""The appointments feature: reminders people answer Y / N / R, the reminder batch sender, CSV import and
`waymark appointments` (``bot/app/feature.py``; wiring in ``wiring.py``)."""

from __future__ import annotations

from bot.app.feature import Command, Feature
from bot.features.appointments import cli, wiring
from bot.features.appointments.demo import load_demo_appointments
from bot.features.appointments.sender import reminder_job, send_due_reminders
from flows.appointment_effects import (
    REMINDER_KIND,
    AnswerAppointment,
    AppointmentsQuery,
    RecordAppointmentReason,
)
from flows.appointments import AppointmentsFlow

FEATURE = Feature(
    name="appointments",
    flows=(AppointmentsFlow(),),
    intents=wiring.INTENTS,
    queries={AppointmentsQuery: wiring.appointments_query},
    effects={
        AnswerAppointment: wiring.answer_appointment,
        RecordAppointmentReason: wiring.record_reason,
    },
    jobs={REMINDER_KIND: reminder_job},
    batches=(send_due_reminders,),
    commands=(Command("appointments", cli.app, "Appointments and their reminders."),),
    demo=(load_demo_appointments,),
    tables=("bot.features.appointments.models",),
)
