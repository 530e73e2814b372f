"""Booking helpers for the appointment tests."""

from __future__ import annotations

import datetime as dt

from bot.app.context import AppContext
from bot.features.appointments import service
from bot.features.appointments.models import Appointment
from bot.features.practitioners.service import alert_contact, create_practitioner
from bot.storage.models import Contact
from bot.storage.models.users import Practitioner

PERSON = "+447700900001"
SAM = "+447700900501"


async def contact_for(app: AppContext, number: str = PERSON) -> Contact:
    async with app.db.session() as session:
        contact = await alert_contact(session, "sms", number, app.now())
        await session.commit()
        return contact


async def practitioner(app: AppContext) -> Practitioner:
    async with app.db.session() as session:
        person = await create_practitioner(
            session, username="sam", display_name="Sam Jones", role="practitioner", channel="sms",
            address=SAM, now=app.now(),
        )  # fmt: skip
        await session.commit()
        return person


async def book(
    app: AppContext, start: dt.datetime, *, kind: str = "school", number: str = PERSON, **extra: object
) -> Appointment:
    contact = await contact_for(app, number)
    async with app.db.session() as session:
        person = await service.practitioner_named(session, "sam") if extra.pop("with_sam", True) else None
        appt = await service.book(
            app, session, contact=contact, start=start, kind=kind, actor="practitioner:sam",
            practitioner=person, practitioner_name=None if person else "Alex Smith",
            place=extra.pop("place", "Oak School, Room 4"),  # type: ignore[arg-type]
        )  # fmt: skip
        await session.commit()
        return appt


async def reload(app: AppContext, appointment_id: int) -> Appointment:
    async with app.db.session() as session:
        appt = await session.get(Appointment, appointment_id)
        assert appt is not None
        return appt
