"""Recorded Twilio status callbacks through the real app: a forward-only delivery state machine."""

from __future__ import annotations

import pytest
from sqlmodel import select

from bot.app.context import AppContext
from bot.messaging.dispatcher import dispatch_due
from bot.messaging.outbox import enqueue
from bot.storage.models import AuditEvent, Contact, Message
from tests.bot.channels.conftest import Webhooks, payload
from tests.bot.channels.fake_twilio import FakeTwilio

TO = "+447700900123"


async def _sent_row(ctx: AppContext) -> tuple[int, str]:
    """One reply sent through the fake; returns (message id, Twilio SID)."""
    async with ctx.db.session() as s:
        c = Contact(channel="sms", address=TO, first_seen=ctx.now(), last_seen=ctx.now())
        s.add(c)
        await s.commit()
        row = await enqueue(s, c, "hello", now=ctx.now())
        await s.commit()
        assert row.id is not None
        mid = row.id
    await dispatch_due(ctx)
    row = await _row(ctx, mid)
    assert row.status == "sent" and row.provider_id
    return mid, row.provider_id


async def _row(ctx: AppContext, mid: int) -> Message:
    async with ctx.db.session() as s:
        row = await s.get(Message, mid)
        assert row is not None
        return row


async def _contact(ctx: AppContext) -> Contact:
    async with ctx.db.session() as s:
        return (await s.exec(select(Contact).where(Contact.address == TO))).one()


async def _audit(ctx: AppContext) -> list[AuditEvent]:
    async with ctx.db.session() as s:
        return list((await s.exec(select(AuditEvent))).all())


def _status(name: str, sid: str, **changes: str) -> dict[str, str]:
    return payload(name, MessageSid=sid, SmsSid=sid, **changes)


async def test_sent_then_delivered(
    twilio_ctx: AppContext, webhooks: Webhooks, fake_twilio: FakeTwilio
) -> None:
    mid, sid = await _sent_row(twilio_ctx)
    assert (await webhooks.status(_status("twilio_status_sent", sid))).status_code == 204
    assert (await _row(twilio_ctx, mid)).status == "sent"
    assert (await webhooks.status(_status("twilio_status_delivered", sid))).status_code == 204
    row = await _row(twilio_ctx, mid)
    assert row.status == "delivered" and row.delivered_at == twilio_ctx.now()


@pytest.mark.parametrize("late", ["queued", "sending", "sent", "undelivered", "failed"])
async def test_a_late_callback_never_moves_a_delivered_row_back(
    twilio_ctx: AppContext, webhooks: Webhooks, fake_twilio: FakeTwilio, late: str
) -> None:
    mid, sid = await _sent_row(twilio_ctx)
    await webhooks.status(_status("twilio_status_delivered", sid))
    form = _status("twilio_status_undelivered", sid, MessageStatus=late, SmsStatus=late)
    assert (await webhooks.status(form)).status_code == 204
    row = await _row(twilio_ctx, mid)
    assert (row.status, row.error_code) == ("delivered", None)
    assert not (await _contact(twilio_ctx)).unreachable


async def test_undelivered_30006_marks_the_number_unreachable_and_tells_the_practitioner_side(
    twilio_ctx: AppContext, webhooks: Webhooks, fake_twilio: FakeTwilio
) -> None:
    mid, sid = await _sent_row(twilio_ctx)
    await webhooks.status(_status("twilio_status_undelivered", sid))
    row = await _row(twilio_ctx, mid)
    assert (row.status, row.error_code) == ("undelivered", "30006")
    contact = await _contact(twilio_ctx)
    assert (contact.unreachable, contact.unreachable_reason) == (True, "30006")
    [event] = [e for e in await _audit(twilio_ctx) if e.action == "channel.unreachable"]
    assert event.subject_id == str(contact.id)
    assert event.details == {"message_id": mid, "code": "30006", "channel": "sms", "source": "receipt"}
    assert TO not in str(event.details)


