"""What the duty queue shows about one escalation besides its own row: its audit trail, what the providers
said about the contact's address since it was opened, whether the crisis reply got through, the whole
recent conversation around the case (both directions), the contact's school and their earlier cases.

Used by `waymark escalations list/show` (and the dashboard when it comes). The audit and warnings are ids,
codes, usernames and statuses; only :func:`conversation` returns message text (for `show`, audited).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import and_, or_
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.storage.models import AuditEvent, Contact, Message, School
from bot.storage.models.messages import FAILED, SKIPPED, UNDELIVERED
from flows.engine import Priority
from safeguarding.models import Escalation

SHOWN_DETAILS = ("to", "level", "reason", "outcome", "by", "via", "code", "source", "after_deadline")
NOT_DELIVERED = (FAILED, UNDELIVERED, SKIPPED)


async def history(session: AsyncSession, esc: Escalation) -> list[AuditEvent]:
    """The escalation's audit events, and its contact's since it was opened (opt-outs, unreachable)."""
    about_it = and_(col(AuditEvent.subject_type) == "escalation", col(AuditEvent.subject_id) == esc.ref)
    about_contact = and_(
        col(AuditEvent.subject_type) == "contact",
        col(AuditEvent.subject_id) == str(esc.contact_id),
        col(AuditEvent.at) >= esc.created_at,
    )
    rows = await session.exec(
        select(AuditEvent)
        .where(or_(about_it, about_contact))
        .order_by(col(AuditEvent.at), col(AuditEvent.id))
    )
    return list(rows.all())


def describe(event: AuditEvent) -> str:
    """`actor action key=value ...` with only the detail keys that are safe and useful to show."""
    shown = " ".join(f"{k}={event.details[k]}" for k in SHOWN_DETAILS if event.details.get(k) is not None)
    return f"{event.actor} {event.action}" + (f" {shown}" if shown else "")


async def warnings(session: AsyncSession, esc: Escalation) -> list[str]:
    """What a practitioner must know before relying on texts to this contact."""
    contact = await session.get(Contact, esc.contact_id)
    found = []
    if contact is not None and contact.unreachable:
        found.append(f"contact unreachable ({contact.unreachable_reason or 'provider said so'})")
    if contact is not None and contact.opted_out:
        found.append("contact opted out: only crisis texts reach them")
    if esc.kind == "alert":
        crisis = await session.exec(
            select(Message).where(
                Message.contact_id == esc.contact_id,
                Message.direction == "out",
                Message.priority == int(Priority.CRISIS),
                col(Message.created_at) >= esc.created_at,
                col(Message.status).in_(NOT_DELIVERED),
            )
        )
        for msg in crisis.all():
            found.append(
                f"crisis reply not delivered ({msg.status} {msg.error_code or ''})".replace(" )", ")")
            )
    return found


CONVERSATION_BEFORE = dt.timedelta(hours=24)
CONVERSATION_LIMIT = 200


async def conversation(session: AsyncSession, esc: Escalation, now: dt.datetime) -> list[Message]:
    """The contact's messages in both directions, from a day before the case opened until it was
    resolved (or `now`), oldest first; at most :data:`CONVERSATION_LIMIT` (the latest ones)."""
    until = esc.resolved_at or now
    rows = await session.exec(
        select(Message)
        .where(
            Message.contact_id == esc.contact_id,
            col(Message.created_at) >= esc.created_at - CONVERSATION_BEFORE,
            col(Message.created_at) <= until,
        )
        .order_by(col(Message.created_at).desc(), col(Message.id).desc())
        .limit(CONVERSATION_LIMIT)
    )
    return list(reversed(rows.all()))


async def school_of(session: AsyncSession, contact_id: int) -> str | None:
    """The name of the contact's school, if they joined one."""
    contact = await session.get(Contact, contact_id)
    if contact is None or contact.school_id is None:
        return None
    school = await session.get(School, contact.school_id)
    return school.name if school else None


async def earlier_cases(session: AsyncSession, esc: Escalation) -> list[Escalation]:
    """Every other escalation for the same contact, oldest first."""
    rows = await session.exec(
        select(Escalation)
        .where(Escalation.contact_id == esc.contact_id, col(Escalation.id) != esc.id)
        .order_by(col(Escalation.created_at), col(Escalation.id))
    )
    return list(rows.all())
