"""Sending due reminders: each ``appointment_reminder`` item becomes one queued text, exactly once.

:func:`send_due_reminders` takes a batch of due items with ``FOR UPDATE SKIP LOCKED`` (PostgreSQL) and, in
the same transaction, queues the texts, marks the items done and leaves each contact waiting for Y / N / R.
Two workers never take the same item, and a crash rolls the whole batch back, so nothing is lost or sent
twice. The scheduler runs it before the one-by-one items (``bot/messaging/jobs.py``); :func:`reminder_job`
is the same work for one item, for any the batch did not take.

A reminder is dropped (item cancelled) when the appointment is gone, moved (another revision), no longer
booked or confirmed, or started, or when the contact opted out. One that falls due in quiet hours (a
worker was down) is put off to the end of them if that is still before the start. One that falls due while
the contact is in a crisis hold (a flagged text not yet acknowledged: they get support, not questions) is
put off and tried again within the hour (``flows.triggers.hold_recheck``) while that is still before the
start; otherwise it is dropped. Both are audited (``appointment.reminder_held``, no text or number).
"""

from __future__ import annotations

import datetime as dt
from contextlib import AsyncExitStack
from typing import TYPE_CHECKING, Any

from sqlalchemy import Table, bindparam, insert, or_, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import SQLModel, col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.app.audit import record
from bot.features.appointments.models import REMINDED, Appointment
from bot.features.appointments.views import view_of
from bot.messaging.contact_order import contact_lock, lock_contact_in_transaction
from bot.messaging.outbox import enqueue, outbound_values
from bot.storage.models import Contact, ConversationState, Message, ScheduledItem
from bot.storage.models.scheduled import CANCELLED, CLAIMED, DONE, PENDING
from flows.appointment_effects import AWAIT_ANSWER, FLOW, REMINDER_KIND
from flows.appointment_text import params, reminder_key
from flows.engine import Priority
from flows.triggers import hold_recheck
from safeguarding.escalations import holds_of

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


