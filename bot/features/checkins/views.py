"""What ``waymark checkins list|show`` print and chart: plain lines and chart points from the tables."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.features.checkins.chart import Point, draw_trend
from bot.features.checkins.tables import MISSED, CheckinAnswer, CheckinPlan
from bot.storage.models import ScheduledItem
from bot.storage.models.scheduled import PENDING
from flows.calendar import clock_text, day_text
from flows.checkin_effects import CHECKIN_KIND
from flows.context import ServiceInfo


def _when(service: ServiceInfo, at: dt.datetime) -> str:
    local = service.local(at)
    return f"{day_text(local.date())} {local.year} {clock_text(local.time())}"


def plan_line(plan: CheckinPlan, service: ServiceInfo, next_due: dt.datetime | None) -> str:
    """'#3 contact 12 waiting_well weekly mon 4pm, 2 sent, ends after 6, owner demo.duty, active, next ..'."""
    if plan.end_after is not None:
        end = f"ends after {plan.end_after}"
    elif plan.end_on is not None:
        end = f"ends {plan.end_on.isoformat()}"
    else:
        end = "until first appointment"
    goal = f", goal '{plan.goal_name}'" if plan.goal_name else ""
    skip = ", skips holidays" if plan.skip_holidays else ""
    nxt = f", next {_when(service, next_due)}" if next_due is not None else ""
    return (
        f"#{plan.id} contact {plan.contact_id} {plan.kind} {plan.frequency} {plan.weekday} "
        f"{clock_text(plan.local_time)}, {plan.sent_count} sent, {end}{goal}{skip}, owner {plan.owner}, "
        f"{plan.status}{nxt}"
    )


async def next_due(session: AsyncSession, plan: CheckinPlan) -> dt.datetime | None:
    found = await session.exec(
        select(ScheduledItem.due_at)
        .where(
            ScheduledItem.kind == CHECKIN_KIND,
            ScheduledItem.status == PENDING,
            col(ScheduledItem.dedupe_key).startswith(f"checkin:{plan.id}:"),
        )
        .order_by(col(ScheduledItem.due_at))
        .limit(1)
    )
    return found.first()


async def answers_for(session: AsyncSession, contact_id: int) -> list[CheckinAnswer]:
    rows = await session.exec(
        select(CheckinAnswer)
        .where(CheckinAnswer.contact_id == contact_id)
        .order_by(col(CheckinAnswer.asked_at))
    )
    return list(rows.all())


def answer_line(answer: CheckinAnswer, service: ServiceInfo) -> str:
    """'Mon 9 Nov 2026 4pm  plan #1 #2  score 3  goal -  note yes  answered  REVIEW drop (ref ABC123)'."""
    score = "-" if answer.score is None else str(answer.score)
    goal = "-" if answer.goal_score is None else str(answer.goal_score)
    note = "yes" if answer.note_message_id else "no"
    review = f"  REVIEW {answer.review_reason} (ref {answer.escalation_ref})" if answer.review_reason else ""
    return (
        f"{_when(service, answer.asked_at):24} plan #{answer.plan_id} #{answer.sequence:<3} "
        f"score {score:>2}  goal {goal:>2}  note {note:3}  {answer.status}{review}"
    )


def chart(
    answers: list[CheckinAnswer], plans: list[CheckinPlan], service: ServiceInfo, path: Path, contact_id: int
) -> Path:
    """Draw the contact's trend chart to `path`."""
    points = [
        Point(service.local(a.asked_at), a.score, a.goal_score, a.status == MISSED, a.review_reason)
        for a in answers
    ]
    kinds = ", ".join(sorted({p.kind.replace("_", " ") for p in plans})) or "no plan"
    goals = [p.goal_name for p in plans if p.goal_name]
    title = f"Check-ins for contact {contact_id} ({kinds})"
    return draw_trend(points, path, title=title, goal_name=goals[-1] if goals else None, tz=service.tz)
