"""What the issue-11 tests look at after a text went through the real app: the stored inbound rows,
the outbox, escalations and the contact."""

from __future__ import annotations

from sqlmodel import col, select

from bot.app.context import AppContext
from bot.storage.models import Contact, Message
from safeguarding.models import Escalation


async def inbound(app: AppContext) -> list[Message]:
    async with app.db.session() as s:
        rows = await s.exec(select(Message).where(Message.direction == "in").order_by(col(Message.id)))
        return list(rows.all())


async def outbound_kinds(app: AppContext) -> list[str]:
    async with app.db.session() as s:
        rows = await s.exec(select(Message.kind).where(Message.direction == "out").order_by(col(Message.id)))
        return list(rows.all())


async def escalations(app: AppContext) -> list[Escalation]:
    async with app.db.session() as s:
        return list((await s.exec(select(Escalation))).all())


async def contact(app: AppContext, channel: str, address: str) -> Contact:
    async with app.db.session() as s:
        rows = await s.exec(select(Contact).where(Contact.channel == channel, Contact.address == address))
        return rows.one()


async def assert_crisis_handled(app: AppContext, message: Message) -> None:
    """`message` was screened as a risk: an escalation for it, and a crisis reply in the outbox."""
    assert message.meta.get("severity") in ("high", "immediate"), message.meta
    assert [e.message_id for e in await escalations(app)] == [message.id]
    assert any(kind.startswith("crisis_") for kind in await outbound_kinds(app))
