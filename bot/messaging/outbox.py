"""The outbox: every outbound text is a stored row first; the dispatcher sends it later."""

from __future__ import annotations

import datetime as dt
import functools
from typing import Any

from sqlalchemy import insert
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.channels.sms_text import measure, to_gsm7
from bot.storage.models import Contact, Message
from bot.storage.models.messages import QUEUED
from bot.storage.plain import connection_of
from flows.choices import render_choices
from flows.engine import Priority


def outbound_values(
    contact: Contact,
    text: str,
    *,
    now: dt.datetime,
    choices: tuple[str, ...] = (),
    priority: int = Priority.REPLY,
    kind: str = "reply",
    meta: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The columns of one outbound text for `contact`: GSM-7 where it can be, choices rendered, sized."""
    assert contact.id is not None
    body = render_choices(to_gsm7(text), [to_gsm7(c) for c in choices])
    sized = measure(body)
    return {
        "contact_id": contact.id,
        "direction": "out",
        "channel": contact.channel,
        "body": body,
        "choices": list(choices),
        "kind": kind or "reply",
        "status": QUEUED,
        "priority": int(priority),
        "segments": sized.segments,
        "encoding": sized.encoding,
        "created_at": now,
        "next_attempt_at": now,
        "meta": meta or {},
    }


async def enqueue(
    session: AsyncSession,
    contact: Contact,
    text: str,
    *,
    now: dt.datetime,
    choices: tuple[str, ...] = (),
    priority: int = Priority.REPLY,
    kind: str = "reply",
    meta: dict[str, Any] | None = None,
) -> Message:
    """Store one outbound text for `contact` (not committed: it joins the caller's transaction)."""
    values = outbound_values(contact, text, now=now, choices=choices, priority=priority, kind=kind, meta=meta)
    row = Message(**values)
    session.add(row)
    return row


async def insert_outbound(session: AsyncSession, rows: list[dict[str, Any]]) -> None:
    """Insert outbound texts (each from :func:`outbound_values`) in one plain statement, in order (their ids
    follow the list: the dispatcher's order within a priority); nothing is built or flushed per row. Rows
    the session still has to insert are flushed first, so they keep their place before these."""
    if not rows:
        return
    if session.new:
        await session.flush()
    defaults = _outbound_defaults()
    params = [{**defaults, **row} for row in rows]
    connection = await connection_of(session)
    await connection.execute(_insert_statement(), params if len(params) > 1 else params[0])


@functools.cache
def _outbound_defaults() -> dict[str, Any]:
    """The model's defaults for the columns :func:`outbound_values` does not set (read once)."""
    return {
        name: field.get_default(call_default_factory=True)
        for name, field in Message.model_fields.items()
        if not field.is_required() and name != "id"
    }


@functools.cache
def _insert_statement() -> Any:
    return insert(Message)
