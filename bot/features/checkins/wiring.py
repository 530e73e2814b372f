"""Check-ins in the shell: the due check-in job, the missed check-in job, the queries and the effect.

``checkin`` job (a ``scheduled_item`` queued by ``service.schedule_next``): nothing happens unless the
plan is active, the contact has not opted out and this occurrence has no answer row yet (so a check-in is
never sent twice, even if an item were queued twice). A contact in the middle of another conversation is
not interrupted: the engine's trigger rule (``flows/checkins.py`` ``CHECKIN_RULE``, applied with
``flows.triggers.admit``) makes it wait 30 minutes and try again (never into quiet hours or a skipped day).
A contact in a crisis hold is not asked either: the check-in waits and is tried again within the hour.
Otherwise an answer row is written, the check-in flow asks the first question, a ``checkin_close`` item
is queued for when the answer window ends (missed check-ins) and the plan's next check-in is queued.
Installed from ``bot/app/plugins.py`` with :func:`install`.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.app.audit import record
from bot.features.calendar.service import terms_for_school
from bot.features.checkins.answers import ANSWER_WINDOW, close_answer, last_score, record_part
from bot.features.checkins.requests import file_request
from bot.features.checkins.schedule import Due, allowed, nominal
from bot.features.checkins.service import (
    end_plan,
    next_text,
    pause_plan,
    plans_for,
    queue_checkin,
    resume_plan,
    schedule_next,
)
from bot.features.checkins.tables import ACTIVE, PAUSED, CheckinAnswer, CheckinPlan
from bot.messaging.effects import Run, apply_effect
from bot.messaging.runner import contact_view, flow_context, load_state, run_flow, save_state
from bot.storage.models import Contact, ConversationState, ScheduledItem
from bot.storage.models.scheduled import PENDING
from flows.checkin_effects import (
    CHECKIN_FLOW,
    CHECKIN_KIND,
    ControlAnswer,
    ControlQuery,
    RecordCheckin,
    RequestAnswer,
    RequestQuery,
)
from flows.checkins import CHECKIN_RULE
from flows.engine import IDLE, Trigger
from flows.triggers import WhenBusy, admit
from safeguarding.escalations import holds_of

if TYPE_CHECKING:
    from bot.app.context import AppContext

log = logging.getLogger(__name__)
CLOSE_KIND = "checkin_close"
ACTIVE_WINDOW = dt.timedelta(minutes=30)
"""A contact is mid-conversation when a flow other than the check-in is waiting for their answer and the
conversation moved in this window; an older open question is not interrupted, it is simply left."""


def _recent(row: ConversationState | None, now: dt.datetime) -> bool:
    """True when the contact's conversation moved within ACTIVE_WINDOW."""
    return row is not None and row.updated_at > now - ACTIVE_WINDOW


def _catch_up(plan: CheckinPlan, index: int, app: AppContext, now: dt.datetime) -> int:
    """A check-in held back past the next one's time is replaced by the latest that is due."""
    while nominal(plan, index + 1, app.service) <= now:
        index += 1
    return index


async def checkin_job(app: AppContext, session: AsyncSession, item: ScheduledItem) -> None:
    """Send occurrence ``payload.index`` of plan ``payload.plan_id`` now, later, or not at all."""
    now = app.now()
    plan = await session.get(CheckinPlan, int(item.payload["plan_id"]))
    if plan is None or plan.status != ACTIVE:
        return
    assert plan.id is not None
    contact = await session.get(Contact, plan.contact_id)
    if contact is None or contact.opted_out:  # STOP stops everything: the plan waits for a practitioner
        if contact is not None:
            await pause_plan(session, plan, actor="system:opted_out", now=now)
        return
    index = _catch_up(plan, int(item.payload["index"]), app, now)
    sequence = index + 1
    done = await session.exec(
        select(CheckinAnswer.id).where(CheckinAnswer.plan_id == plan.id, CheckinAnswer.sequence == sequence)
    )
    if done.first() is not None:
        return
    row, state = await load_state(session, plan.contact_id)
    view = await contact_view(session, contact)
    run = Run(app, session, contact, now, flow_context(app, view, now))
    # The engine's trigger rule decides (flows/checkins.py CHECKIN_RULE); an open question the contact
    # has not touched for ACTIVE_WINDOW does not hold a check-in back: it is simply left.
    current = state if _recent(row, now) or state.flow == CHECKIN_FLOW else IDLE
    held = (await holds_of(session, [plan.contact_id], now)).get(plan.contact_id)
    admission = admit(CHECKIN_RULE, CHECKIN_KIND, CHECKIN_FLOW, current, run.ctx, held_until=held)
    terms = await terms_for_school(session, contact.school_id)
    if admission.action == WhenBusy.WAIT:
        assert admission.until is not None and admission.audit is not None
        later = allowed(plan, admission.until, app.service, terms)
        await queue_checkin(session, plan, Due(index, later), now=now)
        await apply_effect(
            run, replace(admission.audit, details={**admission.audit.details, "plan_id": plan.id})
        )
        return
    later = allowed(plan, now, app.service, terms)  # a day this plan skips (quiet hours are done above)
    if later > now:
        await queue_checkin(session, plan, Due(index, later), now=now)
        return
    if state.flow == CHECKIN_FLOW and state.slots.get("answer_id"):
        await close_answer(session, int(state.slots["answer_id"]), now=now)  # the last one was not finished
    answer = CheckinAnswer(
        plan_id=plan.id, contact_id=plan.contact_id, sequence=sequence, due_at=item.due_at, asked_at=now
    )
    session.add(answer)
    plan.sent_count = max(plan.sent_count, sequence)
    session.add(plan)
    await session.flush()
    assert answer.id is not None
    payload: dict[str, Any] = {
        "plan_id": plan.id,
        "answer_id": answer.id,
        "plan_kind": plan.kind,
        "goal_name": plan.goal_name,
        "last_score": await last_score(session, plan.contact_id, before_id=answer.id),
        "tips_used": list(plan.tips_used),
    }
    outcome = await run_flow(run, IDLE, CHECKIN_FLOW, Trigger(CHECKIN_KIND, payload, item.id))
    await save_state(session, row, plan.contact_id, outcome.state, now)
    session.add(
        ScheduledItem(
            due_at=now + ANSWER_WINDOW,
            kind=CLOSE_KIND,
            contact_id=plan.contact_id,
            payload={"answer_id": answer.id},
            dedupe_key=f"{CLOSE_KIND}:{answer.id}",
            status=PENDING,
            created_at=now,
        )
    )
    await record(
        session,
        at=now,
        actor="system",
        action="checkins.sent",
        subject_type="checkin_plan",
        subject_id=str(plan.id),
        details={"answer_id": answer.id, "sequence": sequence},
    )
    following = await schedule_next(
        session, plan, app.service, nominal(plan, index, app.service), from_index=index + 1, now=now
    )
    if following is None:
        await end_plan(session, plan, reason="finished", actor="system", now=now)


