"""Check-ins through the real pipeline and job runner: never sent twice, requests by text, PAUSE with no
plan, STOP stops check-ins, RESUME, the trend chart, and the audit trail."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlmodel import col, select

from bot.app.clock import FixedClock
from bot.app.context import AppContext
from bot.features.checkins import views
from bot.features.checkins.requests import approve_request, pending_requests
from bot.features.checkins.schedule import Due
from bot.features.checkins.service import PlanSpec, add_plan, find_contact, plans_for, queue_checkin
from bot.features.checkins.tables import CheckinAnswer, CheckinPlan
from bot.messaging.jobs import run_due_items
from bot.storage.models import AuditEvent
from tests.support import Chat, at_london

SPEC = PlanSpec(kind="waiting_well", weekday="mon", local_time=dt.time(16, 0), end_after=4, owner="demo.duty")


async def _plan(app: AppContext, chat: Chat, spec: PlanSpec = SPEC) -> CheckinPlan:
    await chat.say("hi")
    async with app.db.session() as session:
        contact = await find_contact(session, chat.sender)
        plan, _ = await add_plan(
            session, contact, spec, app.service, actor="practitioner:demo.duty", now=app.now()
        )
        await session.commit()
        return plan


async def _answers(app: AppContext) -> list[CheckinAnswer]:
    async with app.db.session() as session:
        return list((await session.exec(select(CheckinAnswer).order_by(col(CheckinAnswer.id)))).all())


async def test_a_check_in_queued_twice_is_sent_once(app: AppContext, chat: Chat, clock: FixedClock) -> None:
    clock.set(at_london(2026, 11, 2, 10))
    plan = await _plan(app, chat)
    async with app.db.session() as session:  # a second item for the same occurrence (a retry, a bug)
        stored = await session.get(CheckinPlan, plan.id)
        assert stored is not None
        await queue_checkin(session, stored, Due(0, at_london(2026, 11, 2, 16, 1)), now=app.now())
        await session.commit()
    clock.set(at_london(2026, 11, 2, 16, 5))
    await run_due_items(app)
    sent = await chat.flush()
    assert [m.kind for m in sent] == ["checkin_ask_score"]
    assert len(await _answers(app)) == 1


async def test_a_request_by_text_waits_for_the_team(app: AppContext, chat: Chat, clock: FixedClock) -> None:
    clock.set(at_london(2026, 11, 2, 10))
    await chat.say("hi")
    [reply] = await chat.texts("can u check in on me every week")
    assert "We have asked the school mental health team about check-ins" in reply
    [again] = await chat.texts("i want weekly check ins pls")
    assert "already asked" in again
    async with app.db.session() as session:
        assert await plans_for(session) == []  # a request, not a plan
        [request] = await pending_requests(session)
        assert request.id is not None
        plan, due = await approve_request(
            session, request.id, SPEC, app.service, actor="practitioner:demo.duty", now=app.now()
        )
        await session.commit()
        assert due is not None and due.at == at_london(2026, 11, 2, 16)
        assert plan.kind == "waiting_well"
        actions = (await session.exec(select(AuditEvent.action))).all()
    assert {"checkins.requested", "checkins.request_approved", "checkins.plan_added"} <= set(actions)
    [has] = await chat.texts("can u check in on me every week")
    assert "already have check-ins" in has


async def test_pause_with_no_plan(app: AppContext, chat: Chat, clock: FixedClock) -> None:
    clock.set(at_london(2026, 11, 2, 10))
    await chat.say("hi")
    assert "do not have any check-ins" in (await chat.texts("PAUSE"))[0]


async def test_stop_stops_check_ins_and_resume_restarts_them(
    app: AppContext, chat: Chat, clock: FixedClock
) -> None:
    clock.set(at_london(2026, 11, 2, 10))
    await _plan(app, chat)
    await chat.say("STOP")
    clock.set(at_london(2026, 11, 2, 16, 1))
    await run_due_items(app)
    assert [m for m in await chat.flush() if m.kind.startswith("checkin")] == []
    await chat.say("START")
    [reply] = await chat.texts("RESUME")
    assert "back on" in reply and "Mon 9 Nov at 4pm" in reply
    clock.set(at_london(2026, 11, 9, 16))
    await run_due_items(app)
    assert [m.kind for m in await chat.flush()] == ["checkin_ask_score"]


async def test_the_chart_is_written(app: AppContext, chat: Chat, clock: FixedClock, tmp_path: Path) -> None:
    clock.set(at_london(2026, 11, 2, 10))
    await _plan(app, chat)
    for week, answer in ((0, "7"), (1, "2"), (2, None)):
        clock.set(at_london(2026, 11, 2, 16) + dt.timedelta(weeks=week))
        await run_due_items(app)
        await chat.flush()
        if answer:
            await chat.say(answer)
            await chat.say("skip")
    clock.set(at_london(2026, 11, 23, 16))
    await run_due_items(app)
    answers = await _answers(app)
    assert [(a.score, a.status, a.review_reason) for a in answers] == [
        (7, "answered", None),
        (2, "answered", "low_score"),
        (None, "missed", None),
        (None, "asked", None),
    ]
    async with app.db.session() as session:
        plans = await plans_for(session)
    path = views.chart(answers, plans, app.service, tmp_path / "trend.png", answers[0].contact_id)
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and path.stat().st_size > 10_000
    lines = [views.answer_line(a, app.service) for a in answers]
    assert "REVIEW low_score" in lines[1] and "missed" in lines[2]
