"""What a provider tells us about a contact's address, recorded the same way wherever we learn it.

Two places learn that a number or chat cannot be reached or has opted out: a send that fails
(`bot/messaging/dispatcher.py`, e.g. Twilio 21211 or Telegram "chat not found") and a delivery receipt
(`bot/channels/twilio_status.py`, e.g. 30006). Both change the contact here and leave the same audit event
(`channel.unreachable`, `contact.opted_out`, `channel.reachable`), which `waymark escalations list/show`
show on any escalation for that contact. Details carry ids and codes, never the address itself.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from bot.app.audit import record

if TYPE_CHECKING:
    from sqlmodel.ext.asyncio.session import AsyncSession

    from bot.storage.models import Contact

UNREACHABLE = "channel.unreachable"
REACHABLE = "channel.reachable"
OPTED_OUT = "contact.opted_out"


@dataclass(frozen=True)
class Evidence:
    """Who told us, when, about which outbound message: `source` is "send" or "receipt"."""

    actor: str
    now: dt.datetime
    message_id: int | None
    source: str
    code: str | None = None


async def _record(session: AsyncSession, contact: Contact, action: str, why: Evidence) -> None:
    await record(
        session,
        at=why.now,
        actor=why.actor,
        action=action,
        subject_type="contact",
        subject_id=str(contact.id),
        details={
            "message_id": why.message_id,
            "code": why.code,
            "channel": contact.channel,
            "source": why.source,
        },
    )


async def mark_unreachable(session: AsyncSession, contact: Contact, why: Evidence) -> None:
    """Flag the contact's address as unreachable (with the provider's code) and audit it."""
    contact.unreachable, contact.unreachable_reason = True, why.code
    session.add(contact)
    await _record(session, contact, UNREACHABLE, why)


async def mark_reachable(session: AsyncSession, contact: Contact, why: Evidence) -> None:
    """Clear an unreachable flag after a delivery proved the address works; audited."""
    contact.unreachable, contact.unreachable_reason = False, None
    session.add(contact)
    await _record(session, contact, REACHABLE, why)


async def mark_opted_out(session: AsyncSession, contact: Contact, why: Evidence) -> bool:
    """Opt the contact out because the provider said so. Audited; False (and nothing done) if already out."""
    if contact.opted_out:
        return False
    contact.opted_out, contact.opted_out_at = True, why.now
    session.add(contact)
    await _record(session, contact, OPTED_OUT, why)
    return True