async def close_job(app: AppContext, session: AsyncSession, item: ScheduledItem) -> None:
    """The answer window of one check-in ended: mark it missed if there was no reply."""
    await close_answer(session, int(item.payload["answer_id"]), now=app.now())


async def control_query(run: Run, query: ControlQuery) -> ControlAnswer:
    """PAUSE / RESUME from the contact: every live plan of theirs."""
    app, session, contact = run.app, run.session, run.contact
    assert contact.id is not None
    now, actor = run.now, f"contact:{contact.id}"
    params = {"action": query.action}
    plans = await plans_for(session, contact.id, live_only=True)
    changed, first = 0, None
    for plan in plans:
        if params.get("action") == "pause":
            changed += await pause_plan(session, plan, actor=actor, now=now)
        elif plan.status == PAUSED:
            resumed, due = await resume_plan(session, plan, app.service, actor=actor, now=now)
            changed += resumed
            if due is not None and (first is None or due.at < first.at):
                first = due
        elif await _next_queued(session, contact.id, plan.id) is None:
            # active with nothing queued: STOP cancelled its check-ins, and the contact is back (START)
            due = await schedule_next(session, plan, app.service, now, from_index=plan.sent_count)
            changed += due is not None
            if due is not None and (first is None or due.at < first.at):
                first = due
    if params.get("action") != "pause" and first is None:
        first = await _next_queued(session, contact.id)
    live = [p for p in plans if p.status != "ended"]
    return ControlAnswer(changed, len(live), next_text(app.service, first))


async def _next_queued(session: AsyncSession, contact_id: int, plan_id: int | None = None) -> Due | None:
    """The contact's (or one plan's) next queued check-in."""
    prefix = f"checkin:{plan_id}:" if plan_id is not None else "checkin:"
    found = await session.exec(
        select(ScheduledItem)
        .where(
            col(ScheduledItem.dedupe_key).startswith(prefix),
            ScheduledItem.contact_id == contact_id,
            ScheduledItem.kind == CHECKIN_KIND,
            ScheduledItem.status == PENDING,
        )
        .order_by(ScheduledItem.due_at)  # type: ignore[arg-type]
        .limit(1)
    )
    item = found.first()
    return Due(int(item.payload.get("index", 0)), item.due_at) if item else None


async def request_query(run: Run, query: RequestQuery) -> RequestAnswer:
    """A request by text, filed for the team."""
    assert run.contact.id is not None
    return await file_request(run.session, run.contact.id, now=run.now)


async def record_checkin(run: Run, effect: RecordCheckin) -> None:
    if effect.part == "unanswered":
        return  # left as asked: the close job marks it missed if nothing else arrives
    await record_part(run.session, effect.answer_id, effect.part, effect.value, now=run.now)
    if effect.part == "tip" and isinstance(effect.value, str):
        answer = await run.session.get(CheckinAnswer, effect.answer_id)
        plan = await run.session.get(CheckinPlan, answer.plan_id) if answer else None
        if plan is not None and effect.value not in plan.tips_used:
            plan.tips_used = [*plan.tips_used, effect.value]
            run.session.add(plan)