@pytest.mark.parametrize("code", ["30003", "30005", "30006"])
async def test_each_unreachable_code(
    twilio_ctx: AppContext, webhooks: Webhooks, fake_twilio: FakeTwilio, code: str
) -> None:
    _mid, sid = await _sent_row(twilio_ctx)
    await webhooks.status(_status("twilio_status_undelivered", sid, ErrorCode=code))
    assert (await _contact(twilio_ctx)).unreachable_reason == code


async def test_a_later_delivery_clears_unreachable(
    twilio_ctx: AppContext, webhooks: Webhooks, fake_twilio: FakeTwilio
) -> None:
    _mid, first = await _sent_row(twilio_ctx)
    await webhooks.status(_status("twilio_status_undelivered", first))
    async with twilio_ctx.db.session() as s:
        c = (await s.exec(select(Contact).where(Contact.address == TO))).one()
        await enqueue(s, c, "second", now=twilio_ctx.now())
        await s.commit()
    await dispatch_due(twilio_ctx)
    second = fake_twilio.sent[-1].sid
    await webhooks.status(_status("twilio_status_delivered", second))
    assert not (await _contact(twilio_ctx)).unreachable
    assert "channel.reachable" in [e.action for e in await _audit(twilio_ctx)]


async def test_failed_21610_marks_the_contact_opted_out(
    twilio_ctx: AppContext, webhooks: Webhooks, fake_twilio: FakeTwilio
) -> None:
    mid, sid = await _sent_row(twilio_ctx)
    await webhooks.status(_status("twilio_status_failed", sid))
    row = await _row(twilio_ctx, mid)
    assert (row.status, row.error_code) == ("failed", "21610")
    contact = await _contact(twilio_ctx)
    assert contact.opted_out and contact.opted_out_at == twilio_ctx.now()
    assert "contact.opted_out" in [e.action for e in await _audit(twilio_ctx)]


async def test_other_failure_codes_are_recorded_without_touching_the_contact(
    twilio_ctx: AppContext, webhooks: Webhooks, fake_twilio: FakeTwilio
) -> None:
    mid, sid = await _sent_row(twilio_ctx)
    await webhooks.status(_status("twilio_status_failed", sid, ErrorCode="30007"))  # carrier filtered
    assert ((await _row(twilio_ctx, mid)).status, (await _row(twilio_ctx, mid)).error_code) == (
        "failed",
        "30007",
    )
    contact = await _contact(twilio_ctx)
    assert not contact.opted_out and not contact.unreachable


async def test_unknown_sid_is_acknowledged_and_changes_nothing(
    twilio_ctx: AppContext, webhooks: Webhooks, fake_twilio: FakeTwilio
) -> None:
    mid, _sid = await _sent_row(twilio_ctx)
    response = await webhooks.status(_status("twilio_status_delivered", "SM" + "0" * 32))
    assert response.status_code == 204
    assert (await _row(twilio_ctx, mid)).status == "sent"


async def test_status_callback_needs_a_valid_signature(
    twilio_ctx: AppContext, webhooks: Webhooks, fake_twilio: FakeTwilio
) -> None:
    mid, sid = await _sent_row(twilio_ctx)
    response = await webhooks.status(_status("twilio_status_delivered", sid), signature="AAAA")
    assert response.status_code == 403
    assert (await _row(twilio_ctx, mid)).status == "sent"


@pytest.mark.parametrize("drop", ["MessageSid", "MessageStatus"])
async def test_incomplete_status_is_400(
    twilio_ctx: AppContext, webhooks: Webhooks, fake_twilio: FakeTwilio, drop: str
) -> None:
    mid, sid = await _sent_row(twilio_ctx)
    form = _status("twilio_status_delivered", sid)
    del form[drop]
    del form["SmsSid" if drop == "MessageSid" else "SmsStatus"]
    assert (await webhooks.status(form)).status_code == 400
    assert (await _row(twilio_ctx, mid)).status == "sent"
