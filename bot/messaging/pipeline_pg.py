"""The pipeline's first and last statements on PostgreSQL, each folding two round trips into one.

On PostgreSQL every statement is a round trip, and between two of them the task waits for its turn on a
busy event loop (webhooks wait behind it too). So, in the processing transaction (which already holds the
contact's advisory lock, ``bot/messaging/contact_order.py``):

- :func:`lock_with_recent`: the text, row-locked (``FOR UPDATE``), with the contact's texts before it (the
  screen's context, and whether this is their first) read in the same ``SELECT`` as an array, and the
  flood check's count of their texts in its window, where ``pipeline._lock_message``,
  ``pipeline._recent_texts`` and ``flood.held_back``'s query were three statements.
- :func:`mark_processed_and_ask`: the text marked processed (its outcome in ``meta``) and "does another of
  the contact's texts wait after it?" in one statement, where ``pipeline._mark_processed`` and
  ``inbound_claims.waiting_after`` were two. The answer is kept in the session for this transaction;
  ``waiting_after`` takes it from there. It is the same question asked a moment earlier: a text stored
  after it has its own webhook task, which waits for the contact's lock (as before).

SQLite keeps the separate statements (no round trip there; and no ``UPDATE`` in a ``WITH``).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import Integer, bindparam, exists, func, literal, update
from sqlalchemy import select as sa_select
from sqlmodel import col
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.storage.models import Message
from bot.storage.models.messages import PROCESSED, RECEIVED
from bot.storage.plain import plain

if TYPE_CHECKING:
    from bot.app.config import FloodConfig

WAITING_AFTER = "waymark.pipeline.waiting_after"
"""``session.info`` key: (transaction, message id, whether another text of its contact waits after it)."""


@functools.cache
def _lock_with_recent_statement() -> Any:
    """The text by id with every column, locked (``FOR UPDATE OF message``), and ``recent_bodies``: its
    contact's last ``n`` inbound texts before it, newest first (``ARRAY(SELECT ...)``). Built once."""
    me = Message.__table__  # type: ignore[attr-defined]
    other = me.alias("earlier")
    recent = (
        sa_select(other.c.body)
        .where(other.c.contact_id == me.c.contact_id, other.c.direction == "in", other.c.id < me.c.id)
        .order_by(other.c.id.desc())
        .limit(bindparam("n", type_=Integer))
        .correlate(me)
        .scalar_subquery()
    )
    in_window = (
        sa_select(other.c.id)
        .where(
            other.c.contact_id == me.c.contact_id,
            other.c.direction == "in",
            other.c.id < me.c.id,
            other.c.created_at
            > me.c.created_at - func.make_interval(0, 0, 0, 0, 0, 0, bindparam("window_s")),
        )
        .limit(bindparam("flood_n", type_=Integer))
        .correlate(me)
        .subquery("in_window")
    )
    flood_count = sa_select(func.count()).select_from(in_window).scalar_subquery()
    return (
        sa_select(*me.columns, func.array(recent).label("recent_bodies"), flood_count.label("flood_earlier"))
        .where(col(Message.id) == bindparam("message_id"))
        .with_for_update(of=me)
    )


@dataclass(frozen=True)
class Locked:
    """The text, what the screen reads beside it, and what the flood check counts."""

    message: Message
    recent: list[str]
    """The contact's last texts before it, oldest first (the screen's context)."""
    first: bool
    """No text of the contact before it."""
    flood_earlier: int
    """The contact's texts in the flood window before it, at most ``flood.max_replies``."""


async def lock_with_recent(
    session: AsyncSession, message_id: int, n: int, flood: FloodConfig
) -> Locked | None:
    """The inbound text `message_id`, row-locked, if it still waits (else None); with the contact's last `n`
    texts before it, whether it is their first, and their texts in the flood window before it (counted
    as ``flood.held_back`` counts them). Read into a ``Message`` that is not in the session, as
    ``pipeline._lock_message`` does: never ``session.add`` it."""
    params = {
        "message_id": message_id,
        "n": max(n, 1),
        "window_s": float(flood.window_seconds),
        "flood_n": flood.max_replies,
    }
    row = (await plain(session, _lock_with_recent_statement(), params)).first()
    if row is None or row.direction != "in" or row.status != RECEIVED:
        return None
    values = dict(row._mapping)
    earlier: list[str] = list(values.pop("recent_bodies") or [])
    flood_earlier = int(values.pop("flood_earlier"))
    return Locked(Message(**values), list(reversed(earlier[:n])), not earlier, flood_earlier)


@functools.cache
def _processed_and_waiting_statement() -> Any:
    done = (
        update(Message)
        .where(col(Message.id) == bindparam("message_id"))
        .values(status=PROCESSED, processed_at=bindparam("at"), meta=bindparam("outcome"))
        .returning(col(Message.id))
        .cte("done")
    )
    waiting = exists(
        sa_select(literal(1)).where(
            col(Message.contact_id) == bindparam("of_contact"),
            col(Message.direction) == "in",
            col(Message.status) == RECEIVED,
            col(Message.id) > bindparam("message_id"),
        )
    )
    return sa_select(sa_select(func.count()).select_from(done).scalar_subquery(), waiting.label("waiting"))


async def mark_processed_and_ask(session: AsyncSession, msg: Message, at: Any, meta: dict[str, Any]) -> None:
    """Write the text's outcome and keep `msg` in step; keep, for ``waiting_after``, whether another text of
    the contact waits after it."""
    params = {"message_id": msg.id, "at": at, "outcome": meta, "of_contact": msg.contact_id}
    updated, waiting = (await plain(session, _processed_and_waiting_statement(), params)).one()
    assert updated == 1
    msg.status, msg.processed_at, msg.meta = PROCESSED, at, meta
    session.info[WAITING_AFTER] = (session.sync_session.get_transaction(), msg.id, bool(waiting))


def waiting_known(session: AsyncSession, message_id: int) -> bool | None:
    """What :func:`mark_processed_and_ask` found for `message_id` in this transaction; None if it did not
    ask (SQLite, another text, another transaction)."""
    known = session.info.pop(WAITING_AFTER, None)
    if known is None:
        return None
    transaction, asked_for, waiting = known
    if transaction is not session.sync_session.get_transaction() or asked_for != message_id:
        return None
    return bool(waiting)