def _due(now: dt.datetime, limit: int) -> Any:
    return (
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


async def _batch(app: AppContext, limit: int) -> int:
    """One transaction: take up to `limit` due items and settle them.

    PostgreSQL: ``FOR UPDATE SKIP LOCKED`` and each contact's advisory lock, in id order, inside the
    transaction. SQLite (one process): each contact's in-process lock, in id order, taken BEFORE the write
    session, as the pipeline and the one-by-one items take them (a write session waiting on a contact lock
    would hold the write gate the pipeline needs)."""
    now = app.now()
    locked: set[int] = set()
    async with AsyncExitStack() as held:
        if app.db.is_sqlite:
            async with app.db.read_session() as reader:
                ids = [i.contact_id for i in (await reader.exec(_due(now, limit))).all()]
            locked = {c for c in ids if c is not None}
            for cid in sorted(locked):
                await held.enter_async_context(contact_lock(app, cid))
        async with app.db.session() as session:
            query = _due(now, limit)
            if not app.db.is_sqlite:
                query = query.with_for_update(skip_locked=True)
            items = list((await session.exec(query)).all())
            if app.db.is_sqlite:  # an item added since the read waits: its contact is not held
                items = [i for i in items if i.contact_id is None or i.contact_id in locked]
            if not items:
                return 0
            contact_ids = sorted({i.contact_id for i in items if i.contact_id is not None})
            if not app.db.is_sqlite:
                for cid in contact_ids:
                    await lock_contact_in_transaction(session, cid, is_sqlite=False)
            appts = await _by_id(session, Appointment, {_appointment_id(i) for i in items})
            contacts = await _by_id(session, Contact, set(contact_ids))
            holds = await holds_of(session, contact_ids, now)
            texts: list[dict[str, Any]] = []
            for item in items:
                appt = appts.get(_appointment_id(item))
                contact = contacts.get(item.contact_id) if item.contact_id is not None else None
                hold_end = holds.get(item.contact_id) if item.contact_id is not None else None
                text = await _decide(app, session, item, appt, contact, now, hold_end)
                if text is not None:
                    assert appt is not None and contact is not None
                    texts.append(_outbox_row(contact, appt, text, now))
            await _write(app, session, items, appts, texts, now)
            await session.commit()
            return len(items)
    return 0


async def _write(
    app: AppContext,
    session: AsyncSession,
    items: list[ScheduledItem],
    appts: dict[int, Appointment],
    texts: list[dict[str, Any]],
    now: dt.datetime,
) -> None:
    """The batch's writes as a few executemany statements (an ORM flush of each row is far slower)."""
    conn = await session.connection()
    if texts:
        await conn.execute(insert(_table(Message)), texts)
        appt = _table(Appointment)
        ids = [t["meta"]["appointment_id"] for t in texts]
        await conn.execute(
            update(appt)
            .where(appt.c.id == bindparam("aid"))
            .values(last_reminder_at=now, reminders_sent=bindparam("n") + 1, updated_at=now),
            [{"aid": aid, "n": appts[aid].reminders_sent} for aid in ids],
        )
        await _await_answers(app, session, {t["contact_id"]: now for t in texts}, now)
    scheduled = _table(ScheduledItem)
    await conn.execute(
        update(scheduled)
        .where(scheduled.c.id == bindparam("iid"))
        .values(status=bindparam("st"), claimed_until=None, done_at=now),
        [{"iid": i.id, "st": i.status} for i in items],
    )
    for done in items:
        session.expunge(done)  # written above; the ORM must not flush them again


def _outbox_row(contact: Contact, appt: Appointment, text: str, now: dt.datetime) -> dict[str, Any]:
    """One queued reminder, as :func:`bot.messaging.outbox.enqueue` would store it."""
    values = outbound_values(
        contact,
        text,
        now=now,
        priority=Priority.SCHEDULED,
        kind=REMINDER_KIND,
        meta={"appointment_id": appt.id},
    )
    return {**values, "attempts": 0}


async def reminder_job(app: AppContext, session: AsyncSession, item: ScheduledItem) -> None:
    """The job handler for one reminder item (the caller holds the contact's lock and commits)."""
    now = app.now()
    appt = await session.get(Appointment, _appointment_id(item))
    contact = await session.get(Contact, item.contact_id) if item.contact_id is not None else None
    held = (await holds_of(session, [contact.id], now)).get(contact.id) if contact and contact.id else None
    text = await _decide(app, session, item, appt, contact, now, held)
    if text is None:
        return
    assert appt is not None and contact is not None and contact.id is not None
    await enqueue(
        session, contact, text, now=now, priority=Priority.SCHEDULED, kind=REMINDER_KIND,
        meta={"appointment_id": appt.id},
    )  # fmt: skip
    appt.last_reminder_at, appt.reminders_sent, appt.updated_at = now, appt.reminders_sent + 1, now
    session.add(appt)
    await _await_answers(app, session, {contact.id: now}, now)


async def _decide(
    app: AppContext,
    session: AsyncSession,
    item: ScheduledItem,
    appt: Appointment | None,
    contact: Contact | None,
    now: dt.datetime,
    held_until: dt.datetime | None = None,
) -> str | None:
    """The reminder's text when it is to be sent now (item status ``done``), else None (item
    ``cancelled``; put off by a new item, to the end of quiet hours or past a crisis hold, when that is
    still in time). `held_until`: the end of the contact's crisis hold, when one is active."""
    item.status = CANCELLED
    if appt is None or contact is None or contact.opted_out:
        return None
    if appt.status not in REMINDED or appt.start_at <= now or appt.revision != item.payload.get("revision"):
        return None
    if held_until is not None and now < held_until:
        later = app.service.after_quiet_hours(hold_recheck(held_until, now))
        in_time = later < appt.start_at
        if in_time:
            await _put_off(session, item, later, now, suffix=f"held:{later:%Y%m%dT%H%M}")
        await record(
            session, at=now, actor="system", action="appointment.reminder_held", subject_type="appointment",
            subject_id=str(appt.id),
            details={"reason": "crisis_hold", "put_off_to": later.isoformat() if in_time else None},
        )  # fmt: skip
        return None
    if app.service.in_quiet_hours(now):
        later = app.service.after_quiet_hours(now)
        if later < appt.start_at:
            await _put_off(session, item, later, now, suffix="after-quiet")
        return None
    view = view_of(app, appt)
    item.status = DONE
    return app.catalogue.render(
        reminder_key(view),
        contact.language,
        **app.service.template_params(),
        **params(view, now, app.service),
    )


async def _put_off(
    session: AsyncSession, item: ScheduledItem, later: dt.datetime, now: dt.datetime, *, suffix: str
) -> None:
    """A new item for the same reminder at `later`, once per `suffix` (the dedupe key says why; it keeps
    the reminder's own key as its prefix, so cancelling the appointment's reminders still finds it)."""
    base = item.dedupe_key.split(":held:", 1)[0].removesuffix(":after-quiet") if item.dedupe_key else None
    key = f"{base}:{suffix}" if base else None
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
         "expires_at": expires, "retries": 0, "updated_at": now}
        for cid in sorted(contacts)
    ]  # fmt: skip
    upsert = sqlite_insert if app.db.is_sqlite else pg_insert
    stmt = upsert(_table(ConversationState))
    changed = {
        k: getattr(stmt.excluded, k) for k in ("flow", "step", "slots", "expires_at", "retries", "updated_at")
    }
    conn = await session.connection()
    await conn.execute(stmt.on_conflict_do_update(index_elements=["contact_id"], set_=changed), values)


def _table(model: type[SQLModel]) -> Table:
    """The core table of a model, for executemany statements."""
    table = SQLModel.metadata.tables[str(model.__tablename__)]
    return table


def _appointment_id(item: ScheduledItem) -> int:
    return int(item.payload.get("appointment_id") or 0)


async def _by_id(session: AsyncSession, model: Any, ids: set[int]) -> dict[int, Any]:
    if not ids:
        return {}
    rows = await session.exec(select(model).where(col(model.id).in_(sorted(ids))))
    return {row.id: row for row in rows.all()}
