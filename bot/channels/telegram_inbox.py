"""Answering a Telegram update we cannot read (a sticker, a voice note, an edit, a button) with one text.

The update is stored like any inbound message (so a redelivery is a no-op), then this marks it processed
and queues the reply in one transaction. It never reaches the flows or the NLU: there are no words to read.
Whatever words the update carries (an edit's new text, a button's data) are screened first, and if
safeguarding finds anything (or cannot run) the update goes through the whole pipeline like a new text,
so a risk added in an edit still gets the crisis reply and an escalation. The severity is kept on the
message either way.
A contact whose very first update is a sticker still gets the welcome and privacy texts first, because
the pipeline only sends them for a contact's first inbound message, and this one was it.
An opted-out contact gets nothing.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from sqlmodel import col, select

from bot.models import Contact, Message
from bot.models.messages import PROCESSED, RECEIVED
from bot.outbox import enqueue
from bot.pipeline import process_inbound
from bot.safeguarding_stage import screen_safely

if TYPE_CHECKING:
    from bot.context import AppContext

log = logging.getLogger(__name__)
FIRST_CONTACT_KEYS = ("welcome", "privacy")


async def answer_unreadable(app: AppContext, message_id: int, reply_key: str) -> bool:
    """Reply `reply_key` to the stored update `message_id` once. Returns False if already handled."""
    severity = await _screen_words(app, message_id)
    if severity not in (None, "none"):
        return await process_inbound(app, message_id)
    async with app.db.session() as session:
        rows = await session.exec(select(Message).where(Message.id == message_id).with_for_update())
        msg = rows.first()
        if msg is None or msg.direction != "in" or msg.status != RECEIVED:
            return False
        contact = await session.get(Contact, msg.contact_id)
        assert contact is not None
        now = app.now()
        if not contact.opted_out:
            earlier = await session.exec(
                select(Message.id)
                .where(
                    Message.contact_id == msg.contact_id, Message.direction == "in", col(Message.id) < msg.id
                )
                .limit(1)
            )
            keys = (*FIRST_CONTACT_KEYS, reply_key) if earlier.first() is None else (reply_key,)
            params = app.service.template_params()
            for key in keys:
                text = app.catalogue.render(key, contact.language, **params)
                await enqueue(session, contact, text, now=now, kind=key)
        msg.status, msg.processed_at = PROCESSED, now
        msg.meta = {**msg.meta, "reply": reply_key, **({"severity": severity} if severity else {})}
        session.add(msg)
        await session.commit()
    log.info("telegram update answered id=%s reply=%s", message_id, reply_key)
    return True


async def _screen_words(app: AppContext, message_id: int) -> str | None:
    """The severity safeguarding gives the stored update's words, or None if it has none."""
    async with app.db.session() as session:
        msg = await session.get(Message, message_id)
        text = msg.body.strip() if msg is not None else ""
    return screen_safely(text, []).assessment.severity if text else None
