"""Scheduled items: claim the due ones and hand each to its flow (or job handler) in one transaction."""

from __future__ import annotations

import datetime as dt
import logging
from contextlib import nullcontext
from typing import TYPE_CHECKING

from sqlalchemy import or_, update
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.messaging.contact_order import contact_lock, lock_contact_in_transaction
from bot.messaging.effects import Run, apply_effect
from bot.messaging.runner import contact_view, flow_context, load_state, run_flow, save_state
from bot.storage.models import Contact, ScheduledItem
from bot.storage.models.scheduled import CANCELLED, CLAIMED, DONE, FAILED, PENDING
from flows.engine import IDLE, Trigger
from flows.triggers import WhenBusy, admit, live

if TYPE_CHECKING:
    from bot.app.context import AppContext

log = logging.getLogger(__name__)
LEASE = dt.timedelta(minutes=5)
MAX_ATTEMPTS = 5


async def run_due_items(app: AppContext, *, limit: int = 100) -> int:
    """Run every scheduled item due now: first the batch runners (``app.batches``, e.g. appointment
    reminders), then the rest one by one. Returns how many were handled."""
    batched = 0
    for batch in app.batches:
        batched += await batch(app)
    now = app.now()
    async with app.db.read_session() as session:  # a read: no turn at SQLite's write gate
        rows = await session.exec(
            select(ScheduledItem.id)
            .where(
                col(ScheduledItem.status).in_([PENDING, CLAIMED]),
                col(ScheduledItem.due_at) <= now,
                or_(col(ScheduledItem.claimed_until).is_(None), col(ScheduledItem.claimed_until) < now),
            )
            .order_by(col(ScheduledItem.due_at))
            .limit(limit)
        )
        ids = [i for i in rows.all() if i is not None]
    handled = 0
    for item_id in ids:
        if await _claim(app, item_id, now):
            await _run_item(app, item_id, now)
            handled += 1
    return batched + handled


async def _claim(app: AppContext, item_id: int, now: dt.datetime) -> bool:
    async with app.db.session() as session:
        result = await session.exec(
            update(ScheduledItem)
            .where(
                col(ScheduledItem.id) == item_id,
                col(ScheduledItem.status).in_([PENDING, CLAIMED]),
                or_(col(ScheduledItem.claimed_until).is_(None), col(ScheduledItem.claimed_until) < now),
            )
            .values(status=CLAIMED, claimed_until=now + LEASE, attempts=ScheduledItem.attempts + 1)
        )
        await session.commit()
        return bool(result.rowcount == 1)


async def _run_item(app: AppContext, item_id: int, now: dt.datetime) -> None:
    try:
        async with app.db.read_session() as session:
            contact_id = (
                await session.exec(select(ScheduledItem.contact_id).where(ScheduledItem.id == item_id))
            ).first()
        # A reminder and a text from the same person never run their flows at once
        # (bot/messaging/contact_order.py).
        held = contact_lock(app, contact_id) if contact_id is not None else nullcontext()
        async with held, app.db.session() as session:
            if contact_id is not None:
                await lock_contact_in_transaction(session, contact_id, is_sqlite=app.db.is_sqlite)
            item = await session.get(ScheduledItem, item_id)
            assert item is not None
            later = await _handle(app, session, item, now)
            if later is not None:  # the trigger waits: the same item falls due again then
                item.due_at, item.status, item.attempts, item.claimed_until = later, PENDING, 0, None
                session.add(item)
                await session.commit()
                return
            if item.status != CANCELLED:
                item.status = DONE
            item.done_at, item.claimed_until = now, None
            session.add(item)
            await session.commit()
    except Exception as exc:
        log.exception("scheduled item id=%s failed", item_id)
        async with app.db.session() as session:
            item = await session.get(ScheduledItem, item_id)
            assert item is not None
            item.error = type(exc).__name__
            item.claimed_until = None
            item.status = FAILED if item.attempts >= MAX_ATTEMPTS else PENDING
            item.due_at = now + dt.timedelta(minutes=2**item.attempts)
            session.add(item)
            await session.commit()


async def _handle(
    app: AppContext, session: AsyncSession, item: ScheduledItem, now: dt.datetime
) -> dt.datetime | None:
    """Run the item's job, or its flow as its trigger rule says (``flows/triggers.py``). Returns when to
    try again if the trigger waits (a busy contact, quiet hours), else None."""
    job = app.jobs.get(item.kind)
    if job is not None:
        await job(app, session, item)
        return None
    flow_name = app.registry.flow_for_trigger(item.kind)
    if flow_name is None:
        raise LookupError(f"no flow or job for scheduled kind {item.kind!r}")
    contact = await session.get(Contact, item.contact_id) if item.contact_id else None
    if contact is None or contact.opted_out:
        item.status = CANCELLED
        return None
    assert contact.id is not None
    view = await contact_view(session, contact)
    run = Run(app, session, contact, now, flow_context(app, view, now))
    row, state = await load_state(session, contact.id)
    admission = admit(app.registry.trigger_rule(item.kind), item.kind, flow_name, state, run.ctx)
    if admission.action == WhenBusy.WAIT:
        assert admission.until is not None and admission.audit is not None
        await apply_effect(run, admission.audit)
        return admission.until
    trigger = Trigger(item.kind, dict(item.payload), item.id)
    interrupt = admission.action == WhenBusy.INTERRUPT
    outcome = await run_flow(
        run, state if live(state, now) else IDLE, flow_name, trigger, interrupt=interrupt
    )
    await save_state(session, row, contact.id, outcome.state, now)
    return None
