"""After a crash mid-send, the real Twilio client asks the (fake) Twilio API whether it took the text before
the dispatcher sends it again (issue 11, item 6)."""

from __future__ import annotations

import os

from sqlmodel import select

from bot.app.clock import FixedClock
from bot.app.context import AppContext
from bot.channels.base import OutboundMessage
from bot.channels.twilio_sms import TwilioSmsSender
from bot.messaging.dispatcher import _claim, dispatch_due
from bot.messaging.outbox import enqueue
from bot.messaging.workers import Worker, heartbeat, host_key
from bot.storage.models import AuditEvent, Contact, Message
from flows.engine import Priority
from tests.bot.channels import fake_twilio as fakes
from tests.bot.channels.fake_twilio import FakeTwilio

CHILD = "+447700900123"
CRISIS = "If you are in danger now call 999. Childline 0800 1111."


def _dead() -> Worker:
    return Worker("dead" + "0" * 28, host_key(), os.getpid(), "not-this-start-time")


async def _crisis_row(ctx: AppContext, text: str = CRISIS) -> tuple[int, OutboundMessage]:
    async with ctx.db.session() as s:
        contact = (await s.exec(select(Contact).where(Contact.address == CHILD))).first()
        if contact is None:
            contact = Contact(channel="sms", address=CHILD, first_seen=ctx.now(), last_seen=ctx.now())
            s.add(contact)
            await s.flush()
        row = await enqueue(s, contact, text, now=ctx.now(), priority=Priority.CRISIS, kind="crisis_high")
        await s.commit()
        assert row.id is not None
        return row.id, OutboundMessage(row.id, "sms", CHILD, row.body, kind=row.kind, priority=row.priority)


async def _crash_mid_send(ctx: AppContext, message_id: int) -> Worker:
    dead = _dead()
    await heartbeat(ctx, dead, force=True)
    assert await _claim(ctx, dead, message_id, ctx.now())
    return dead


async def _row(ctx: AppContext, message_id: int) -> Message:
    async with ctx.db.session() as s:
        row = await s.get(Message, message_id)
        assert row is not None
        return row


async def _actions(ctx: AppContext) -> list[str]:
    async with ctx.db.session() as s:
        return [a.action for a in (await s.exec(select(AuditEvent))).all()]


def _sender(ctx: AppContext) -> TwilioSmsSender:
    sender = ctx.senders["sms"]
    assert isinstance(sender, TwilioSmsSender)
    return sender


async def test_a_crisis_reply_twilio_took_before_the_crash_is_not_sent_again(
    twilio_ctx: AppContext, fake_twilio: FakeTwilio, clock: FixedClock
) -> None:
    fake_twilio.now = clock.now
    mid, out = await _crisis_row(twilio_ctx)
    await _crash_mid_send(twilio_ctx, mid)
    await _sender(twilio_ctx).send_text(out)  # Twilio took it; the worker died before it could record
    assert await dispatch_due(twilio_ctx) == 1
    assert len(fake_twilio.sent) == 1 and fake_twilio.lookups == 1
    row = await _row(twilio_ctx, mid)
    assert row.status == "sent" and row.provider_id == fake_twilio.sent[0].sid
    assert "outbox.found_sent" in await _actions(twilio_ctx)


async def test_a_crisis_reply_twilio_never_took_is_sent_at_once(
    twilio_ctx: AppContext, fake_twilio: FakeTwilio, clock: FixedClock
) -> None:
    fake_twilio.now = clock.now
    mid, _ = await _crisis_row(twilio_ctx)
    await _crash_mid_send(twilio_ctx, mid)
    assert await dispatch_due(twilio_ctx) == 1
    assert [m.body for m in fake_twilio.sent] == [CRISIS] and fake_twilio.lookups == 1
    assert (await _row(twilio_ctx, mid)).provider_id == fake_twilio.sent[0].sid


async def test_the_same_text_sent_earlier_for_another_row_is_not_taken_for_this_one(
    twilio_ctx: AppContext, fake_twilio: FakeTwilio, clock: FixedClock
) -> None:
    fake_twilio.now = clock.now
    first, _ = await _crisis_row(twilio_ctx)
    await dispatch_due(twilio_ctx)
    second, _ = await _crisis_row(twilio_ctx)  # the child texted again: the same crisis reply
    await _crash_mid_send(twilio_ctx, second)
    await dispatch_due(twilio_ctx)
    assert len(fake_twilio.sent) == 2
    assert {(await _row(twilio_ctx, i)).provider_id for i in (first, second)} == {
        m.sid for m in fake_twilio.sent
    }


async def test_a_text_sent_before_the_claim_is_not_taken_for_it(
    twilio_ctx: AppContext, fake_twilio: FakeTwilio, clock: FixedClock
) -> None:
    fake_twilio.now = lambda: clock.now().replace(year=2025)  # an old identical text, not ours
    mid, out = await _crisis_row(twilio_ctx)
    await _sender(twilio_ctx).send_text(out)
    await _crash_mid_send(twilio_ctx, mid)
    await dispatch_due(twilio_ctx)
    assert len(fake_twilio.sent) == 2


async def test_when_twilio_cannot_be_asked_the_row_waits_and_is_not_sent(
    twilio_ctx: AppContext, fake_twilio: FakeTwilio, clock: FixedClock
) -> None:
    fake_twilio.now = clock.now
    mid, _ = await _crisis_row(twilio_ctx)
    await _crash_mid_send(twilio_ctx, mid)
    fake_twilio.fail(fakes.SERVER_ERROR)  # the lookup fails
    await dispatch_due(twilio_ctx)
    row = await _row(twilio_ctx, mid)
    assert fake_twilio.sent == [] and row.status == "queued" and row.unconfirmed_since is not None
    clock.advance(seconds=60)
    await dispatch_due(twilio_ctx)
    assert len(fake_twilio.sent) == 1 and fake_twilio.lookups == 2
