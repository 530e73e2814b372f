"""The inbox: de-duplicate on the provider's id, store, commit. Processing happens after the commit.

A webhook stores with ``claim=`` the processing policy: the text is then claimed for this worker in the
same INSERT (``attempts`` 1, ``claimed_until`` now + lease) when no other text of the contact waits, so
the task that processes it needs no claim transaction of its own (``bot/messaging/inbound_claims.py``).
"""

from __future__ import annotations

import functools
import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import and_, bindparam, case, exists, insert, null
from sqlalchemy import select as sa_select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.channels.base import InboundMessage
from bot.channels.sms_text import measure
from bot.messaging.inbox_pg import store_params, store_statement, touch_contact
from bot.storage.models import Contact, Message
from bot.storage.models.messages import RECEIVED
from bot.storage.models.types import UTCDateTime
from bot.storage.plain import plain

if TYPE_CHECKING:
    from bot.app.context import AppContext
    from bot.messaging.inbound_claims import RecoveryPolicy

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Ingested:
    message_id: int
    contact_id: int
    duplicate: bool
    claimed: bool = False
    """Claimed for this worker as it was stored (attempt 1): process it with ``process_contact(...,
    claimed=message_id)``; no other worker takes it before its lease runs out."""


async def ingest(app: AppContext, inbound: InboundMessage, claim: RecoveryPolicy | None = None) -> Ingested:
    """Store `inbound` once. A redelivery of the same provider id returns the stored row, unchanged.

    On PostgreSQL one autocommit statement (``bot/messaging/inbox_pg.py``: one round trip). On SQLite
    one session (one pooled connection, one SQLite write) per call, waited for at most
    `database.pool_timeout_seconds` ahead of background work; past that `StoreBusy` (a 503, see
    bot/web/store_guard.py). The size is measured before the session opens, so the writer is held briefly.
    With `claim`, the new text is also claimed under that policy's lease when none of the contact's other
    texts waits (it is then next in order); otherwise it waits for whoever processes the earlier ones.
    """
    sized = measure(inbound.text)
    wait = app.config.database.pool_timeout_seconds
    values = {
        **_message_defaults(),
        "contact_id": 0,
        "direction": "in",
        "channel": inbound.channel,
        "provider_id": inbound.provider_id,
        "body": inbound.text,
        "status": RECEIVED,
        "segments": sized.segments,
        "encoding": sized.encoding,
        "created_at": inbound.received_at,
        "meta": dict(inbound.meta),
    }
    if not app.db.is_sqlite:
        return await _ingest_in_one_statement(app, inbound, values, claim)
    async with app.db.session(urgent=True, wait_seconds=wait) as session:
        # No look-up first: the unique (channel, provider id) refuses a redelivery, which rolls back
        # everything this call wrote (the contact's last_seen too), and the stored row is read then.
        # A redelivery is rare; a look-up before every insert was one more statement per text.
        contact_id = await _touch_contact(session, inbound) or await _new_contact(app, session, inbound)
        values["contact_id"] = contact_id
        statement = _insert_message_statement()
        if claim is not None:
            statement = _insert_claimed_statement()
            del values["attempts"], values["claimed_until"]
            values |= {"of_contact": contact_id, "lease_until": inbound.received_at + claim.lease}
        try:
            inserted = (await plain(session, statement, values)).one()
            message_id, claimed = int(inserted[0]), claim is not None and int(inserted[1]) == 1
            await session.commit()
        except IntegrityError:  # a redelivery: the same provider id stored before (or by another worker)
            await session.rollback()
            found = await _stored(session, inbound)
            assert found is not None
            return found
        log.info("inbound stored id=%s channel=%s", message_id, inbound.channel)
        return Ingested(message_id, contact_id, False, claimed)


async def _ingest_in_one_statement(
    app: AppContext, inbound: InboundMessage, values: dict[str, Any], claim: RecoveryPolicy | None
) -> Ingested:
    """PostgreSQL: the contact and the text in one autocommit statement (``bot/messaging/inbox_pg.py``)."""
    lease_until = inbound.received_at + claim.lease if claim is not None else None
    params = store_params(values, _new_contact_values(app, inbound), lease_until)
    try:
        async with app.db.autocommit() as connection:
            row = (await connection.execute(store_statement(claim is not None), params)).one()
    except IntegrityError:  # a redelivery: nothing of this statement was written
        async with app.db.read_session() as session:
            found = await _stored(session, inbound)
        assert found is not None
        return found
    message_id, contact_id = int(row[0]), int(row[2])
    log.info("inbound stored id=%s channel=%s", message_id, inbound.channel)
    return Ingested(message_id, contact_id, False, claim is not None and int(row[1]) == 1)


