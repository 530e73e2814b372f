"""The outbox: every outbound text is a stored row first; the dispatcher sends it later."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlmodel.ext.asyncio.session import AsyncSession

from bot.channels.sms_text import measure, to_gsm7
from bot.storage.models import Contact, Message
from bot.storage.models.messages import QUEUED
from flows.choices import render_choices
from flows.engine import Priority


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
    assert contact.id is not None
    body = render_choices(to_gsm7(text), [to_gsm7(c) for c in choices])
    sized = measure(body)
    row = Message(
        contact_id=contact.id,
        direction="out",
        channel=contact.channel,
        body=body,
        choices=list(choices),
        kind=kind or "reply",
        status=QUEUED,
        priority=int(priority),
        segments=sized.segments,
        encoding=sized.encoding,
        created_at=now,
        next_attempt_at=now,
        meta=meta or {},
    )
    session.add(row)
    return row
