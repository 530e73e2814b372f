"""Scheduled items: claim the due ones and hand each to its flow (or job handler) in one transaction."""

from __future__ import annotations

import datetime as dt
import logging
from contextlib import AsyncExitStack, nullcontext
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import or_, update
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.messaging.contact_order import (
    contact_lock,
    lock_contact_in_transaction,
    lock_contacts_in_transaction,
)
from bot.messaging.effects import Run, apply_effect
from bot.messaging.runner import (
    contact_view,
    flow_context,
    load_state,
    run_flow,
    save_state,
    state_of,
    state_values,
)
from bot.storage.models import Contact, ConversationState, ScheduledItem
from bot.storage.models.scheduled import CANCELLED, CLAIMED, DONE, FAILED, PENDING
from flows.engine import IDLE, Trigger
from flows.triggers import WhenBusy, admit, live
from safeguarding.escalations import holds_of

if TYPE_CHECKING:
    from bot.app.context import AppContext

log = logging.getLogger(__name__)
LEASE = dt.timedelta(minutes=5)
MAX_ATTEMPTS = 5
CHUNK = 50
"""Items run in one transaction on PostgreSQL (each contact's advisory lock is held until its commit)."""
CHUNK_SQLITE = 20
"""On SQLite: the chunk holds the one write gate, so a webhook waits for at most this many items."""


async def run_due_items(app: AppContext, *, limit: int = 100) -> int:
    """Run every scheduled item due now: first the batch runners (``app.batches``, e.g. appointment
    reminders), then up to `limit` others. Returns how many were handled.

    The others are claimed in one statement (``UPDATE ... RETURNING``; on PostgreSQL the due rows are
    picked ``FOR UPDATE SKIP LOCKED``, so two workers never claim one item) and run :data:`CHUNK` at a
    time, each chunk in one transaction holding its contacts' locks. If anything in a chunk fails, the
    chunk is rolled back and its items run one by one, so only the failing item is retried later."""
    batched = 0
    for batch in app.batches:
        batched += await batch(app)
    now = app.now()
    claimed = await claim_due(app, now, limit)
    size = CHUNK_SQLITE if app.db.is_sqlite else CHUNK
    for first in range(0, len(claimed), size):
        chunk = claimed[first : first + size]
        try:
            await _run_chunk(app, chunk, now)
        except Exception as exc:
            log.warning(
                "a chunk of %s scheduled items failed (%s); running them one by one",
                len(chunk),
                type(exc).__name__,
            )
            for item_id, contact_id in chunk:
                await _run_item(app, item_id, contact_id, now)
    return batched + len(claimed)


def _claimable(now: dt.datetime) -> tuple[Any, ...]:
    return (
        col(ScheduledItem.status).in_([PENDING, CLAIMED]),
        col(ScheduledItem.due_at) <= now,
        or_(col(ScheduledItem.claimed_until).is_(None), col(ScheduledItem.claimed_until) < now),
    )


async def claim_due(app: AppContext, now: dt.datetime, limit: int) -> list[tuple[int, int | None]]:
    """Claim up to `limit` due items, earliest first, in one statement; (item id, contact id) of each."""
    due = (
        select(ScheduledItem.id)
        .where(*_claimable(now))
        .order_by(col(ScheduledItem.due_at), col(ScheduledItem.id))
        .limit(limit)
    )
    if not app.db.is_sqlite:
        due = due.with_for_update(skip_locked=True)
    # A CTE, not ``id IN (subquery)``: PostgreSQL may run an IN subquery more than once (a nested-loop
    # semi-join rescans it), and with SKIP LOCKED each run can pick other rows: more than `limit` claimed.
    picked = due.cte("picked")
    stmt = (
        update(ScheduledItem)
        .where(col(ScheduledItem.id) == picked.c.id, *_claimable(now))
        .values(status=CLAIMED, claimed_until=now + LEASE, attempts=col(ScheduledItem.attempts) + 1)
        .returning(col(ScheduledItem.id), col(ScheduledItem.contact_id), col(ScheduledItem.due_at))
    )
    async with app.db.session() as session:
        conn = await session.connection()
        rows = [(r[0], r[1], r[2]) for r in (await conn.execute(stmt)).all() if r[0] is not None]
        await session.commit()
    rows.sort(key=lambda r: (r[2], r[0]))  # RETURNING keeps no order
    return [(item_id, contact_id) for item_id, contact_id, _ in rows]


async def _run_chunk(app: AppContext, chunk: list[tuple[int, int | None]], now: dt.datetime) -> None:
    """Run claimed items in one transaction. Each contact's lock is held throughout (in this process,
    taken in id order before the session, as the pipeline and the reminder batch take them; on PostgreSQL
    also the advisory lock in the transaction), so no text of theirs is processed meanwhile."""
    contact_ids = sorted({c for _, c in chunk if c is not None})
    async with AsyncExitStack() as held:
        for cid in contact_ids:
            await held.enter_async_context(contact_lock(app, cid))
        async with app.db.session() as session:
            await lock_contacts_in_transaction(session, contact_ids, is_sqlite=app.db.is_sqlite)
            loaded = await _load_into_session(session, [i for i, _ in chunk], contact_ids, now)
            for item_id, _ in chunk:
                item = loaded.items.get(item_id)
                if item is not None:  # (None: deleted since the claim, e.g. the contact was erased)
                    await _settle(app, session, item, now, loaded)
            await session.commit()


