"""Telling the practitioner that a person cancelled or asked to change an appointment.

The text goes to the practitioner's own alert contact (or, for an appointment with no practitioner
account, the rota's manager) through the outbox. It carries the appointment number and time only:
never the person's words or number (they are on ``waymark appointments show``).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from sqlmodel.ext.asyncio.session import AsyncSession

from bot.features.appointments.models import CANCELLED_BY_PERSON, Appointment
from bot.messaging.outbox import enqueue
from bot.storage.models import Contact
from bot.storage.models.users import Practitioner
from flows.appointment_text import describe_when
from flows.engine import Priority

if TYPE_CHECKING:
    from bot.app.context import AppContext

log = logging.getLogger(__name__)


async def _who_to_tell(app: AppContext, session: AsyncSession, appt: Appointment) -> Contact | None:
    person = await session.get(Practitioner, appt.practitioner_id) if appt.practitioner_id else None
    if person is None or not person.active:
        from bot.features.escalations.rota_store import load_rota
        from bot.features.practitioners.service import by_username

        person = await by_username(session, (await load_rota(session, app.config)).manager or "")
    if person is None or person.contact_id is None:
        return None
    return await session.get(Contact, person.contact_id)


async def tell_practitioner(app: AppContext, session: AsyncSession, appt: Appointment) -> bool:
    """Queue the text about `appt`'s new status; False when there is nobody to tell."""
    contact = await _who_to_tell(app, session, appt)
    if contact is None:
        log.warning("appointment id=%s changed by the person; no practitioner to tell", appt.id)
        return False
    key = "appt_staff_cancelled" if appt.status == CANCELLED_BY_PERSON else "appt_staff_rearrange"
    now = app.now()
    when = describe_when(appt.start_at, now, app.service)
    text = app.catalogue.render(
        key, **app.service.template_params(), appt_ref=str(appt.id), appt_when=when, appt_by="the person"
    )
    await enqueue(session, contact, text, now=now, priority=Priority.REPLY, kind=key)
    return True
