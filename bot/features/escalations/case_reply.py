"""A practitioner's text to the young person on a case: checked (GSM-7, length), stored in the outbox at
:data:`REPLY_PRIORITY` (ahead of ordinary replies and reminders) and audited. The one function the
dashboard (and any later surface) calls.

The audit event holds the case reference, the message id and its size, never the text.
"""

from __future__ import annotations

import datetime as dt

from sqlmodel.ext.asyncio.session import AsyncSession

from bot.channels.sms_text import is_gsm7, measure, to_gsm7
from bot.features.escalations.alerts import audit_note
from bot.messaging.outbox import enqueue
from bot.storage.models import Contact, Message
from flows.engine import Priority
from safeguarding import escalations
from safeguarding.escalations import AuditNote, EscalationError

REPLY_PRIORITY = Priority.ALERT  # after crisis replies, before every ordinary reply
REPLY_KIND = "practitioner_reply"
MAX_SEGMENTS = 3  # 459 GSM-7 characters; the form says when a text goes over one segment (160)
SENT = "escalation.replied"


class ReplyError(EscalationError):
    """The text cannot be sent as written; the message is ready for people."""


def check_text(text: str) -> str:
    """The text as it will be sent (curly quotes and long dashes made plain), or ReplyError."""
    plain = to_gsm7(text.strip().replace("\r\n", "\n"))
    if not plain:
        raise ReplyError("write a message first")
    if not is_gsm7(plain):
        odd = sorted({ch for ch in plain if not is_gsm7(ch)})
        raise ReplyError(
            "the message has characters a basic phone may not show: " + " ".join(odd) + " (no emoji)"
        )
    size = measure(plain)
    if size.segments > MAX_SEGMENTS:
        raise ReplyError(f"the message is too long: {size.segments} texts; keep it to {MAX_SEGMENTS}")
    return plain


async def send_reply(
    session: AsyncSession, ref: str, *, by: str, text: str, via: str, now: dt.datetime
) -> Message:
    """Queue `text` to the case's contact (in the caller's transaction) and audit it."""
    body = check_text(text)
    esc = await escalations.get(session, ref)
    contact = await session.get(Contact, esc.contact_id)
    if contact is None:
        raise ReplyError("the contact on this case no longer exists")
    if contact.opted_out:
        raise ReplyError("this person texted STOP, so texts cannot reach them: phone them instead")
    meta = {"escalation": esc.ref, "by": by}
    row = await enqueue(session, contact, body, now=now, priority=REPLY_PRIORITY, kind=REPLY_KIND, meta=meta)
    await session.flush()
    details = {"by": by, "message_id": row.id, "segments": row.segments, "via": via}
    await audit_note(session, AuditNote(SENT, esc.ref, details), actor=f"practitioner:{by}", now=now)
    return row
