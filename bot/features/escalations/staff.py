"""Pipeline stage for staff texts (after screening, before keywords): ``ACK <ref>`` from a practitioner.

Only an active practitioner's own alert address can acknowledge. Anyone else who texts ``ACK ...`` is
treated like any other contact (the text carries on to normal routing), so the reply reveals nothing
about escalations or references.
"""

from __future__ import annotations

import re

from bot.features.escalations.alerts import audit_note
from bot.features.practitioners.service import for_contact
from bot.messaging.effects import Run, apply_effect
from bot.storage.models import Message
from flows.engine import Audit, Reply
from safeguarding.escalations import AuditNote, NotFound, TransitionError, acknowledge

REFUSED = "escalation.refused"  # an ACK or CLI action the queue could not carry out (audited too)
ACK = re.compile(r"^\s*ack\s*:?\s+([a-z0-9]{4,12})\s*[.!]?\s*$", re.IGNORECASE)
BARE_ACK = re.compile(r"^\s*ack\b", re.IGNORECASE)  # "ACK", "ack pls", "Ack!" with no reference


async def is_staff_command(run: Run, text: str) -> bool:
    """True when `text` is an ACK from a practitioner's own alert address (it passes a crisis hold)."""
    return BARE_ACK.match(text) is not None and await for_contact(run.session, run.contact) is not None


async def handle_staff(run: Run, message: Message, text: str) -> bool:
    """Handle a staff command in `text`. Returns True when it was one (the pipeline stops here)."""
    found = ACK.match(text)
    if found is None:
        if BARE_ACK.match(text) and await for_contact(run.session, run.contact) is not None:
            await apply_effect(run, Reply(run.ctx.t("ack_how"), template="ack_how"))
            return True
        return False
    person = await for_contact(run.session, run.contact)
    if person is None:
        await apply_effect(run, Audit("staff.ack_refused", {"message_id": message.id}))
        return False
    ref = found.group(1).upper()
    actor = f"practitioner:{person.username}"
    try:
        esc, note = await acknowledge(run.session, ref, by=person.username, now=run.now)
    except (NotFound, TransitionError) as exc:
        unknown = isinstance(exc, NotFound)
        reason = "unknown reference" if unknown else str(exc)
        refused = AuditNote(
            REFUSED, ref, {"action": "acknowledge", "reason": reason, "via": run.contact.channel}
        )
        await audit_note(run.session, refused, actor=actor, now=run.now)
        await _reply(run, "ack_unknown" if unknown else "ack_taken", ref)
        return True
    via = AuditNote(note.action, note.ref, {**note.details, "via": run.contact.channel})
    await audit_note(run.session, via, actor=actor, now=run.now)
    await _reply(run, "ack_ok", esc.ref)
    return True


async def _reply(run: Run, key: str, ref: str) -> None:
    await apply_effect(run, Reply(run.ctx.t(key, ref=ref), template=key))
