"""`my_chat_member` updates through the real webhook: blocking the bot opts the contact out, unblocking in."""

# ruff: noqa: F811  (fixtures are imported from conftest_telegram and named as parameters)

from __future__ import annotations

import datetime as dt
from typing import Any

import httpx
from sqlmodel import col, select

from bot.app.clock import FixedClock
from bot.app.context import AppContext
from bot.messaging.dispatcher import dispatch_due
from bot.storage.models import AuditEvent, Contact, Message
from tests.bot.channels.conftest_telegram import (  # noqa: F401
    fake_tg,
    payload,
    post_update,
    tg_client,
    tg_ctx,
    tg_monotonic,
)
from tests.bot.channels.fake_telegram import FakeTelegram

SAM = "5112233445"


async def _contact(app: AppContext) -> Contact | None:
    async with app.db.session() as s:
        rows = await s.exec(select(Contact).where(Contact.channel == "telegram", Contact.address == SAM))
        return rows.first()


async def _messages(app: AppContext) -> list[Message]:
    async with app.db.session() as s:
        return list((await s.exec(select(Message).order_by(col(Message.id)))).all())


async def _contact_events(app: AppContext) -> list[AuditEvent]:
    async with app.db.session() as s:
        rows = await s.exec(
            select(AuditEvent)
            .where(col(AuditEvent.action).in_(["contact.opted_out", "contact.opted_in"]))
            .order_by(col(AuditEvent.id))
        )
        return list(rows.all())


async def _deliver(app: AppContext) -> None:
    while await dispatch_due(app):
        pass


async def test_blocking_opts_out_and_unblocking_opts_back_in(
    tg_ctx: AppContext, tg_client: httpx.AsyncClient, fake_tg: FakeTelegram
) -> None:
    await post_update(tg_client, payload("text"))
    await _deliver(tg_ctx)
    before = await _messages(tg_ctx)
    sent_before = len(fake_tg.sent())

    blocked = await post_update(tg_client, payload("my_chat_member_kicked"))
    assert blocked.status_code == 200
    contact = await _contact(tg_ctx)
    assert contact is not None and contact.opted_out and contact.opted_out_at == tg_ctx.now()
    redelivered = await post_update(tg_client, payload("my_chat_member_kicked"))
    assert redelivered.status_code == 200
    [event] = await _contact_events(tg_ctx)  # the redelivery changed nothing
    assert (event.action, event.actor, event.subject_id) == ("contact.opted_out", "telegram", str(contact.id))
    assert event.details == {
        "message_id": None,
        "code": "blocked",
        "channel": "telegram",
        "source": "my_chat_member",
    }

    await _deliver(tg_ctx)
    assert await _messages(tg_ctx) == before  # nothing stored as a text, nothing queued to a blocked chat
    assert len(fake_tg.sent()) == sent_before

    unblocked = await post_update(tg_client, payload("my_chat_member_member"))
    assert unblocked.status_code == 200
    contact = await _contact(tg_ctx)
    assert contact is not None and not contact.opted_out and contact.opted_out_at is None
    assert [e.action for e in await _contact_events(tg_ctx)] == ["contact.opted_out", "contact.opted_in"]
    await _deliver(tg_ctx)
    assert len(fake_tg.sent()) == sent_before  # unblocking sends nothing; /start comes next


async def test_after_a_block_texts_wait_but_a_crisis_is_still_escalated(
    tg_ctx: AppContext, tg_client: httpx.AsyncClient, fake_tg: FakeTelegram
) -> None:
    await post_update(tg_client, payload("text"))
    await _deliver(tg_ctx)
    await post_update(tg_client, payload("my_chat_member_kicked"))
    risk: dict[str, Any] = payload("text")
    risk["update_id"] += 7
    risk["message"]["text"] = "i want to kill myself"
    await post_update(tg_client, risk)
    async with tg_ctx.db.session() as s:
        kinds = (await s.exec(select(Message.kind).where(Message.direction == "out"))).all()
        opened = (
            await s.exec(select(AuditEvent.action).where(AuditEvent.action == "escalation.opened"))
        ).all()
    assert any(k.startswith("crisis_") for k in kinds) and opened == ["escalation.opened"]


async def test_unknown_chat_creates_no_contact(tg_ctx: AppContext, tg_client: httpx.AsyncClient) -> None:
    for name in ("my_chat_member_member", "my_chat_member_kicked"):
        assert (await post_update(tg_client, payload(name))).status_code == 200
    assert await _contact(tg_ctx) is None
    assert await _messages(tg_ctx) == []


async def test_an_unblock_older_than_the_opt_out_is_ignored(
    tg_ctx: AppContext, tg_client: httpx.AsyncClient, clock: FixedClock
) -> None:
    await post_update(tg_client, payload("text"))
    unblock: dict[str, Any] = payload("my_chat_member_member")
    when = dt.datetime.fromtimestamp(unblock["my_chat_member"]["date"], dt.UTC)
    clock.set(when + dt.timedelta(minutes=1))
    stop: dict[str, Any] = payload("text")
    stop["update_id"] += 3
    stop["message"]["text"] = "STOP"
    await post_update(tg_client, stop)  # opted out a minute after the unblock was made
    await post_update(tg_client, unblock)
    contact = await _contact(tg_ctx)
    assert contact is not None and contact.opted_out
