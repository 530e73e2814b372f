"""TelegramSender: PTB's real Bot over real HTTP to the fake Bot API, through the real dispatcher."""

# ruff: noqa: F811  (fixtures are imported from conftest_telegram and named as parameters)

from __future__ import annotations

import datetime as dt

import pytest
from sqlmodel import select

from bot.app.context import AppContext
from bot.channels.base import OutboundMessage, SendError
from bot.channels.telegram import TelegramSender
from bot.messaging.dispatcher import dispatch_due
from bot.messaging.outbox import enqueue
from bot.storage.models import AuditEvent, Contact, Message
from bot.storage.models.messages import FAILED, QUEUED, SENT
from tests.bot.channels.conftest_telegram import (  # noqa: F401
    FakeMonotonic,
    fake_tg,
    tg_ctx,
    tg_monotonic,
)
from tests.bot.channels.fake_telegram import FakeTelegram

CHAT = "5112233445"


async def _contact(app: AppContext, address: str = CHAT) -> Contact:
    async with app.db.session() as s:
        c = Contact(channel="telegram", address=address, first_seen=app.now(), last_seen=app.now())
        s.add(c)
        await s.commit()
        await s.refresh(c)
        return c


async def _queue(app: AppContext, contact: Contact, text: str, choices: tuple[str, ...] = ()) -> int:
    async with app.db.session() as s:
        row = await enqueue(s, contact, text, now=app.now(), choices=choices)
        await s.commit()
        assert row.id is not None
        return row.id


async def _row(app: AppContext, model: type[Message] | type[Contact], row_id: int) -> Message | Contact:
    async with app.db.session() as s:
        row = await s.get(model, row_id)
        assert row is not None
        return row


def _sender(app: AppContext) -> TelegramSender:
    sender = app.senders["telegram"]
    assert isinstance(sender, TelegramSender)
    return sender


async def test_choices_become_a_one_time_reply_keyboard_and_the_text_is_kept(
    tg_ctx: AppContext, fake_tg: FakeTelegram
) -> None:
    contact = await _contact(tg_ctx)
    mid = await _queue(tg_ctx, contact, "What would you like to do?", ("Find support", "Join my school"))
    assert await dispatch_due(tg_ctx) == 1
    [sent] = fake_tg.sent()
    assert sent["chat_id"] == int(CHAT)
    assert sent["text"] == "What would you like to do?\n1 Find support\n2 Join my school"
    assert sent["reply_markup"] == {
        "keyboard": [[{"text": "1 Find support"}], [{"text": "2 Join my school"}]],
        "one_time_keyboard": True,
        "resize_keyboard": True,
    }
    row = await _row(tg_ctx, Message, mid)
    assert isinstance(row, Message)
    assert row.status == SENT and row.provider_id == f"{CHAT}:1001"


async def test_text_without_choices_removes_any_keyboard_and_bot_is_initialised_once(
    tg_ctx: AppContext, fake_tg: FakeTelegram
) -> None:
    contact = await _contact(tg_ctx)
    await _queue(tg_ctx, contact, "First")
    await _queue(tg_ctx, contact, "Second")
    while await dispatch_due(tg_ctx):
        pass
    assert [s["text"] for s in fake_tg.sent()] == ["First", "Second"]
    assert all(s["reply_markup"] == {"remove_keyboard": True} for s in fake_tg.sent())
    assert len(fake_tg.calls_to("getMe")) == 1


async def test_flood_control_waits_for_retry_after(tg_ctx: AppContext, fake_tg: FakeTelegram) -> None:
    contact = await _contact(tg_ctx)
    mid = await _queue(tg_ctx, contact, "Hello")
    fake_tg.failures.append("429:60")
    await dispatch_due(tg_ctx)
    row = await _row(tg_ctx, Message, mid)
    assert isinstance(row, Message)
    # backoff after one attempt is 5 s; Telegram asked for 60 s, so 60 s wins
    assert row.status == QUEUED and row.error_code == "429"
    assert row.next_attempt_at == tg_ctx.now() + dt.timedelta(seconds=60)
    assert await dispatch_due(tg_ctx) == 0  # not due yet
    tg_ctx.clock.advance(seconds=60)  # type: ignore[attr-defined]
    assert await dispatch_due(tg_ctx) == 1
    assert [s["text"] for s in fake_tg.sent()] == ["Hello"]


async def test_the_recorded_429_gives_retry_after_3(tg_ctx: AppContext, fake_tg: FakeTelegram) -> None:
    fake_tg.failures.append("429")
    with pytest.raises(SendError) as caught:
        await _sender(tg_ctx).send_text(OutboundMessage(1, "telegram", CHAT, "Hi"))
    assert caught.value.transient and caught.value.retry_after == 3.0 and caught.value.code == "429"


