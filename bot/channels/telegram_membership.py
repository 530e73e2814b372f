"""A Telegram user blocked or unblocked the bot (`my_chat_member`): keep our opt-out in step with Telegram.

Blocking is Telegram's STOP: Telegram will refuse every message to that chat, so the contact is opted out
at once (the same `contact.opted_out` audit event as a refused send), and reminders, check-ins and replies
stop being tried. Unblocking opts them back in (`contact.opted_in`); nothing is sent, because the client
sends `/start` next and that gets the menu. A crisis text after a block is still screened and escalated
(the escalation shows "contact opted out"); the crisis reply is tried and Telegram refuses it.
An update older than the contact's last opt-out is ignored, and an unknown chat creates no contact.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from sqlmodel import select

from bot.app.audit import record
from bot.channels.reachability import Evidence, mark_opted_out
from bot.channels.telegram_updates import CHANNEL, MemberUpdate
from bot.storage.models import Contact

if TYPE_CHECKING:
    from bot.app.context import AppContext

log = logging.getLogger(__name__)
SOURCE = "my_chat_member"


async def apply_membership(app: AppContext, update: MemberUpdate) -> str:
    """Opt the contact out (blocked) or back in (unblocked). Returns what was done, for logs and tests."""
    now = app.now()
    async with app.db.session() as session:
        rows = await session.exec(
            select(Contact).where(Contact.channel == CHANNEL, Contact.address == update.sender)
        )
        contact = rows.first()
        if contact is None:
            outcome = "unknown_chat"
        elif update.blocked:
            why = Evidence("telegram", now, None, SOURCE, "blocked")
            outcome = "opted_out" if await mark_opted_out(session, contact, why) else "already_out"
        elif not contact.opted_out:
            outcome = "already_in"
        elif contact.opted_out_at is not None and update.at < contact.opted_out_at:
            outcome = "stale"
        else:
            contact.opted_out, contact.opted_out_at = False, None
            session.add(contact)
            await record(
                session,
                at=now,
                actor="telegram",
                action="contact.opted_in",
                subject_type="contact",
                subject_id=str(contact.id),
                details={"channel": CHANNEL, "source": SOURCE},
            )
            outcome = "opted_in"
        await session.commit()
    log.info("telegram membership update id=%s: %s", update.update_id, outcome)
    return outcome
