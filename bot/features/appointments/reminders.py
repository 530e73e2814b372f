"""An appointment's reminders as ``scheduled_item`` rows: planned, (re)scheduled and cancelled.

Keys are ``appt:<id>:r<revision>:<label>`` so a reminder is never queued twice and a changed time
(a new revision) gets fresh keys.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from sqlalchemy import update
from sqlmodel import col
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.features.appointments.models import REMINDED, Appointment
from bot.features.appointments.schedule import PlannedReminder, plan_reminders
from bot.storage.models import ScheduledItem
from bot.storage.models.scheduled import CANCELLED, PENDING
from flows.appointment_effects import REMINDER_KIND

if TYPE_CHECKING:
    from bot.app.context import AppContext


def key_prefix(appointment_id: int) -> str:
    return f"appt:{appointment_id}:"


def planned_for(app: AppContext, appt: Appointment, now: dt.datetime) -> list[PlannedReminder]:
    """The reminders `appt` should have from `now` on (none unless it is booked or confirmed)."""
    if appt.status not in REMINDED:
        return []
    return plan_reminders(appt.start_at, now, app.config.reminders.appointment_offsets_hours, app.service)


async def schedule_reminders(
    app: AppContext, session: AsyncSession, appt: Appointment, now: dt.datetime
) -> list[PlannedReminder]:
    """Add `appt`'s reminders to the session (call after a flush, so the appointment has an id)."""
    assert appt.id is not None
    plan = planned_for(app, appt, now)
    for item in plan:
        session.add(
            ScheduledItem(
                due_at=item.due_at,
                kind=REMINDER_KIND,
                contact_id=appt.contact_id,
                payload={"appointment_id": appt.id, "revision": appt.revision, "offset": item.label},
                dedupe_key=f"{key_prefix(appt.id)}r{appt.revision}:{item.label}",
                status=PENDING,
                created_at=now,
            )
        )
    return plan


async def cancel_reminders(session: AsyncSession, appointment_id: int, now: dt.datetime) -> None:
    """Cancel every reminder of this appointment that has not been sent."""
    await session.exec(
        update(ScheduledItem)
        .where(
            col(ScheduledItem.kind) == REMINDER_KIND,
            col(ScheduledItem.dedupe_key).startswith(key_prefix(appointment_id)),
            col(ScheduledItem.status) == PENDING,
        )
        .values(status=CANCELLED, done_at=now)
    )
