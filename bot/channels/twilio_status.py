"""Delivery receipts from Twilio: a forward-only state machine on the outbound message row.

queued -> sending -> sent -> delivered, or undelivered / failed with Twilio's error code. A report that
would move a row backwards (callbacks can arrive out of order) changes nothing. Error 21610 marks the
contact opted out; 30003/30005/30006 mark the number unreachable and leave an audit event
(`channel.unreachable`) that the practitioner side can list.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlmodel import select

from bot.channels.reachability import Evidence, mark_opted_out, mark_reachable, mark_unreachable
from bot.storage.models import Contact, Message
from bot.storage.models.messages import DELIVERED, FAILED, QUEUED, SENDING, SENT, UNDELIVERED

if TYPE_CHECKING:
    from sqlmodel.ext.asyncio.session import AsyncSession

    from bot.app.context import AppContext

log = logging.getLogger(__name__)

# Twilio's MessageStatus values, as our statuses.
TWILIO_STATUS = {
    "accepted": SENT,
    "scheduled": SENT,
    "queued": SENT,
    "sending": SENT,
    "sent": SENT,
    "delivered": DELIVERED,
    "read": DELIVERED,
    "undelivered": UNDELIVERED,
    "failed": FAILED,
    "canceled": FAILED,
}
RANK = {QUEUED: 0, SENDING: 1, SENT: 2, DELIVERED: 3, UNDELIVERED: 3, FAILED: 3}
OPTED_OUT_CODE = "21610"
UNREACHABLE_CODES = frozenset({"30003", "30005", "30006"})


@dataclass(frozen=True)
class StatusOutcome:
    found: bool
    applied: bool
    status: str | None = None


async def apply_status(app: AppContext, sid: str, reported: str, error_code: str | None) -> StatusOutcome:
    """Apply one status callback for the outbound row whose provider_id is `sid`."""
    new = TWILIO_STATUS.get(reported)
    async with app.db.session() as session:
        found = await session.exec(
            select(Message).where(
                Message.channel == "sms", Message.provider_id == sid, Message.direction == "out"
            )
        )
        msg = found.first()
        if msg is None or new is None:
            log.info("status %s for unknown message or status ignored (known=%s)", reported, msg is not None)
            return StatusOutcome(msg is not None, False)
        if RANK.get(new, 0) <= RANK.get(msg.status, 0):
            return StatusOutcome(True, False, msg.status)
        now = app.now()
        msg.status = new
        if new == DELIVERED:
            msg.delivered_at = now
        if new in (UNDELIVERED, FAILED):
            msg.error_code, msg.error = error_code, f"twilio reported {reported}"
        contact = await session.get(Contact, msg.contact_id)
        assert contact is not None and msg.id is not None
        await _contact_effects(session, contact, msg.id, new, error_code, now)
        session.add(msg)
        session.add(contact)
        await session.commit()
        log.info("message id=%s is now %s (code=%s)", msg.id, new, error_code)
        return StatusOutcome(True, True, new)


async def _contact_effects(
    session: AsyncSession, contact: Contact, message_id: int, status: str, code: str | None, now: dt.datetime
) -> None:
    failed = status in (UNDELIVERED, FAILED)
    why = Evidence("twilio", now, message_id, "receipt", code)
    if failed and code == OPTED_OUT_CODE:
        await mark_opted_out(session, contact, why)
    elif failed and code in UNREACHABLE_CODES:
        await mark_unreachable(session, contact, why)
    elif status == DELIVERED and contact.unreachable:
        await mark_reachable(session, contact, why)
