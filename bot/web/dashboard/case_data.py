"""Everything the case page shows, gathered in one read: the triggering message and why it was flagged,
the conversation around it (both directions), the contact's school, earlier cases, their call-backs and
appointments, the case's record and notes. Also who may open a case at all (:func:`may_open`)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.features.appointments.models import Appointment
from bot.features.callbacks.models import Callback
from bot.features.escalations.history import (
    conversation,
    describe,
    earlier_cases,
    history,
    school_of,
    warnings,
)
from bot.storage.models import AuditEvent, Contact, Message
from bot.storage.models.users import Practitioner
from bot.web.dashboard.auth import DUTY_ROLES
from safeguarding.escalations import notes, timeline
from safeguarding.models import Escalation, EscalationNote


@dataclass
class CaseView:
    esc: Escalation
    contact: Contact | None
    trigger: Message | None
    messages: list[Message]
    on_case: set[int]
    school: str | None
    earlier: list[Escalation]
    record: list[tuple[AuditEvent, str]]
    warnings: list[str]
    notes: list[EscalationNote] = field(default_factory=list)
    callbacks: list[Callback] = field(default_factory=list)
    appointments: list[Appointment] = field(default_factory=list)

    @property
    def lexicon_matches(self) -> list[dict[str, Any]]:
        return [m for m in self.esc.matches if m.get("kind") != "model"]

    @property
    def model_matches(self) -> list[dict[str, Any]]:
        return [m for m in self.esc.matches if m.get("kind") == "model"]


async def may_open(session: AsyncSession, person: Practitioner, esc: Escalation) -> bool:
    """Duty roles open every case; a practitioner the cases of their schools' contacts, or a case they
    were alerted about; a school lead none (they see counts only)."""
    if person.role in DUTY_ROLES:
        return True
    if person.role != "practitioner":
        return False
    if person.username in esc.alerted:
        return True
    contact = await session.get(Contact, esc.contact_id)
    return contact is not None and contact.school_id is not None and contact.school_id in person.schools


async def load_case(session: AsyncSession, esc: Escalation, now: dt.datetime) -> CaseView:
    contact = await session.get(Contact, esc.contact_id)
    trigger = await session.get(Message, esc.message_id) if esc.message_id else None
    on_case = {m.message_id for m in await timeline(session, esc)}
    if esc.message_id:
        on_case.add(esc.message_id)
    events = await history(session, esc)
    return CaseView(
        esc=esc,
        contact=contact,
        trigger=trigger,
        messages=await conversation(session, esc, now),
        on_case=on_case,
        school=await school_of(session, esc.contact_id),
        earlier=await earlier_cases(session, esc),
        record=[(e, describe(e)) for e in events],
        warnings=await warnings(session, esc),
        notes=await notes(session, esc),
        callbacks=await _callbacks(session, esc.contact_id),
        appointments=await _appointments(session, esc.contact_id),
    )


RELATED_LIMIT = 10


async def _callbacks(session: AsyncSession, contact_id: int) -> list[Callback]:
    """The person's call-backs, newest first."""
    stmt = select(Callback).where(Callback.contact_id == contact_id)
    stmt = stmt.order_by(col(Callback.created_at).desc()).limit(RELATED_LIMIT)
    return list((await session.exec(stmt)).all())


async def _appointments(session: AsyncSession, contact_id: int) -> list[Appointment]:
    """The person's appointments, latest start first."""
    stmt = select(Appointment).where(Appointment.contact_id == contact_id)
    stmt = stmt.order_by(col(Appointment.start_at).desc()).limit(RELATED_LIMIT)
    return list((await session.exec(stmt)).all())


async def case_list(
    session: AsyncSession, person: Practitioner, *, include_resolved: bool, limit: int = 200
) -> list[Escalation]:
    """Cases this person may open: every case for duty roles, their schools' for a practitioner."""
    stmt = select(Escalation).order_by(col(Escalation.created_at).desc(), col(Escalation.id).desc())
    if not include_resolved:
        stmt = stmt.where(col(Escalation.status) != "resolved")
    if person.role not in DUTY_ROLES:
        contacts = select(Contact.id).where(col(Contact.school_id).in_(person.schools or [-1]))
        stmt = stmt.where(col(Escalation.contact_id).in_(contacts))
    return list((await session.exec(stmt.limit(limit))).all())
