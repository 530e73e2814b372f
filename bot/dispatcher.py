"""The dispatcher: sends due outbox rows by priority, retries with backoff, never double-sends.

A row is claimed with a conditional UPDATE (status and lease checked in the WHERE clause), so two workers
can never both send it. Opted-out contacts get nothing except what safeguarding requires
(docs/architecture.md).
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import TYPE_CHECKING

from sqlalchemy import exists, or_, update
from sqlalchemy.orm import aliased
from sqlmodel import col, select

from bot.channels.base import OutboundMessage, SendError
from bot.channels.reachability import Evidence, mark_opted_out, mark_unreachable
from bot.models import Contact, Message
from bot.models.messages import FAILED, QUEUED, SENDING, SENT, SKIPPED
from flows.engine import Priority

if TYPE_CHECKING:
    from sqlmodel.ext.asyncio.session import AsyncSession

    from bot.context import AppContext

log = logging.getLogger(__name__)
LEASE = dt.timedelta(seconds=120)
# Sent even to a contact who has opted out: the crisis reply, and the confirmation of the opt-out itself.
ALLOWED_WHEN_OPTED_OUT = frozenset({"stopped"})


def backoff(app: AppContext, attempts: int) -> dt.timedelta:
    cfg = app.config.outbox
    return dt.timedelta(
        seconds=min(cfg.backoff_base_seconds * 2 ** max(attempts - 1, 0), cfg.backoff_max_seconds)
    )


async def due_ids(app: AppContext, now: dt.datetime, limit: int, channel: str | None = None) -> list[int]:
    """Due rows, crisis first. A contact's other texts wait while their crisis reply is unsent (in a
    provider outage the crisis numbers must still arrive before anything else)."""
    crisis = aliased(Message)
    crisis_pending = exists().where(
        col(crisis.contact_id) == col(Message.contact_id),
        col(crisis.direction) == "out",
        col(crisis.priority) == int(Priority.CRISIS),
        col(crisis.status).in_([QUEUED, SENDING]),
    )
    async with app.db.session() as session:
        stmt = (
            select(Message.id)
            .where(
                Message.direction == "out",
                col(Message.status).in_([QUEUED, SENDING]),
                or_(col(Message.next_attempt_at).is_(None), col(Message.next_attempt_at) <= now),
                or_(col(Message.claimed_until).is_(None), col(Message.claimed_until) < now),
                or_(col(Message.priority) == int(Priority.CRISIS), ~crisis_pending),
            )
            .order_by(col(Message.priority), col(Message.id))
            .limit(limit)
        )
        if channel:
            stmt = stmt.where(Message.channel == channel)
        return [i for i in (await session.exec(stmt)).all() if i is not None]


async def _claim(app: AppContext, message_id: int, now: dt.datetime) -> bool:
    async with app.db.session() as session:
        result = await session.exec(
            update(Message)
            .where(
                col(Message.id) == message_id,
                col(Message.status).in_([QUEUED, SENDING]),
                or_(col(Message.claimed_until).is_(None), col(Message.claimed_until) < now),
            )
            .values(status=SENDING, claimed_until=now + LEASE)
        )
        await session.commit()
        return bool(result.rowcount == 1)


async def dispatch_due(app: AppContext, *, limit: int = 50, channel: str | None = None) -> int:
    """Send what is due now. Returns how many rows were handled (sent, retried, failed or held).

    The due list is read again before every row, so a crisis reply queued while a rate-limited sender
    works through a batch is the next one sent.
    """
    handled = 0
    for _ in range(limit):
        now = app.now()
        due = await due_ids(app, now, 1, channel)
        if not due:
            break
        if await _claim(app, due[0], now):
            await _send_one(app, due[0], now)
            handled += 1
    return handled


async def _send_one(app: AppContext, message_id: int, now: dt.datetime) -> None:
    async with app.db.session() as session:
        msg = await session.get(Message, message_id)
        assert msg is not None
        contact = await session.get(Contact, msg.contact_id)
        assert contact is not None
        hold = _hold_reason(app, msg, contact, now)
        if hold == "opted_out":
            msg.status, msg.error, msg.claimed_until = SKIPPED, "contact opted out", None
        elif hold == "quiet_hours":
            msg.status, msg.claimed_until = QUEUED, None
            msg.next_attempt_at = app.service.after_quiet_hours(now)
        else:
            await _deliver(app, session, msg, contact, now)
        session.add(msg)
        session.add(contact)
        await session.commit()


def _hold_reason(app: AppContext, msg: Message, contact: Contact, now: dt.datetime) -> str | None:
    if contact.opted_out and msg.priority != Priority.CRISIS and msg.kind not in ALLOWED_WHEN_OPTED_OUT:
        return "opted_out"
    if msg.priority >= Priority.SCHEDULED and app.service.in_quiet_hours(now):
        return "quiet_hours"
    return None


async def _deliver(
    app: AppContext, session: AsyncSession, msg: Message, contact: Contact, now: dt.datetime
) -> None:
    sender = app.senders.get(msg.channel)
    assert msg.id is not None
    out = OutboundMessage(
        msg.id, msg.channel, contact.address, msg.body, tuple(msg.choices), msg.kind, msg.priority
    )
    msg.attempts += 1
    msg.claimed_until = None
    if sender is None:
        _retry_or_fail(app, msg, now, SendError(f"no sender for channel {msg.channel}", transient=True))
        return
    try:
        result = await sender.send_text(out)
    except SendError as exc:
        # the same contact change and audit event as a delivery receipt (bot/channels/reachability.py)
        why = Evidence(f"dispatcher:{msg.channel}", now, msg.id, "send", exc.code)
        if exc.opted_out:
            await mark_opted_out(session, contact, why)
        if exc.unreachable:
            await mark_unreachable(session, contact, why)
        _retry_or_fail(app, msg, now, exc)
        return
    except Exception as exc:  # an adapter bug or an outage we did not foresee: retry, never lose it
        log.exception("sender raised for message id=%s", msg.id)
        _retry_or_fail(app, msg, now, SendError(type(exc).__name__, transient=True))
        return
    msg.status, msg.sent_at, msg.error, msg.error_code = result.status or SENT, now, None, None
    if result.provider_id:
        msg.provider_id = result.provider_id


def _retry_or_fail(app: AppContext, msg: Message, now: dt.datetime, exc: SendError) -> None:
    msg.error, msg.error_code = str(exc)[:500], exc.code
    if exc.transient and msg.attempts < app.config.outbox.max_attempts:
        wait = backoff(app, msg.attempts)
        if exc.retry_after is not None:
            wait = max(wait, dt.timedelta(seconds=exc.retry_after))
        msg.status, msg.next_attempt_at = QUEUED, now + wait
        log.warning("send failed for message id=%s (attempt %s); retrying", msg.id, msg.attempts)
    else:
        msg.status = FAILED
        log.error("send failed finally for message id=%s code=%s", msg.id, exc.code)
