"""`/checkins`: check-in plans (who, schedule, state), the review list (low scores, drops, missed) with
the reasons, and requests made by text; `/checkins/{plan}`: one contact's plans, answers and trend chart
(`/checkins/{plan}/chart.png`, drawn by the feature's own chart code). Plan ids only in URLs, never a
number. Actions are in checkin_actions.py."""

from __future__ import annotations

import asyncio
import tempfile
import threading
from pathlib import Path

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import Response

from bot.app.context import AppContext
from bot.features.checkins import views
from bot.features.checkins.service import plans_for
from bot.features.checkins.tables import KINDS, CheckinAnswer, CheckinPlan
from bot.features.practitioners.service import all_practitioners
from bot.storage.models.users import Practitioner
from bot.web.dashboard.auth import context, require
from bot.web.dashboard.care_scope import CARE_ROLES
from bot.web.dashboard.checkin_data import (
    KIND_LABELS,
    answers_of,
    plan_rows,
    request_rows,
    review_rows,
    summary,
    visible_plan,
)
from bot.web.dashboard.render import page
from flows.context import WEEKDAY_NAMES

router = APIRouter(include_in_schema=False)
Worker = Depends(require(*CARE_ROLES))
DONE = {
    "paused": "The plan is paused: no check-ins until it is resumed.",
    "resumed": "The plan is running again.",
    "ended": "The plan has ended: no more check-ins.",
    "approved": "Approved: the plan is made and its first check-in is queued.",
    "declined": "The request is declined. Talk to the young person another way.",
}
_drawing = threading.Lock()  # pyplot keeps global state: one chart at a time


async def checkins_view(request: Request, person: Practitioner, *, error: str | None = None) -> Response:
    ctx = context(request)
    everything = request.query_params.get("all") == "1"
    async with ctx.db.session() as session:
        plans = await plan_rows(session, person, ctx.service, live_only=not everything)
        reviews = await review_rows(session, person, include_closed=everything)
        requests = await request_rows(session, person)
        staff = [p for p in await all_practitioners(session) if p.active and p.role != "school_lead"]
    usual = ctx.config.checkins
    return page(
        request,
        "checkins.html",
        person,
        title="Check-ins",
        plans=plans,
        reviews=reviews,
        requests=requests,
        staff=staff,
        everything=everything,
        kinds=KINDS,
        kind_labels=KIND_LABELS,
        weekdays=WEEKDAY_NAMES,
        usual_day=usual.weekly_day,
        usual_time=usual.time.strftime("%H:%M"),
        done=None if error else DONE.get(request.query_params.get("done", "")),
        error=error,
        status_code=400 if error else 200,
    )


@router.get("/checkins")
async def checkins_page(request: Request, person: Practitioner = Worker) -> Response:
    return await checkins_view(request, person)


async def _plan_or_404(ctx: AppContext, person: Practitioner, plan_id: int) -> CheckinPlan:
    async with ctx.db.session() as session:
        found = await visible_plan(session, person, plan_id)
    if found is None:
        raise HTTPException(404, "There is no check-in plan with that number that you can see.")
    return found[0]


async def plan_view(
    request: Request, person: Practitioner, plan_id: int, *, error: str | None = None
) -> Response:
    ctx = context(request)
    plan = await _plan_or_404(ctx, person, plan_id)
    async with ctx.db.session() as session:
        plans = await plan_rows(session, person, ctx.service, contact_id=plan.contact_id)
        answers = await answers_of(session, plan.contact_id)
    this = next(row for row in plans if row.id == plan_id)
    return page(
        request,
        "checkin_plan.html",
        person,
        title=f"Check-ins: {this.who}",
        this=this,
        plans=plans,
        answers=answers,
        summary=summary(answers, ctx.service),
        done=None if error else DONE.get(request.query_params.get("done", "")),
        error=error,
        status_code=400 if error else 200,
    )


@router.get("/checkins/{plan_id:int}")
async def plan_page(request: Request, plan_id: int, person: Practitioner = Worker) -> Response:
    return await plan_view(request, person, plan_id)


def draw(answers: list[CheckinAnswer], plans: list[CheckinPlan], ctx: AppContext, contact_id: int) -> bytes:
    """The feature's trend chart (views.chart, as `waymark checkins show`) as PNG bytes."""
    with _drawing, tempfile.TemporaryDirectory(prefix="waymark-chart-") as folder:
        path = Path(folder) / "chart.png"
        views.chart(answers, plans, ctx.service, path, contact_id)
        return path.read_bytes()


@router.get("/checkins/{plan_id:int}/chart.png")
async def chart_png(request: Request, plan_id: int, person: Practitioner = Worker) -> Response:
    ctx = context(request)
    plan = await _plan_or_404(ctx, person, plan_id)
    async with ctx.db.session() as session:
        plans = await plans_for(session, plan.contact_id)
        answers = await answers_of(session, plan.contact_id)
    png = await asyncio.to_thread(draw, answers, plans, ctx, plan.contact_id)
    return Response(png, media_type="image/png", headers={"cache-control": "no-store"})
