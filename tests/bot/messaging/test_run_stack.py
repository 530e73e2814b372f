"""The run stack through the real pipeline, runner and scheduler: a school code interrupts a search that then
resumes, a sub-flow waits for a text with its caller stored beneath it, a scheduled item that interrupts."""

from __future__ import annotations

import datetime as dt

from bot.app.clock import FixedClock
from bot.app.context import AppContext
from bot.app.feature import Feature, registry
from bot.app.installed import INSTALLED
from bot.features.schools.service import add_code, add_school
from bot.messaging.effects import Run
from bot.messaging.jobs import run_due_items
from bot.messaging.runner import (
    STATE_COLUMNS,
    contact_view,
    flow_context,
    load_state,
    run_flow,
    save_state,
    state_values,
)
from bot.storage.models import Contact, ScheduledItem
from bot.storage.models.scheduled import PENDING
from flows.conversation import Conversation, NoSlots, OnTrigger, Question, Turn, ask, finish, say
from flows.engine import Call, FlowContext, FlowState, Resume, StartFlow
from flows.signposting_answers import followup_answer
from flows.triggers import TriggerRule, WhenBusy
from tests.support import Chat


def _caller_resumed(s: NoSlots, step: str | None, event: Resume, ctx: FlowContext) -> Turn[NoSlots]:
    return finish(say(ctx, "thanks"))


CALLER: Conversation[NoSlots] = Conversation(
    name="caller",
    slots=NoSlots,
    start=lambda s, e, ctx: Turn("calling", s, (Call("join_school", StartFlow()),)),
    resumed=_caller_resumed,
)


def _nudged(s: NoSlots, answer: str, ctx: FlowContext) -> Turn[NoSlots]:
    return finish(say(ctx, "signpost_followup_yes"))


NUDGE: Conversation[NoSlots] = Conversation(
    name="nudge",
    slots=NoSlots,
    start=lambda s, e, ctx: finish(),
    questions=(
        Question(
            "answer",
            lambda e, ctx: followup_answer(e.text),
            _nudged,
            ask="signpost_followup_ask_again",
            text=lambda s, ctx, key: ctx.t(key, place="the group"),
        ),
    ),
    triggers=(
        OnTrigger(
            "nudge", lambda s, t, ctx: ask("answer", s), TriggerRule(WhenBusy.INTERRUPT, quiet_hours=False)
        ),
        OnTrigger("late_nudge", lambda s, t, ctx: ask("answer", s)),
    ),
)


async def _setup(app: AppContext) -> None:
    app.registry = registry((*INSTALLED, Feature("test", flows=(CALLER, NUDGE))))
    async with app.db.session() as session:
        school = await add_school(
            session, name="Demo Academy", local_authority="Demo Borough", team_contact=None, now=app.now()
        )
        assert school.id
        await add_code(session, school.id, "DEMO1", app.now())
        await session.commit()


async def _state(app: AppContext) -> FlowState:
    async with app.db.session() as session:
        return (await load_state(session, 1))[1]


async def test_a_school_code_mid_search_joins_then_asks_the_pending_question_again(
    app: AppContext, chat: Chat
) -> None:
    await _setup(app)
    await chat.say("hi")
    asked = await chat.say("cant sleep")
    assert [r.kind for r in asked][-1] == "signpost_ask_age"
    joined = await chat.say("DEMO1")
    assert [r.kind for r in joined] == ["join_ok", "signpost_ask_age"]
    state = await _state(app)
    assert (state.flow, state.step, state.stack) == ("find_support", "age", ())
    assert state.slots["need"] == "sleep"


async def test_a_sub_flow_waits_for_a_text_with_its_caller_stored_beneath(
    app: AppContext, chat: Chat
) -> None:
    await _setup(app)
    await chat.say("hi")
    async with app.db.session() as session:
        contact = await session.get(Contact, 1)
        assert contact is not None
        run = Run(
            app,
            session,
            contact,
            app.now(),
            flow_context(app, await contact_view(session, contact), app.now()),
        )
        row, state = await load_state(session, 1)
        outcome = await run_flow(run, state, "caller", StartFlow())
        await save_state(session, row, 1, outcome.state, app.now())
        await session.commit()
    assert [r.kind for r in await chat.flush()] == ["join_ask"]
    waiting = await _state(app)
    assert (waiting.flow, waiting.step) == ("join_school", "await_code")
    assert [(r.flow, r.step) for r in waiting.stack] == [("caller", "calling")]
    # the code answers the join flow; the caller resumes with what it returned and finishes
    assert [r.kind for r in await chat.say("demo1")] == ["join_ok", "thanks"]
    assert (await _state(app)).flow is None


async def test_a_scheduled_item_that_interrupts_runs_then_the_search_resumes(
    app: AppContext, chat: Chat
) -> None:
    await _setup(app)
    await chat.say("hi")
    await chat.say("cant sleep")
    async with app.db.session() as session:
        session.add(
            ScheduledItem(
                due_at=app.now(), kind="nudge", contact_id=1, payload={}, status=PENDING, created_at=app.now()
            )
        )
        await session.commit()
    assert await run_due_items(app) == 1
    assert [r.kind for r in await chat.flush()] == ["signpost_followup_ask_again"]
    nudged = await _state(app)
    assert nudged.flow == "nudge" and [r.flow for r in nudged.stack] == ["find_support"]
    back = await chat.say("yes it was good ty")
    assert [r.kind for r in back] == ["signpost_followup_yes", "signpost_ask_age"]
    assert (await _state(app)).flow == "find_support"


async def test_an_item_for_a_contact_in_quiet_hours_waits_and_is_kept(
    app: AppContext, chat: Chat, clock: FixedClock
) -> None:
    """The default rule keeps scheduled conversations out of quiet hours: the item falls due again."""
    await _setup(app)
    await chat.say("hi")
    late = dt.datetime(2026, 11, 17, 21, 0, tzinfo=dt.UTC)
    async with app.db.session() as session:
        item = ScheduledItem(
            due_at=late, kind="late_nudge", contact_id=1, payload={}, status=PENDING, created_at=late
        )
        session.add(item)
        await session.commit()
    clock.set(late)
    assert await run_due_items(app) == 1
    assert await chat.flush() == []
    async with app.db.session() as session:
        stored = await session.get(ScheduledItem, item.id)
        assert stored is not None and stored.status == PENDING
        assert stored.due_at == dt.datetime(2026, 11, 18, 8, 0, tzinfo=dt.UTC)


def test_the_state_upsert_overwrites_every_column_a_state_sets() -> None:
    """The upsert is built once from STATE_COLUMNS: a column state_values gains must be overwritten too."""
    now = dt.datetime(2026, 12, 5, 12, tzinfo=dt.UTC)
    assert set(state_values(FlowState("menu", "start"), now)) == set(STATE_COLUMNS)
    assert set(state_values(FlowState(), now)) == set(STATE_COLUMNS)
