"""Effect handlers: how the runner applies what a flow asked for.

The message path's own effects are :data:`CORE_EFFECTS` (installed by the core feature); a feature lists
the handlers for its own effect types in ``Feature.effects`` (``bot/app/feature.py``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import update
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.app.audit import record
from bot.messaging.outbox import enqueue, insert_outbound, outbound_values
from bot.storage.models import Contact, ScheduledItem
from bot.storage.models.scheduled import CANCELLED, PENDING
from flows.engine import Audit, CancelScheduled, Effect, FlowContext, Priority, Reply, Schedule, UpdateContact

if TYPE_CHECKING:
    from bot.app.context import AppContext


@dataclass
class Run:
    """One application of flow effects for one contact, inside one transaction."""

    app: AppContext
    session: AsyncSession
    contact: Contact
    now: dt.datetime
    ctx: FlowContext
    outbox: list[dict[str, Any]] | None = None
    """When a list, the replies this run queues are collected here (in order) and the caller writes
    them, in one statement, with :func:`write_replies` before it commits (the pipeline does, once per
    text); when None, each reply is inserted as it is queued."""


async def apply_effect(run: Run, effect: Effect) -> None:
    """Apply one effect with the handler an installed feature gave for its type."""
    handler = run.app.effects.get(type(effect))
    if handler is None:
        raise TypeError(f"no handler for effect {type(effect).__name__}")
    await handler(run, effect)


async def _reply(run: Run, effect: Reply) -> None:
    await queue_reply(
        run, effect.text, choices=effect.choices, priority=effect.priority, kind=effect.template or "reply"
    )


async def queue_reply(
    run: Run, text: str, *, choices: tuple[str, ...] = (), priority: int = Priority.REPLY, kind: str = "reply"
) -> None:
    """Queue one outbound text to the run's contact: into ``run.outbox`` when the run collects its
    replies (the pipeline), else as an outbox row the session inserts at its flush (a chunk of scheduled
    items inserts all of its rows in one statement)."""
    if run.outbox is None:
        await enqueue(
            run.session, run.contact, text, now=run.now, choices=choices, priority=priority, kind=kind
        )
        return
    values = outbound_values(run.contact, text, now=run.now, choices=choices, priority=priority, kind=kind)
    run.outbox.append(values)


async def write_replies(run: Run) -> None:
    """Insert the replies collected in ``run.outbox`` (one statement), and empty it."""
    if run.outbox:
        rows, run.outbox[:] = list(run.outbox), []
        await insert_outbound(run.session, rows)


async def _schedule(run: Run, effect: Schedule) -> None:
    if effect.dedupe_key:
        existing = await run.session.exec(
            select(ScheduledItem).where(ScheduledItem.dedupe_key == effect.dedupe_key)
        )
        if existing.first() is not None:
            return
    run.session.add(
        ScheduledItem(
            due_at=effect.due_at,
            kind=effect.kind,
            contact_id=run.contact.id,
            payload=dict(effect.payload),
            dedupe_key=effect.dedupe_key,
            status=PENDING,
            created_at=run.now,
        )
    )


async def _cancel(run: Run, effect: CancelScheduled) -> None:
    stmt = update(ScheduledItem).where(
        col(ScheduledItem.contact_id) == run.contact.id, col(ScheduledItem.status) == PENDING
    )
    if effect.kind != "*":
        stmt = stmt.where(col(ScheduledItem.kind) == effect.kind)
    if effect.dedupe_key:
        stmt = stmt.where(col(ScheduledItem.dedupe_key) == effect.dedupe_key)
    await run.session.exec(stmt.values(status=CANCELLED, done_at=run.now))


async def _update_contact(run: Run, effect: UpdateContact) -> None:
    contact = run.contact
    if effect.opted_out is not None:
        contact.opted_out = effect.opted_out
        contact.opted_out_at = run.now if effect.opted_out else None
    if effect.school_id is not None:
        contact.school_id = effect.school_id
        contact.joined_school_at = run.now
    if effect.language is not None:
        contact.language = effect.language
    run.session.add(contact)


async def _audit(run: Run, effect: Audit) -> None:
    await record(
        run.session,
        at=run.now,
        actor=f"contact:{run.contact.id}",
        action=effect.action,
        subject_type="contact",
        subject_id=str(run.contact.id),
        details=dict(effect.details),
    )


CORE_EFFECTS: dict[type[Effect], Callable[[Run, Any], Awaitable[None]]] = {
    Reply: _reply,
    Schedule: _schedule,
    CancelScheduled: _cancel,
    UpdateContact: _update_contact,
    Audit: _audit,
}