@pytest.mark.parametrize("failure", ["blocked", "deactivated"])
async def test_blocked_bot_opts_the_contact_out(
    tg_ctx: AppContext, fake_tg: FakeTelegram, failure: str
) -> None:
    contact = await _contact(tg_ctx)
    first = await _queue(tg_ctx, contact, "Hello")
    later = await _queue(tg_ctx, contact, "Are you still there?")
    fake_tg.failures.append(failure)
    while await dispatch_due(tg_ctx):
        pass
    row = await _row(tg_ctx, Message, first)
    assert isinstance(row, Message) and row.status == FAILED and row.error_code == "403"
    assert row.attempts == 1  # not retried
    assert contact.id is not None
    stored = await _row(tg_ctx, Contact, contact.id)
    assert isinstance(stored, Contact) and stored.opted_out and stored.opted_out_at == tg_ctx.now()
    assert [(e.action, e.details["source"]) for e in await _contact_events(tg_ctx)] == [
        ("contact.opted_out", "send")
    ]
    skipped = await _row(tg_ctx, Message, later)
    assert isinstance(skipped, Message) and skipped.status == "skipped"
    assert fake_tg.sent() == []


async def test_chat_not_found_fails_finally_and_marks_unreachable(
    tg_ctx: AppContext, fake_tg: FakeTelegram
) -> None:
    contact = await _contact(tg_ctx)
    mid = await _queue(tg_ctx, contact, "Hello")
    fake_tg.failures.append("chat_not_found")
    await dispatch_due(tg_ctx)
    row = await _row(tg_ctx, Message, mid)
    assert isinstance(row, Message) and row.status == FAILED and row.error_code == "400"
    assert "chat not found" in (row.error or "").lower()
    assert contact.id is not None
    stored = await _row(tg_ctx, Contact, contact.id)
    assert isinstance(stored, Contact) and stored.unreachable and not stored.opted_out
    [event] = await _contact_events(tg_ctx)
    assert (event.action, event.subject_id, event.actor) == (
        "channel.unreachable",
        str(contact.id),
        "dispatcher:telegram",
    )
    assert event.details == {"message_id": mid, "code": "400", "channel": "telegram", "source": "send"}


async def _contact_events(ctx: AppContext) -> list[AuditEvent]:
    async with ctx.db.session() as s:
        return list((await s.exec(select(AuditEvent).where(AuditEvent.subject_type == "contact"))).all())


@pytest.mark.parametrize(("failure", "code"), [("500", "network"), ("timeout", "timeout")])
async def test_outage_and_timeout_are_retried_until_sent(
    tg_ctx: AppContext, fake_tg: FakeTelegram, failure: str, code: str
) -> None:
    contact = await _contact(tg_ctx)
    mid = await _queue(tg_ctx, contact, "Hello")
    fake_tg.failures.append(failure)
    await dispatch_due(tg_ctx)
    row = await _row(tg_ctx, Message, mid)
    assert isinstance(row, Message) and row.status == QUEUED and row.error_code == code
    assert row.next_attempt_at == tg_ctx.now() + dt.timedelta(seconds=5)
    tg_ctx.clock.advance(seconds=5)  # type: ignore[attr-defined]
    await dispatch_due(tg_ctx)
    row = await _row(tg_ctx, Message, mid)
    assert isinstance(row, Message) and row.status == SENT and row.attempts == 2
    assert [s["text"] for s in fake_tg.sent()] == ["Hello"]


async def test_per_chat_limit_spaces_messages_to_one_chat_by_a_second(
    tg_ctx: AppContext, fake_tg: FakeTelegram, tg_monotonic: FakeMonotonic
) -> None:
    one = await _contact(tg_ctx)
    other = await _contact(tg_ctx, "7334455667")
    for text in ("a", "b", "c"):
        await _queue(tg_ctx, one, text)
    await _queue(tg_ctx, other, "d")
    while await dispatch_due(tg_ctx):
        pass
    # a goes at once; d (another chat, sent beside it) only waits the global 1/25 s; b waits for a's second
    # (0.96 s after d's slot) and c a second more: one chat still gets one text a second
    assert [s["text"] for s in fake_tg.sent()] == ["a", "d", "b", "c"]
    assert tg_monotonic.slept == pytest.approx([0.04, 0.96, 1.0])
    assert tg_monotonic.now == pytest.approx(1002.0)


async def test_close_shuts_the_bot_down(tg_ctx: AppContext, fake_tg: FakeTelegram) -> None:
    sender = _sender(tg_ctx)
    await sender.send_text(OutboundMessage(1, "telegram", CHAT, "Hi"))
    await tg_ctx.close()
    assert sender.bot.request._client.is_closed  # type: ignore[attr-defined]
    # used again after a shutdown, the Bot is initialised afresh (a second getMe)
    await sender.send_text(OutboundMessage(2, "telegram", CHAT, "Hi again"))
    assert len(fake_tg.calls_to("getMe")) == 2
    await sender.aclose()