@dataclass
class _Loaded:
    """A chunk's rows, read in three queries. Held for the whole chunk: the session keeps only weak
    references, so rows nobody holds would drop out of it and each ``session.get`` would query again."""

    items: dict[int, ScheduledItem]
    contacts: dict[int, Contact]
    states: dict[int, ConversationState | None]
    """Each contact's state row, None for a contact that has none (a new row is added to it)."""
    holds: dict[int, dt.datetime]
    """The end of each contact's crisis hold, for those in one (``safeguarding.escalations.holds_of``)."""


async def _load_into_session(
    session: AsyncSession, item_ids: list[int], contact_ids: list[int], now: dt.datetime
) -> _Loaded:
    items = (await session.exec(select(ScheduledItem).where(col(ScheduledItem.id).in_(item_ids)))).all()
    loaded = _Loaded(
        {i.id: i for i in items if i.id is not None}, {}, {}, await holds_of(session, contact_ids, now)
    )
    if contact_ids:
        contacts = (await session.exec(select(Contact).where(col(Contact.id).in_(contact_ids)))).all()
        loaded.contacts.update((c.id, c) for c in contacts if c.id is not None)
        rows = await session.exec(
            select(ConversationState).where(col(ConversationState.contact_id).in_(contact_ids))
        )
        loaded.states.update(dict.fromkeys(contact_ids))
        loaded.states.update({row.contact_id: row for row in rows.all()})
    return loaded


async def _settle(
    app: AppContext,
    session: AsyncSession,
    item: ScheduledItem,
    now: dt.datetime,
    loaded: _Loaded | None = None,
) -> None:
    """Run one claimed item in the caller's transaction and mark it done, cancelled or waiting."""
    later = await _handle(app, session, item, now, loaded)
    if later is not None:  # the trigger waits: the same item falls due again then
        item.due_at, item.status, item.attempts, item.claimed_until = later, PENDING, 0, None
    else:
        if item.status != CANCELLED:
            item.status = DONE
        item.done_at, item.claimed_until = now, None
    session.add(item)


async def _run_item(app: AppContext, item_id: int, contact_id: int | None, now: dt.datetime) -> None:
    """One claimed item in a transaction of its own; a failure is recorded and retried with backoff."""
    try:
        # A reminder and a text from the same person never run their flows at once
        # (bot/messaging/contact_order.py).
        held = contact_lock(app, contact_id) if contact_id is not None else nullcontext()
        async with held, app.db.session() as session:
            if contact_id is not None:
                await lock_contact_in_transaction(session, contact_id, is_sqlite=app.db.is_sqlite)
            item = await session.get(ScheduledItem, item_id)
            if item is None:  # deleted since the claim
                return
            await _settle(app, session, item, now)
            await session.commit()
    except Exception as exc:
        log.exception("scheduled item id=%s failed", item_id)
        async with app.db.session() as session:
            item = await session.get(ScheduledItem, item_id)
            if item is None:
                return
            item.error = type(exc).__name__
            item.claimed_until = None
            item.status = FAILED if item.attempts >= MAX_ATTEMPTS else PENDING
            item.due_at = now + dt.timedelta(minutes=2**item.attempts)
            session.add(item)
            await session.commit()


async def _handle(
    app: AppContext,
    session: AsyncSession,
    item: ScheduledItem,
    now: dt.datetime,
    loaded: _Loaded | None = None,
) -> dt.datetime | None:
    """Run the item's job, or its flow as its trigger rule says (``flows/triggers.py``). Returns when to
    try again if the trigger waits (a busy contact, quiet hours), else None.

    `loaded`: the chunk's rows read up front. Its state rows by contact (None: a contact with no row): a
    new row is then added to the session (one multi-row INSERT at the flush) instead of upserted at once:
    the chunk holds the contacts' locks, and should a row appear anyway the commit fails and the chunk's
    items run one by one, with the upsert. Its crisis holds: a held contact's trigger waits (``admit``).
    A job (``app.jobs``) applies the hold itself where it texts the contact."""
    states = loaded.states if loaded is not None else None
    job = app.jobs.get(item.kind)
    if job is not None:
        if states is not None and item.contact_id is not None:
            # a job may write the contact's state its own way: later items of the chunk read it again
            row = states.pop(item.contact_id, None)
            if row is not None and row in session:
                await session.flush()
                session.expire(row)
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
    if states is not None and contact.id in states:
        row, state = states[contact.id], state_of(states[contact.id])
    else:
        row, state = await load_state(session, contact.id)
    if loaded is not None:
        held = loaded.holds.get(contact.id)
    else:
        held = (await holds_of(session, [contact.id], now)).get(contact.id)
    rule = app.registry.trigger_rule(item.kind)
    admission = admit(rule, item.kind, flow_name, state, run.ctx, held_until=held)
    if admission.action == WhenBusy.WAIT:
        assert admission.until is not None and admission.audit is not None
        await apply_effect(run, admission.audit)
        return admission.until
    trigger = Trigger(item.kind, dict(item.payload), item.id)
    interrupt = admission.action == WhenBusy.INTERRUPT
    outcome = await run_flow(
        run, state if live(state, now) else IDLE, flow_name, trigger, interrupt=interrupt
    )
    if row is None and states is not None:
        row = ConversationState(contact_id=contact.id, **state_values(outcome.state, now))
        session.add(row)
        states[contact.id] = row
    else:
        await save_state(session, row, contact.id, outcome.state, now)
    return None
