"""Crisis replies jump the queue: a contact's other texts wait for their crisis reply, and a crisis reply
queued while the dispatcher works through a batch is the next one sent."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field

from bot.app.clock import FixedClock
from bot.app.context import AppContext
from bot.channels.base import OutboundMessage, SendError, SendResult
from bot.messaging.dispatcher import dispatch_due
from bot.messaging.outbox import enqueue
from bot.storage.models import Contact
from flows.engine import Priority


async def _contact(app: AppContext, address: str) -> Contact:
    async with app.db.session() as s:
        c = Contact(channel="sms", address=address, first_seen=app.now(), last_seen=app.now())
        s.add(c)
        await s.commit()
        await s.refresh(c)
        return c


async def _queue(app: AppContext, c: Contact, text: str, priority: int) -> None:
    async with app.db.session() as s:
        await enqueue(s, c, text, now=app.now(), priority=priority)
        await s.commit()


@dataclass
class ScriptedSender:
    """Records sends; fails the texts named in `failing` (transiently) and runs `on_send` hooks."""

    app: AppContext
    name: str = "sms"
    sent: list[str] = field(default_factory=list)
    failing: set[str] = field(default_factory=set)
    crisis_for: Contact | None = None
    arriving: asyncio.Task[None] | None = None

    async def send_text(self, message: OutboundMessage) -> SendResult:
        if message.text in self.failing:
            raise SendError("503", transient=True, code="503")
        self.sent.append(message.text)
        if self.crisis_for is not None:  # a crisis reply arrives (from another task) during this batch
            contact, self.crisis_for = self.crisis_for, None
            self.arriving = asyncio.create_task(_queue(self.app, contact, "crisis", Priority.CRISIS))
            # committed while this send is in flight: the due list is read (without waiting for SQLite's
            # write gate) after the send, so it sees the crisis reply
            await self.arriving
        return SendResult(provider_id=f"p-{message.message_id}")


async def test_a_contacts_replies_wait_while_their_crisis_reply_is_unsent(
    app: AppContext, clock: FixedClock
) -> None:
    sender = ScriptedSender(app, failing={"crisis"})
    app.senders["sms"] = sender
    young_person, other = await _contact(app, "+447700900001"), await _contact(app, "+447700900002")
    await _queue(app, young_person, "menu", Priority.REPLY)
    await _queue(app, other, "other reply", Priority.REPLY)
    await _queue(app, young_person, "crisis", Priority.CRISIS)
    await dispatch_due(app)
    assert sender.sent == ["other reply"]  # the crisis failed; "menu" waits for it
    clock.advance(seconds=5)
    sender.failing.clear()
    await dispatch_due(app)
    assert sender.sent == ["other reply", "crisis", "menu"]


async def test_crisis_queued_during_a_batch_is_sent_next(app: AppContext) -> None:
    first, second = await _contact(app, "+447700900001"), await _contact(app, "+447700900002")
    sender = ScriptedSender(app, crisis_for=second)
    app.senders["sms"] = sender
    for i in range(3):
        await _queue(app, first, f"reply {i}", Priority.REPLY)
    await dispatch_due(app)
    assert sender.arriving is not None
    await sender.arriving
    assert sender.sent == ["reply 0", "crisis", "reply 1", "reply 2"]
