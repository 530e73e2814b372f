"""The flow runner: calls a pure flow, answers its typed queries, follows hand-offs, sub-flows and resumes
(the run stack, ``flows/session.py``), applies effects, saves state.

Everything happens in the caller's session, so state and outbox rows commit together.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import inspect as sa_inspect
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm.attributes import set_committed_value
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.messaging.effects import Run, apply_effect
from bot.storage.models import Contact, ConversationState, School
from bot.storage.plain import plain
from flows.engine import (
    IDLE,
    Answered,
    Call,
    ContactView,
    FlowContext,
    FlowInput,
    FlowState,
    Handoff,
    Query,
    Reroute,
    SchoolView,
)
from flows.session import Session, runs_from_json, runs_to_json

if TYPE_CHECKING:
    from bot.app.context import AppContext

MAX_STEPS = 20
DEFAULT_FLOW_TTL = dt.timedelta(hours=24)


class FlowLoopError(RuntimeError):
    """A flow kept handing off or querying without settling."""


class QueryAnswerError(TypeError):
    """A query handler returned something other than its query's answer type."""


@dataclass(frozen=True)
class RunOutcome:
    state: FlowState
    reroute: str | None = None


async def contact_view(session: AsyncSession, contact: Contact, *, is_new: bool = False) -> ContactView:
    school = await session.get(School, contact.school_id) if contact.school_id else None
    return view_of(contact, school, is_new=is_new)


def view_of(contact: Contact, school: School | None, *, is_new: bool = False) -> ContactView:
    """What a flow sees of `contact`, with their `school` (already read: None if they have none)."""
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
    return row, state_of(row)


def state_of(row: ConversationState | None) -> FlowState:
    """The flow state a contact's stored row holds (IDLE when there is none)."""
    if row is None or row.flow is None:
        return IDLE
    stack = runs_from_json(row.stack)
    return FlowState(row.flow, row.step, dict(row.slots), row.expires_at, row.retries or 0, stack)


def state_values(state: FlowState, now: dt.datetime) -> dict[str, Any]:
    """The columns of a contact's state row for `state`."""
    return {
        "flow": state.flow,
        "step": state.step,
        "slots": dict(state.slots),
        "expires_at": (state.expires_at or now + DEFAULT_FLOW_TTL) if state.flow else None,
        "retries": state.retries if state.flow else 0,
        "stack": runs_to_json(state.stack) if state.flow else [],
        "updated_at": now,
    }


async def save_state(
    session: AsyncSession, row: ConversationState | None, contact_id: int, state: FlowState, now: dt.datetime
) -> None:
    """Write the contact's state. A row loaded in this transaction is updated; otherwise the state is
    upserted (INSERT ... ON CONFLICT DO UPDATE), so a row created meanwhile is updated, never a
    unique-constraint error. Callers hold the contact's lock (bot/messaging/contact_order.py), so nothing else
    changes the row between their load and this save. A loaded row is written at the session's flush (a
    chunk of scheduled items writes all of theirs in one statement); :func:`write_state` writes now."""
    values = state_values(state, now)
    if row is not None:
        for key, value in values.items():
            setattr(row, key, value)
        session.add(row)
        return
    await session.exec(_upsert_statement(_dialect(session)), params={"contact_id": contact_id, **values})


async def write_state(
    session: AsyncSession, row: ConversationState | None, contact_id: int, state: FlowState, now: dt.datetime
) -> None:
    """As :func:`save_state`, as one plain upsert now (no ORM flush of the row: the pipeline, one text's
    state per transaction). A `row` loaded in this transaction is kept in step (its values set as the
    database now holds them, not marked changed); a row the session has yet to write goes the ORM way."""
    if row is not None and _unflushed(row):
        await save_state(session, row, contact_id, state, now)
        return
    values = state_values(state, now)
    await plain(session, _upsert_statement(_dialect(session)), {"contact_id": contact_id, **values})
    if row is not None:
        for key, value in values.items():
            set_committed_value(row, key, value)


def _dialect(session: AsyncSession) -> str:
    bind = session.bind
    return "postgresql" if bind is not None and bind.dialect.name == "postgresql" else "sqlite"


def _unflushed(row: ConversationState) -> bool:
    """True when the session has changes of `row` to write (new, or changed and not flushed): a plain
    statement must not go around them."""
    state = sa_inspect(row)
    return bool(state.pending or state.transient or state.modified)


STATE_COLUMNS = ("flow", "step", "slots", "expires_at", "retries", "stack", "updated_at")
"""The columns :func:`state_values` sets (and an upsert overwrites)."""


@functools.cache
def _upsert_statement(dialect: str) -> Any:
    """The state upsert for `dialect`, built once (building it on every text cost more than running it):
    binds ``contact_id`` and the :data:`STATE_COLUMNS`."""
    stmt = (pg_insert if dialect == "postgresql" else sqlite_insert)(ConversationState)
    overwrite = {name: stmt.excluded[name] for name in STATE_COLUMNS}
    return stmt.on_conflict_do_update(index_elements=["contact_id"], set_=overwrite)


def flow_context(app: AppContext, view: ContactView, now: dt.datetime) -> FlowContext:
    return FlowContext(
        now=now, contact=view, service=app.service, catalogue=app.catalogue, find_need=app.find_need
    )


async def answer_query(run: Run, query: Query[Any]) -> Any:
    """The shell's answer to a typed query: its handler is found by the query's class."""
    handler = run.app.queries.get(type(query))
    if handler is None:
        raise LookupError(f"no handler for query {type(query).__name__}")
    value = await handler(run, query)
    expected = type(query).answer_type()
    if expected is not None and not isinstance(value, expected):
        raise QueryAnswerError(f"{type(query).__name__} answered with {type(value).__name__}")
    return value


async def run_flow(
    run: Run, state: FlowState, flow_name: str, event: FlowInput, *, interrupt: bool = False
) -> RunOutcome:
    """Run `flow_name` with `event` until the session settles; apply the effects to `run`.

    `interrupt`: the run on top of `state` waits beneath `flow_name` and resumes when it finishes;
    otherwise a different flow takes over (every run in `state` ends)."""
    session = Session.of(state).enter(flow_name, interrupt=interrupt)
    pending: list[tuple[str, FlowInput]] = [(flow_name, event)]
    steps = 0
    while pending:
        steps += 1
        if steps > MAX_STEPS:
            raise FlowLoopError(f"flow {flow_name!r} did not settle in {MAX_STEPS} steps")
        name, ev = pending.pop(0)
        result = run.app.registry.get(name).handle(session.current(name), ev, run.ctx)
        session = session.settle(result)
        for effect in result.effects:
            if isinstance(effect, Query):
                pending.append((name, Answered(effect, await answer_query(run, effect))))
            elif isinstance(effect, Handoff):
                session = session.hand_off()
                pending.append((effect.flow, effect.start))
            elif isinstance(effect, Call):
                session = session.call(effect.flow)
                pending.append((effect.flow, effect.start))
            elif isinstance(effect, Reroute):
                return RunOutcome(IDLE, reroute=effect.text)
            else:
                await apply_effect(run, effect)
        resumed = session.resume(name, result.value) if not pending else None
        if resumed is not None:
            session, resume = resumed
            pending.append((str(session.top.flow), resume))
    return RunOutcome(session.state())
