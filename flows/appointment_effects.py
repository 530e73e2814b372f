"""The contract between the appointments flow and the shell: its query and the effects only it uses.

:class:`AppointmentsQuery` with scope ``reminded`` answers the contact's open appointments whose reminder
went out within the reply window, the most recently reminded first; with scope ``upcoming`` their open
appointments still to start, soonest first. Either way an :class:`Appointments`.
"""

from __future__ import annotations

from dataclasses import dataclass

from flows.appointment_text import AppointmentView
from flows.engine import Effect, Query


@dataclass(frozen=True)
class Appointments:
    """The answer: at most a handful of appointments, in the order the scope says."""

    items: tuple[AppointmentView, ...] = ()


@dataclass(frozen=True)
class AppointmentsQuery(Query[Appointments]):
    """The contact's open appointments: ``reminded`` (within the reply window) or ``upcoming``."""

    scope: str = "reminded"


REMINDER_KIND = "appointment_reminder"
"""The scheduled-item kind of a reminder (sent by bot/features/appointments/sender.py)."""
FLOW = "appointments"
AWAIT_ANSWER = "await_answer"
"""The step a reminder leaves the contact in: Y, N and R (and their wordings) are answers."""


@dataclass(frozen=True)
class AnswerAppointment(Effect):
    """The person answered about an appointment: ``yes`` confirms, ``no`` cancels, ``rearrange`` asks the
    team for a new time. `reason` is their own words (stored on the appointment, never logged)."""

    appointment_id: int
    answer: str
    reason: str | None = None


@dataclass(frozen=True)
class RecordAppointmentReason(Effect):
    """Why the person cancelled, given after being asked."""

    appointment_id: int
    reason: str
