"""Sending due reminders: each ``appointment_reminder`` item becomes one queued text, exactly once.

:func:`send_due_reminders` takes a batch of due items with ``FOR UPDATE SKIP LOCKED`` (PostgreSQL) and, in
the same transaction, queues the texts, marks the items done and leaves each contact waiting for Y / N / R.
Two workers never take the same item, and a crash rolls the whole batch back, so nothing is lost or sent
twice. The scheduler runs it before the one-by-one items (``bot/messaging/jobs.py``); :func:`reminder_job`
is the same work for one item, for any the batch did not take.

A reminder is dropped (item cancelled) when the appointment is gone, moved (another revision), no longer
booked or confirmed, or started, or when the contact opted out. One that falls due in quiet hours (a
worker was down) is put off to the end of them if that is still before the start.
"""

from __future__ import annotations

import datetime as dt
from contextlib import AsyncExitStack
from typing import TYPE_CHECKING, Any

from sqlalchemy import or_
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.features.appointments.models import REMINDED, Appointment
from bot.features.appointments.views import view_of
from bot.messaging.contact_order import contact_lock, lock_contact_in_transaction
from bot.messaging.outbox import enqueue
from bot.storage.models import Contact, ConversationState, ScheduledItem
from bot.storage.models.scheduled import CANCELLED, CLAIMED, DONE, PENDING
from flows.appointment_effects import AWAIT_ANSWER, FLOW, REMINDER_KIND
from flows.appointment_text import params, reminder_key
from flows.engine import Priority

if TYPE_CHECKING:
    from bot.app.context import AppContext

BATCH = 500


async def send_due_reminders(app: AppContext, *, limit: int = BATCH) -> int:
    """Queue every due reminder, `limit` per transaction. Returns how many items were settled."""
    total = 0
    while True:
        settled = await _batch(app, limit)
        total += settled
        if settled < limit:
            return total


async def _batch(app: AppContext, limit: int) -> int:
    now = app.now()
    async with app.db.session() as session:
        query = (
            select(ScheduledItem)
            .where(
                col(ScheduledItem.kind) == REMINDER_KIND,
                col(ScheduledItem.status).in_([PENDING, CLAIMED]),
                col(ScheduledItem.due_at) <= now,
                or_(col(ScheduledItem.claimed_until).is_(None), col(ScheduledItem.claimed_until) < now),
            )
            .order_by(col(ScheduledItem.due_at), col(ScheduledItem.id))
            .limit(limit)
        )
        if not app.db.is_sqlite:
            query = query.with_for_update(skip_locked=True)
        items = list((await session.exec(query)).all())
        if not items:
            return 0
        appts = await _by_id(session, Appointment, {_appointment_id(i) for i in items})
        contact_ids = sorted({i.contact_id for i in items if i.contact_id is not None})
        async with AsyncExitStack() as held:
            for cid in contact_ids:  # one order everywhere: no deadlock between two batches
                if app.db.is_sqlite:
                    await held.enter_async_context(contact_lock(app, cid))
                else:
                    await lock_contact_in_transaction(session, cid, is_sqlite=False)
            contacts = await _by_id(session, Contact, set(contact_ids))
            waiting: dict[int, dt.datetime] = {}
            for item in items:
                appt = appts.get(_appointment_id(item))
                contact = contacts.get(item.contact_id) if item.contact_id is not None else None
                if await settle(app, session, item, appt, contact, now):
                    assert contact is not None and contact.id is not None
                    waiting[contact.id] = now
                item.claimed_until, item.done_at = None, now
                session.add(item)
            await _await_answers(app, session, waiting, now)
            await session.commit()
        return len(items)


async def reminder_job(app: AppContext, session: AsyncSession, item: ScheduledItem) -> None:
    """The job handler for one reminder item (the caller holds the contact's lock and commits)."""
    now = app.now()
    appt = await session.get(Appointment, _appointment_id(item))
    contact = await session.get(Contact, item.contact_id) if item.contact_id is not None else None
    if await settle(app, session, item, appt, contact, now):
        assert contact is not None and contact.id is not None
        await _await_answers(app, session, {contact.id: now}, now)


async def settle(
    app: AppContext,
    session: AsyncSession,
    item: ScheduledItem,
    appt: Appointment | None,
    contact: Contact | None,
    now: dt.datetime,
) -> bool:
    """Send, drop or put off one reminder item. True when a text was queued."""
    item.status = CANCELLED
    if appt is None or contact is None or contact.opted_out:
        return False
    if appt.status not in REMINDED or appt.start_at <= now or appt.revision != item.payload.get("revision"):
        return False
    if app.service.in_quiet_hours(now):
        later = app.service.after_quiet_hours(now)
        if later < appt.start_at:
            await _put_off(session, item, later, now)
        return False
    view = view_of(app, appt)
    key = reminder_key(view)
    text = app.catalogue.render(
        key, contact.language, **app.service.template_params(), **params(view, now, app.service)
    )
    await enqueue(
        session,
        contact,
        text,
        now=now,
        priority=Priority.SCHEDULED,
        kind=REMINDER_KIND,
        meta={"appointment_id": appt.id, "template": key},
    )
    appt.last_reminder_at, appt.reminders_sent = now, appt.reminders_sent + 1
    session.add(appt)
    item.status = DONE
    return True


async def _put_off(session: AsyncSession, item: ScheduledItem, later: dt.datetime, now: dt.datetime) -> None:
    key = f"{item.dedupe_key}:after-quiet" if item.dedupe_key else None
    if key is not None:
        taken = await session.exec(select(ScheduledItem.id).where(ScheduledItem.dedupe_key == key))
        if taken.first() is not None:
            return
    session.add(
        ScheduledItem(
            due_at=later,
            kind=item.kind,
            contact_id=item.contact_id,
            payload=dict(item.payload),
            dedupe_key=key,
            status=PENDING,
            created_at=now,
        )
    )


async def _await_answers(
    app: AppContext, session: AsyncSession, contacts: dict[int, dt.datetime], now: dt.datetime
) -> None:
    """Leave each reminded contact waiting for Y / N / R (a reminder takes over the conversation, as the
    signposting follow-up does) until the reply window closes."""
    if not contacts:
        return
    expires = now + dt.timedelta(hours=app.config.reminders.reply_window_hours)
    values: list[dict[str, Any]] = [
        {"contact_id": cid, "flow": FLOW, "step": AWAIT_ANSWER, "slots": {"scope": "reminded"},
         "expires_at": expires, "updated_at": now}
        for cid in sorted(contacts)
    ]  # fmt: skip
    insert = sqlite_insert if app.db.is_sqlite else pg_insert
    stmt = insert(ConversationState).values(values)
    update = {k: getattr(stmt.excluded, k) for k in ("flow", "step", "slots", "expires_at", "updated_at")}
    await session.exec(stmt.on_conflict_do_update(index_elements=["contact_id"], set_=update))


def _appointment_id(item: ScheduledItem) -> int:
    return int(item.payload.get("appointment_id") or 0)


async def _by_id(session: AsyncSession, model: Any, ids: set[int]) -> dict[int, Any]:
    if not ids:
        return {}
    rows = await session.exec(select(model).where(col(model.id).in_(sorted(ids))))
    return {row.id: row for row in rows.all()}
