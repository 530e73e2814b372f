"""The flow runner: calls a pure flow, answers its queries, follows hand-offs, applies effects, saves state.

Everything happens in the caller's session, so state and outbox rows commit together.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.messaging.effects import Run, apply_effect
from bot.storage.models import Contact, ConversationState, School
from flows.engine import (
    IDLE,
    ContactView,
    FlowContext,
    FlowInput,
    FlowState,
    Handoff,
    Query,
    QueryResult,
    Reroute,
    SchoolView,
)

if TYPE_CHECKING:
    from bot.app.context import AppContext

MAX_STEPS = 12
DEFAULT_FLOW_TTL = dt.timedelta(hours=24)


class FlowLoopError(RuntimeError):
    """A flow kept handing off or querying without settling."""


@dataclass(frozen=True)
class RunOutcome:
    state: FlowState
    reroute: str | None = None


async def contact_view(session: AsyncSession, contact: Contact, *, is_new: bool = False) -> ContactView:
    school = await session.get(School, contact.school_id) if contact.school_id else None
    assert contact.id is not None
    return ContactView(
        id=contact.id,
        channel=contact.channel,
        language=contact.language,
        opted_out=contact.opted_out,
        is_new=is_new,
        school=SchoolView(school.id, school.name, school.local_authority) if school and school.id else None,
    )


async def load_state(session: AsyncSession, contact_id: int) -> tuple[ConversationState | None, FlowState]:
    row = await session.get(ConversationState, contact_id)
    if row is None or row.flow is None:
        return row, IDLE
    return row, FlowState(row.flow, row.step, dict(row.slots), row.expires_at)


async def save_state(
    session: AsyncSession, row: ConversationState | None, contact_id: int, state: FlowState, now: dt.datetime
) -> None:
    """Write the contact's state. A row loaded in this transaction is updated; otherwise the state is
    upserted (INSERT ... ON CONFLICT DO UPDATE), so a row created meanwhile is updated, never a
    unique-constraint error. Callers hold the contact's lock (bot/messaging/contact_order.py), so nothing else
    changes the row between their load and this save."""
    values: dict[str, Any] = {
        "flow": state.flow,
        "step": state.step,
        "slots": dict(state.slots),
        "expires_at": (state.expires_at or now + DEFAULT_FLOW_TTL) if state.flow else None,
        "updated_at": now,
    }
    if row is not None:
        for key, value in values.items():
            setattr(row, key, value)
        session.add(row)
        return
    bind = session.bind
    insert = pg_insert if bind is not None and bind.dialect.name == "postgresql" else sqlite_insert
    stmt = insert(ConversationState).values(contact_id=contact_id, **values)
    await session.exec(stmt.on_conflict_do_update(index_elements=["contact_id"], set_=values))


def flow_context(app: AppContext, view: ContactView, now: dt.datetime) -> FlowContext:
    return FlowContext(now=now, contact=view, service=app.service, catalogue=app.catalogue)


async def run_flow(run: Run, state: FlowState, flow_name: str, event: FlowInput) -> RunOutcome:
    """Run `flow_name` with `event` from `state` until it settles; apply its effects to `run`."""
    pending: list[tuple[str, FlowInput]] = [(flow_name, event)]
    steps = 0
    while pending:
        steps += 1
        if steps > MAX_STEPS:
            raise FlowLoopError(f"flow {flow_name!r} did not settle in {MAX_STEPS} steps")
        name, ev = pending.pop(0)
        flow = run.app.registry.get(name)
        current = state if state.flow == name else FlowState(flow=name)
        result = flow.handle(current, ev, run.ctx)
        state = result.state
        for effect in result.effects:
            if isinstance(effect, Query):
                handler = run.app.queries[effect.name]
                value = await handler(run.app, run.session, run.contact, dict(effect.params))
                pending.append((name, QueryResult(effect.name, value)))
            elif isinstance(effect, Handoff):
                state = IDLE
                pending.append((effect.flow, effect.start))
            elif isinstance(effect, Reroute):
                return RunOutcome(IDLE, reroute=effect.text)
            else:
                await apply_effect(run, effect)
    return RunOutcome(state)
