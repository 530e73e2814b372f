"""The inbox's store on PostgreSQL: the contact and the text in one statement, one round trip.

On SQLite the store is a write transaction (BEGIN, the contact's update or upsert, the insert, COMMIT) on
the event loop's thread. On PostgreSQL each of those was a round trip (BEGIN, UPDATE contact, INSERT
message, COMMIT; a new sender's INSERT contact besides), and between two of them the webhook waited for
its turn on a busy event loop. Here it is one ``INSERT ... SELECT`` with the contact in CTEs, on a
connection in autocommit: the statement is its own transaction, committed (and flushed to the WAL with the
server's ``synchronous_commit``) before it returns, so the text is as durable before the answer as it was.

- ``touched``: the sender's contact, its last_seen moved on (never back), as ``_touch_statement`` does.
- ``created``: only when ``touched`` found no one, the new contact; if another request created it since this
  statement's snapshot, ``ON CONFLICT DO UPDATE`` turns the insert into the same last_seen update (so no
  sequence number is used up by a known sender's text).
- the text, claimed (attempt 1, leased) when no other text of the contact waits, as
  ``inbox._insert_claimed_statement`` does; without a claim policy, unclaimed.

A statement is atomic: a redelivery (the unique channel + provider id) fails the whole of it, the contact's
last_seen included, as the transaction's rollback did; :func:`bot.messaging.inbox.ingest` then reads the
stored row.
"""

from __future__ import annotations

import functools
from typing import Any

from sqlalchemy import and_, bindparam, case, exists, insert, literal, null, select, union_all, update
from sqlalchemy.dialects import postgresql
from sqlalchemy.orm import aliased
from sqlmodel import col

from bot.storage.models import Contact, Message
from bot.storage.models.messages import RECEIVED
from bot.storage.models.types import UTCDateTime


def _table_params(model: Any, prefix: str, skip: set[str]) -> list[tuple[str, Any]]:
    """(column name, bind parameter named ``prefix`` + name, typed as the column) for `model`'s columns."""
    columns = model.__table__.columns
    return [(c.name, bindparam(prefix + c.name, type_=c.type)) for c in columns if c.name not in skip]


def touch_contact() -> Any:
    """The sender's contact (parameters ``of_channel``, ``of_address``, ``seen``): its last_seen moved on,
    never back, and its id returned. Both databases' stores use it (``bot/messaging/inbox.py``)."""
    seen = bindparam("seen", type_=UTCDateTime)
    return (
        update(Contact)
        .where(
            col(Contact.channel) == bindparam("of_channel"),
            col(Contact.address) == bindparam("of_address"),
        )
        .values(last_seen=case((col(Contact.last_seen) < seen, seen), else_=col(Contact.last_seen)))
        .returning(col(Contact.id))
    )


@functools.cache
def store_statement(claim: bool) -> Any:
    """The contact (found and touched, or created) and the text, in one statement; returns the text's id,
    its attempts (1: claimed as stored) and its contact's id. Parameters: ``of_channel``, ``of_address``,
    ``seen``, the contact's columns as ``c_<name>``, the message's (but ``contact_id``) as ``m_<name>``,
    and with `claim` ``lease_until`` (then ``m_attempts`` and ``m_claimed_until`` are not given)."""
    touched = touch_contact().cte("touched")
    contact_columns = _table_params(Contact, "c_", {"id"})
    new_contact = select(*(param for _name, param in contact_columns)).where(~exists(select(touched.c.id)))
    upsert = postgresql.insert(Contact).from_select([name for name, _ in contact_columns], new_contact)
    later = case(
        (col(Contact.last_seen) < upsert.excluded.last_seen, upsert.excluded.last_seen),
        else_=col(Contact.last_seen),
    )
    created = (
        upsert.on_conflict_do_update(
            index_elements=[col(Contact.channel), col(Contact.address)], set_={"last_seen": later}
        )
        .returning(col(Contact.id))
        .cte("created")
    )
    the_contact = union_all(select(touched.c.id), select(created.c.id)).cte("the_contact")
    skip = {"id", "contact_id"} | ({"attempts", "claimed_until"} if claim else set())
    message_columns = _table_params(Message, "m_", skip)
    names = ["contact_id", *(name for name, _ in message_columns)]
    values: list[Any] = [the_contact.c.id, *(param for _name, param in message_columns)]
    if claim:
        earlier = aliased(Message, name="earlier")
        waiting = exists(
            select(literal(1)).where(
                and_(
                    col(earlier.contact_id) == the_contact.c.id,
                    col(earlier.direction) == "in",
                    col(earlier.status) == RECEIVED,
                )
            )
        )
        lease_until = bindparam("lease_until", type_=UTCDateTime)
        names += ["attempts", "claimed_until"]
        values += [case((waiting, 0), else_=1), case((waiting, null()), else_=lease_until)]
    return (
        insert(Message)
        .from_select(names, select(*values).select_from(the_contact))
        .returning(col(Message.id), col(Message.attempts), col(Message.contact_id))
    )


def store_params(message: dict[str, Any], contact: dict[str, Any], lease_until: Any | None) -> dict[str, Any]:
    """The parameters of :func:`store_statement` from the message's and the new contact's column values."""
    params = {f"m_{name}": value for name, value in message.items() if name != "contact_id"}
    params |= {f"c_{name}": value for name, value in contact.items()}
    params |= {
        "of_channel": contact["channel"],
        "of_address": contact["address"],
        "seen": contact["last_seen"],
    }
    if lease_until is not None:
        del params["m_attempts"], params["m_claimed_until"]
        params["lease_until"] = lease_until
    return params