@functools.cache
def _message_defaults() -> dict[str, Any]:
    """The model's defaults for the columns :func:`ingest` does not set (the insert below is a plain
    statement, not an ORM object: building and flushing a ``Message`` cost more than the insert itself)."""
    return {
        name: field.get_default(call_default_factory=True)
        for name, field in Message.model_fields.items()
        if not field.is_required() and name != "id"
    }


@functools.cache
def _insert_message_statement() -> Any:
    return insert(Message).returning(col(Message.id), col(Message.attempts))


@functools.cache
def _insert_claimed_statement() -> Any:
    """The insert, claiming the new text (attempt 1, leased until ``lease_until``) unless another text of
    the contact (``of_contact``) waits: then it is stored unclaimed, behind that one. Built once."""
    waiting = exists(
        sa_select(col(Message.id)).where(
            and_(
                col(Message.contact_id) == bindparam("of_contact"),
                col(Message.direction) == "in",
                col(Message.status) == RECEIVED,
            )
        )
    )
    lease_until = bindparam("lease_until", type_=UTCDateTime)
    return (
        insert(Message)
        .values(
            attempts=case((waiting, 0), else_=1),
            claimed_until=case((waiting, null()), else_=lease_until),
        )
        .returning(col(Message.id), col(Message.attempts))
    )


@functools.cache
def _touch_statement() -> Any:
    """The sender's contact: its last_seen moved on (never back), its id returned; built once."""
    return touch_contact().execution_options(synchronize_session=False)


async def _touch_contact(session: AsyncSession, inbound: InboundMessage) -> int | None:
    """The id of the sender's contact, its last_seen updated; None if they are new."""
    params = {"of_channel": inbound.channel, "of_address": inbound.sender, "seen": inbound.received_at}
    found = (await plain(session, _touch_statement(), params)).first()
    return int(found[0]) if found is not None else None


async def _new_contact(app: AppContext, session: AsyncSession, inbound: InboundMessage) -> int:
    """A new sender's contact, created in one statement; if another request created it since the update
    above found none, the insert turns into the same last_seen update (``ON CONFLICT DO UPDATE``)."""
    dialect = "sqlite" if app.db.is_sqlite else "postgresql"
    values = _new_contact_values(app, inbound)
    found = (await plain(session, _upsert_contact_statement(dialect), values)).one()
    return int(found[0])


def _new_contact_values(app: AppContext, inbound: InboundMessage) -> dict[str, Any]:
    """Every column of the sender's contact but its id, were they new."""
    return {
        **_contact_defaults(),
        "channel": inbound.channel,
        "address": inbound.sender,
        "language": app.config.service.default_language,
        "first_seen": inbound.received_at,
        "last_seen": inbound.received_at,
    }


@functools.cache
def _contact_defaults() -> dict[str, Any]:
    """The model's defaults for the contact columns :func:`_new_contact` does not set."""
    return {
        name: field.get_default(call_default_factory=True)
        for name, field in Contact.model_fields.items()
        if not field.is_required() and name != "id"
    }


@functools.cache
def _upsert_contact_statement(dialect: str) -> Any:
    """``INSERT ... ON CONFLICT (channel, address) DO UPDATE`` last_seen (never back) ``RETURNING id``."""
    make = sqlite.insert if dialect == "sqlite" else postgresql.insert
    statement = make(Contact)
    later = case(
        (col(Contact.last_seen) < statement.excluded.last_seen, statement.excluded.last_seen),
        else_=col(Contact.last_seen),
    )
    return statement.on_conflict_do_update(
        index_elements=[col(Contact.channel), col(Contact.address)], set_={"last_seen": later}
    ).returning(col(Contact.id))


async def _stored(session: AsyncSession, inbound: InboundMessage) -> Ingested | None:
    found = await session.exec(
        select(Message).where(Message.channel == inbound.channel, Message.provider_id == inbound.provider_id)
    )
    row = found.first()
    if row is None or row.id is None:
        return None
    return Ingested(row.id, row.contact_id, True)


async def unprocessed_ids(app: AppContext) -> list[int]:
    """Inbound messages stored but not yet processed (a crash between store and process), oldest first."""
    async with app.db.read_session() as session:
        rows = await session.exec(
            select(Message.id)
            .where(Message.direction == "in", Message.status == RECEIVED)
            .order_by(col(Message.id))
        )
        return [i for i in rows.all() if i is not None]
