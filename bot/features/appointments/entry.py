"""Booking from what a person typed (the CLI's `appointments add` and the dashboard's form): a phone
number, a local date and time, a kind and who the appointment is with. One function, so both surfaces
check the same things and book through :func:`service.book_course` (one audit event per appointment)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlmodel.ext.asyncio.session import AsyncSession

from bot.features.appointments import service
from bot.features.appointments.importer import parse_start
from bot.features.appointments.models import Appointment
from bot.features.practitioners.service import PractitionerError, alert_contact, normalise_address

if TYPE_CHECKING:
    from bot.app.context import AppContext


async def book_entered(
    app: AppContext,
    session: AsyncSession,
    *,
    phone: str,
    start: str,
    kind: str,
    actor: str,
    practitioner: str | None = None,
    name: str | None = None,
    minutes: int = 45,
    place: str | None = None,
    weekly: int = 1,
) -> list[Appointment]:
    """Book one appointment (or `weekly` sessions a week apart) for the person on `phone`.

    `start` is local (``service.timezone``), e.g. ``2026-12-08 16:00``; `practitioner` a username and/or
    `name` the name the person knows. Raises :class:`service.AppointmentError` in plain words."""
    if not (practitioner or "").strip() and not (name or "").strip():
        raise service.AppointmentError("give the practitioner's username or the name the person knows")
    try:
        number = normalise_address("sms", phone)
    except PractitionerError as exc:
        raise service.AppointmentError(f"phone: {exc}") from exc
    try:
        when = parse_start(start, app.service.tz)
    except ValueError as exc:
        raise service.AppointmentError(f"start: {exc}") from exc
    person = await service.practitioner_named(session, practitioner.strip()) if practitioner else None
    contact = await alert_contact(session, "sms", number, app.now())
    return await service.book_course(
        app,
        session,
        contact=contact,
        first_start=when,
        sessions=weekly,
        kind=kind,
        actor=actor,
        practitioner=person,
        practitioner_name=name,
        minutes=minutes,
        place=place,
    )
