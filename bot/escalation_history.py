"""What the duty queue shows about one escalation besides its own row: its audit trail, what the providers
said about the contact's address since it was opened, and whether the crisis reply got through.

Used by `waymark escalations list/show` (and the dashboard when it comes). Everything here is ids, codes,
usernames and statuses: never message text or addresses.
"""

from __future__ import annotations

from sqlalchemy import and_, or_
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.models import AuditEvent, Contact, Message
from bot.models.messages import FAILED, SKIPPED, UNDELIVERED
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
