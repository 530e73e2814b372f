"""`--demo` check-ins: two young people with plans and a few weeks of answers, so `waymark checkins show`,
its chart and the review list are not empty, and a third who asked by text for check-ins (a request
waiting for the team). Numbers are Ofcom's drama range (never real phones)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.features.checkins.answers import close_answer, record_part
from bot.features.checkins.requests import file_request
from bot.features.checkins.schedule import nominal
from bot.features.checkins.service import PlanSpec, add_plan
from bot.features.checkins.tables import CheckinAnswer, CheckinPlan
from bot.storage.models import Contact, School

if TYPE_CHECKING:
    from bot.app.context import AppContext

WEEKS = 5
DEMO_REQUEST = "+447700900803"
# (address, plan, answers per past week: (score, goal) or None for no reply)
DEMO_PLANS: tuple[tuple[str, PlanSpec, tuple[tuple[int, int | None] | None, ...]], ...] = (
    (
        "+447700900801",
        PlanSpec(kind="waiting_well", weekday="mon", local_time=dt.time(16, 0), until_first_appointment=True,
                 owner="demo.duty"),
        ((6, None), (7, None), (3, None), None, None),
    ),
    (
        "+447700900802",
        PlanSpec(kind="between_sessions", weekday="wed", local_time=dt.time(15, 30), end_after=8,
                 owner="demo.backup",
                 goal_name="going to school every day"),
        ((4, 2), (5, 3), (5, 5), (7, 6), (8, 7)),
    ),
)  # fmt: skip


async def load_demo_checkins(app: AppContext, session: AsyncSession) -> None:
    """Plans that started `WEEKS` weeks ago, their answers (a drop, two missed) and the next check-in."""
    now = app.now()
    school = (await session.exec(select(School).limit(1))).first()
    started = now - dt.timedelta(weeks=WEEKS, days=1)
    for address, spec, weeks in DEMO_PLANS:
        contact = Contact(channel="sms", address=address, first_seen=started, last_seen=now,
                          school_id=school.id if school else None, joined_school_at=started)  # fmt: skip
        session.add(contact)
        await session.flush()
        dated = PlanSpec(**{**spec.__dict__, "starts_on": app.service.local(started).date()})
        plan, _ = await add_plan(session, contact, dated, app.service, actor="system:demo", now=now)
        await _answers(app, session, plan, weeks)
    asker = Contact(channel="sms", address=DEMO_REQUEST, first_seen=now, last_seen=now,
                    school_id=school.id if school else None, joined_school_at=started)  # fmt: skip
    session.add(asker)
    await session.flush()
    assert asker.id is not None
    await file_request(session, asker.id, now=now - dt.timedelta(hours=3))


async def _answers(
    app: AppContext,
    session: AsyncSession,
    plan: CheckinPlan,
    weeks: tuple[tuple[int, int | None] | None, ...],
) -> None:
    assert plan.id is not None
    for index, answer in enumerate(weeks):
        asked = nominal(plan, index, app.service)
        if asked > app.now():
            break
        row = CheckinAnswer(plan_id=plan.id, contact_id=plan.contact_id, sequence=index + 1, due_at=asked,
                            asked_at=asked)  # fmt: skip
        session.add(row)
        await session.flush()
        assert row.id is not None
        plan.sent_count = index + 1
        if answer is None:
            await close_answer(session, row.id, now=asked + dt.timedelta(hours=48))
            continue
        score, goal = answer
        await record_part(session, row.id, "score", score, now=asked + dt.timedelta(minutes=20))
        if goal is not None:
            await record_part(session, row.id, "goal", goal, now=asked + dt.timedelta(minutes=21))
    session.add(plan)
