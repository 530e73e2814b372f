"""Answering a Telegram update we cannot read (a sticker, a voice note, an edit, a button) with one text.

The webhook stores the update like any inbound message, with ``meta["unreadable"]`` naming the reply
(``telegram_text_only`` or ``telegram_no_edits``), and processes it through the pipeline like a text. So
whoever processes it (the webhook's own task, the recovery sweep, or the task working through the
contact's earlier texts in order) does the same: the words it carries (an edit's new text, a button's data)
are screened first; if safeguarding finds anything the update is handled like a new text (crisis reply,
escalation); otherwise the one short reply is sent, after the welcome on a first contact, and nothing for
an opted-out contact. It never reaches the flows or the NLU.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.models import Message
from bot.models.messages import RECEIVED
from bot.pipeline import UNREADABLE, process_inbound

if TYPE_CHECKING:
    from bot.context import AppContext


async def answer_unreadable(app: AppContext, message_id: int, reply_key: str) -> bool:
    """Process the stored update `message_id`, answering `reply_key` unless its words need more."""
    async with app.db.session() as session:
        msg = await session.get(Message, message_id)
        if msg is not None and msg.status == RECEIVED and msg.meta.get(UNREADABLE) != reply_key:
            msg.meta = {**msg.meta, UNREADABLE: reply_key}
            session.add(msg)
            await session.commit()
    return await process_inbound(app, message_id)
