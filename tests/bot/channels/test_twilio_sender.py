"""The real `twilio` client against the fake REST API over HTTP, driven by the dispatcher."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlmodel import select

from bot.app.clock import FixedClock
from bot.app.context import AppContext
from bot.channels.base import OutboundMessage
from bot.channels.sms_text import measure
from bot.channels.twilio_sms import TwilioSmsSender
from bot.messaging.dispatcher import dispatch_due
from bot.messaging.outbox import enqueue
from bot.storage.models import AuditEvent, Contact, Message
from flows.engine import Priority
from tests.bot.channels import fake_twilio as fakes
from tests.bot.channels.conftest import FROM_NUMBER, PUBLIC_URL, MakeCtx, give_up_after
from tests.bot.channels.fake_time import FakeTime
from tests.bot.channels.fake_twilio import FakeTwilio

TO = "+447700900123"


async def _contact(ctx: AppContext, address: str = TO) -> Contact:
    async with ctx.db.session() as s:
        c = Contact(channel="sms", address=address, first_seen=ctx.now(), last_seen=ctx.now())
        s.add(c)
        await s.commit()
        await s.refresh(c)
        return c


async def _queue(
    ctx: AppContext, c: Contact, text: str, priority: int = Priority.REPLY, kind: str = "reply"
) -> int:
    async with ctx.db.session() as s:
        row = await enqueue(s, c, text, now=ctx.now(), priority=priority, kind=kind)
        await s.commit()
        assert row.id is not None
        return row.id


async def _row(ctx: AppContext, message_id: int) -> Message:
    async with ctx.db.session() as s:
        row = await s.get(Message, message_id)
        assert row is not None
        return row


async def _contact_row(ctx: AppContext, contact_id: int | None) -> Contact:
    async with ctx.db.session() as s:
        c = await s.get(Contact, contact_id)
        assert c is not None
        return c


async def test_reply_reaches_twilio_with_from_number_and_status_callback(
    twilio_ctx: AppContext, fake_twilio: FakeTwilio
) -> None:
    c = await _contact(twilio_ctx)
    mid = await _queue(twilio_ctx, c, "It\u2019s ok \u2013 we\u2019re here\u2026")
    assert await dispatch_due(twilio_ctx) == 1
    [sent] = fake_twilio.sent
    assert (sent.to, sent.from_, sent.messaging_service_sid) == (TO, FROM_NUMBER, None)
    assert sent.body == "It's ok - we're here..."
    assert sent.status_callback == f"{PUBLIC_URL}/webhooks/twilio/status"
    assert fake_twilio.auth_users == [fakes.ACCOUNT_SID]
    row = await _row(twilio_ctx, mid)
    assert (row.status, row.provider_id, row.segments, row.encoding) == ("sent", sent.sid, 1, "GSM-7")


async def test_messaging_service_sid_is_used_instead_of_a_number(
    make_twilio_ctx: MakeCtx, fake_twilio: FakeTwilio
) -> None:
    ctx = await make_twilio_ctx(twilio_from_number=None, twilio_messaging_service_sid="MG" + "2" * 32)
    await _queue(ctx, await _contact(ctx), "hello")
    await dispatch_due(ctx)
    [sent] = fake_twilio.sent
    assert sent.from_ is None and sent.messaging_service_sid == "MG" + "2" * 32


async def test_no_public_url_means_no_status_callback(
    make_twilio_ctx: MakeCtx, fake_twilio: FakeTwilio
) -> None:
    ctx = await make_twilio_ctx(public_url=None)
    await _queue(ctx, await _contact(ctx), "hello")
    await dispatch_due(ctx)
    assert fake_twilio.sent[0].status_callback is None


@pytest.mark.parametrize(
    ("failure", "opted_out", "unreachable"),
    [
        (fakes.OPTED_OUT, True, False),
        (fakes.UNREACHABLE, False, True),
        (fakes.UNKNOWN_DESTINATION, False, True),
        (fakes.LANDLINE, False, True),
        (fakes.INVALID_TO, False, True),
        (fakes.NOT_MOBILE, False, True),
        (fakes.BAD_FROM, False, False),
    ],
    ids=lambda v: str(v.code) if isinstance(v, fakes.Failure) else None,
)
async def test_final_errors_fail_at_once_and_update_the_contact(
    twilio_ctx: AppContext,
    fake_twilio: FakeTwilio,
    failure: fakes.Failure,
    opted_out: bool,
    unreachable: bool,
) -> None:
    c = await _contact(twilio_ctx)
    mid = await _queue(twilio_ctx, c, "hello")
    fake_twilio.fail(failure)
    await dispatch_due(twilio_ctx)
    row = await _row(twilio_ctx, mid)
    assert (row.status, row.error_code, row.attempts) == ("failed", str(failure.code), 1)
    contact = await _contact_row(twilio_ctx, c.id)
    assert (contact.opted_out, contact.unreachable) == (opted_out, unreachable)
    if unreachable:
        assert contact.unreachable_reason == str(failure.code)
    assert fake_twilio.sent == []
    # a send-time refusal leaves the same audit event as a delivery receipt would
    async with twilio_ctx.db.session() as s:
        events = (await s.exec(select(AuditEvent).where(AuditEvent.subject_type == "contact"))).all()
    expected = ["contact.opted_out"] if opted_out else ["channel.unreachable"] if unreachable else []
    assert [e.action for e in events] == expected
    for e in events:
        assert e.subject_id == str(c.id) and e.actor == "dispatcher:sms"
        assert e.details == {"message_id": mid, "code": str(failure.code), "channel": "sms", "source": "send"}


@pytest.mark.parametrize(
    ("failure", "code", "wait_s"),
    [(fakes.SERVER_ERROR, "20500", 5), (fakes.RATE_LIMITED, "20429", 30), (fakes.TIMEOUT, "network", 5)],
    ids=["500", "429-retry-after", "timeout"],
)
async def test_transient_errors_retry_with_backoff_then_send(
    twilio_ctx: AppContext,
    fake_twilio: FakeTwilio,
    clock: FixedClock,
    failure: fakes.Failure,
    code: str,
    wait_s: int,
) -> None:
    mid = await _queue(twilio_ctx, await _contact(twilio_ctx), "hello")
    if failure.timeout:
        give_up_after(twilio_ctx)
    fake_twilio.fail(failure)
    await dispatch_due(twilio_ctx)
    row = await _row(twilio_ctx, mid)
    assert (row.status, row.error_code, row.attempts) == ("queued", code, 1)
    assert row.next_attempt_at == clock.now() + dt.timedelta(seconds=wait_s)
    assert await dispatch_due(twilio_ctx) == 0  # not due yet
    clock.advance(seconds=wait_s)
    await dispatch_due(twilio_ctx)
    row = await _row(twilio_ctx, mid)
    assert row.status == "sent" and row.provider_id == fake_twilio.sent[-1].sid


async def test_connection_refused_is_transient(make_twilio_ctx: MakeCtx) -> None:
    ctx = await make_twilio_ctx(twilio_api_base="http://127.0.0.1:9")  # nothing listens on the discard port
    mid = await _queue(ctx, await _contact(ctx), "hello")
    await dispatch_due(ctx)
    row = await _row(ctx, mid)
    assert (row.status, row.error_code) == ("queued", "network")


async def test_long_text_goes_as_parts_cut_at_sentences_and_row_counts_every_segment(
    twilio_ctx: AppContext, fake_twilio: FakeTwilio
) -> None:
    text = " ".join(f"Service {i} can help you with worries about school." for i in range(60))
    mid = await _queue(twilio_ctx, await _contact(twilio_ctx), text)
    await dispatch_due(twilio_ctx)
    bodies = [s.body for s in fake_twilio.sent]
    assert len(bodies) == 2 and " ".join(bodies) == text
    assert all(b.endswith("school.") for b in bodies)
    row = await _row(twilio_ctx, mid)
    assert row.provider_id == fake_twilio.sent[0].sid
    assert row.segments == sum(measure(b).segments for b in bodies) == 20


async def test_a_retry_after_a_partial_send_does_not_resend_parts(
    twilio_ctx: AppContext, fake_twilio: FakeTwilio, clock: FixedClock
) -> None:
    text = " ".join(f"Service {i} can help you with worries about school." for i in range(60))
    mid = await _queue(twilio_ctx, await _contact(twilio_ctx), text)
    sender = twilio_ctx.senders["sms"]
    assert isinstance(sender, TwilioSmsSender)
    original = sender._create
    calls = 0

    async def flaky(message: OutboundMessage, body: str) -> str:
        nonlocal calls
        calls += 1
        if calls == 2:
            fake_twilio.fail(fakes.SERVER_ERROR)
        return await original(message, body)

    sender._create = flaky  # type: ignore[method-assign]
    await dispatch_due(twilio_ctx)
    assert len(fake_twilio.sent) == 1 and (await _row(twilio_ctx, mid)).status == "queued"
    clock.advance(seconds=5)
    await dispatch_due(twilio_ctx)
    assert len(fake_twilio.sent) == 2  # the first part was not sent again
    assert " ".join(s.body for s in fake_twilio.sent) == text


async def test_stop_confirmation_is_left_to_twilio(twilio_ctx: AppContext, fake_twilio: FakeTwilio) -> None:
    mid = await _queue(twilio_ctx, await _contact(twilio_ctx), "You will get no more texts.", kind="stopped")
    await dispatch_due(twilio_ctx)
    assert fake_twilio.attempts == 0
    assert (await _row(twilio_ctx, mid)).status == "skipped"


async def test_sends_are_paced_in_segments_per_second(
    twilio_ctx: AppContext, fake_twilio: FakeTwilio, fake_time: FakeTime
) -> None:
    c = await _contact(twilio_ctx)
    await _queue(twilio_ctx, c, "one")
    await _queue(twilio_ctx, c, "x " * 100)  # 2 segments
    await _queue(twilio_ctx, c, "three")
    await dispatch_due(twilio_ctx)
    assert len(fake_twilio.sent) == 3
    assert fake_time.sleeps == [1.0, 2.0]  # second waits 1 s for a full bucket, the third pays the debt


async def test_rows_on_the_fake_match_rows_in_the_outbox(
    twilio_ctx: AppContext, fake_twilio: FakeTwilio
) -> None:
    c = await _contact(twilio_ctx)
    for i in range(3):
        await _queue(twilio_ctx, c, f"message {i}")
    await dispatch_due(twilio_ctx)
    async with twilio_ctx.db.session() as s:
        rows = (await s.exec(select(Message).where(Message.direction == "out"))).all()
    assert sorted(r.provider_id or "" for r in rows) == sorted(m.sid for m in fake_twilio.sent)


async def test_a_final_error_mid_parts_fails_the_row_and_forgets_the_parts(
    twilio_ctx: AppContext, fake_twilio: FakeTwilio
) -> None:
    text = " ".join(f"Service {i} can help you with worries about school." for i in range(60))
    mid = await _queue(twilio_ctx, await _contact(twilio_ctx), text)
    sender = twilio_ctx.senders["sms"]
    assert isinstance(sender, TwilioSmsSender)
    original = sender._create

    async def second_refused(message: OutboundMessage, body: str) -> str:
        if fake_twilio.sent:
            fake_twilio.fail(fakes.BAD_FROM)
        return await original(message, body)

    sender._create = second_refused  # type: ignore[method-assign]
    await dispatch_due(twilio_ctx)
    row = await _row(twilio_ctx, mid)
    assert (row.status, row.error_code, len(fake_twilio.sent)) == ("failed", "21606", 1)
    assert sender._sent_parts == {}
