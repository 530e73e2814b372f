"""The inbox: de-duplicate on the provider's id, store, commit. Processing happens after the commit."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy.exc import IntegrityError
from sqlmodel import col, select

from bot.channels.base import InboundMessage
from bot.channels.sms_text import measure
from bot.models import Contact, Message
from bot.models.messages import RECEIVED

if TYPE_CHECKING:
    from bot.context import AppContext

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Ingested:
    message_id: int
    contact_id: int
    duplicate: bool


async def ingest(app: AppContext, inbound: InboundMessage) -> Ingested:
    """Store `inbound` once. A redelivery of the same provider id returns the stored row, unchanged."""
    async with app.db.session() as session:
        found = await session.exec(
            select(Message).where(
                Message.channel == inbound.channel, Message.provider_id == inbound.provider_id
            )
        )
        existing = found.first()
        if existing is not None and existing.id is not None:
            return Ingested(existing.id, existing.contact_id, True)
        contact = await _contact(app, inbound)
        session.add(contact)
        await session.flush()
        assert contact.id is not None
        sized = measure(inbound.text)
        row = Message(
            contact_id=contact.id,
            direction="in",
            channel=inbound.channel,
            provider_id=inbound.provider_id,
            body=inbound.text,
            status=RECEIVED,
            segments=sized.segments,
            encoding=sized.encoding,
            created_at=inbound.received_at,
            meta=dict(inbound.meta),
        )
        session.add(row)
        try:
            await session.commit()
        except IntegrityError:
            await session.rollback()
            return await _duplicate(app, inbound)
        assert row.id is not None
        log.info("inbound stored id=%s channel=%s", row.id, inbound.channel)
        return Ingested(row.id, contact.id, False)


async def _contact(app: AppContext, inbound: InboundMessage) -> Contact:
    async with app.db.session() as session:
        found = await session.exec(
            select(Contact).where(Contact.channel == inbound.channel, Contact.address == inbound.sender)
        )
        contact = found.first()
        if contact is None:
            contact = Contact(
                channel=inbound.channel,
                address=inbound.sender,
                language=app.config.service.default_language,
                first_seen=inbound.received_at,
                last_seen=inbound.received_at,
            )
            session.add(contact)
            try:
                await session.commit()
            except IntegrityError:  # created by a concurrent request
                await session.rollback()
                found = await session.exec(
                    select(Contact).where(
                        Contact.channel == inbound.channel, Contact.address == inbound.sender
                    )
                )
                contact = found.one()
        contact.last_seen = max(contact.last_seen, inbound.received_at)
        return contact


async def _duplicate(app: AppContext, inbound: InboundMessage) -> Ingested:
    async with app.db.session() as session:
        found = await session.exec(
            select(Message).where(
                Message.channel == inbound.channel, Message.provider_id == inbound.provider_id
            )
        )
        row = found.one()
        assert row.id is not None
        return Ingested(row.id, row.contact_id, True)


async def unprocessed_ids(app: AppContext) -> list[int]:
    """Inbound messages stored but not yet processed (a crash between store and process), oldest first."""
    async with app.db.session() as session:
        rows = await session.exec(
            select(Message.id)
            .where(Message.direction == "in", Message.status == RECEIVED)
            .order_by(col(Message.id))
        )
        return [i for i in rows.all() if i is not None]
