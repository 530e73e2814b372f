"""Something we cannot read (a Telegram sticker or an edit) is answered the same by whoever processes it.

The webhook's own task, the recovery sweep, and a later text's task working through the contact's earlier
texts in order all run the pipeline, which reads ``meta["unreadable"]``: the short "text only" reply, never
the menu; and words that screen as risk still get the crisis reply.
"""

from __future__ import annotations

import itertools

from sqlmodel import select

from bot.app.clock import FixedClock
from bot.app.context import AppContext
from bot.channels.base import InboundMessage
from bot.messaging.inbox import ingest
from bot.messaging.pipeline import UNREADABLE, process_inbound
from bot.messaging.recovery import sweep_inbox
from bot.storage.models import Message

CHAT_ID = "424242"
_ids = itertools.count(1)


async def _store(app: AppContext, text: str, reply: str) -> int:
    inbound = InboundMessage(
        "telegram", CHAT_ID, text, f"tg-u{next(_ids)}", app.now(), {"kind": "sticker", UNREADABLE: reply}
    )
    return (await ingest(app, inbound)).message_id


async def _templates(app: AppContext) -> list[str]:
    async with app.db.session() as session:
        rows = await session.exec(select(Message.kind).where(Message.direction == "out").order_by(Message.id))
        return list(rows.all())


async def test_sweep_answers_a_sticker_with_the_text_only_reply(app: AppContext, clock: FixedClock) -> None:
    await _store(app, "", "telegram_text_only")  # the webhook's task never ran (a crash after the 200)
    clock.advance(seconds=30)
    assert await sweep_inbox(app) == 1
    kinds = await _templates(app)
    assert kinds[-1] == "telegram_text_only" and "menu" not in kinds


async def test_later_text_works_through_an_earlier_sticker_in_order(app: AppContext) -> None:
    await _store(app, "", "telegram_text_only")
    later = InboundMessage("telegram", CHAT_ID, "hi", "tg-later", app.now())
    stored = await ingest(app, later)
    await process_inbound(app, stored.message_id)  # takes the sticker first
    kinds = await _templates(app)
    assert kinds.count("telegram_text_only") == 1
    assert kinds.index("telegram_text_only") < len(kinds) - 1  # then the reply to "hi"


async def test_an_edit_that_adds_risk_gets_the_crisis_reply(app: AppContext, clock: FixedClock) -> None:
    await _store(app, "i am going to kill myself tonight", "telegram_no_edits")
    clock.advance(seconds=30)
    await sweep_inbox(app)
    kinds = await _templates(app)
    assert "telegram_no_edits" not in kinds
    assert any(k and k.startswith("crisis") for k in kinds)
