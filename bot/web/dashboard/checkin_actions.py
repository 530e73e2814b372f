"""Check-in actions from the dashboard: pause, resume or end a plan; approve a request made by text (by
making the plan the practitioner chooses) or decline it. The same service functions as `waymark
checkins pause|resume|end|approve|decline`, one audit event each; POST, CSRF, redirect."""

from __future__ import annotations

import datetime as dt

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import RedirectResponse, Response
from sqlmodel import col, select

from bot.features.checkins import requests as req
from bot.features.checkins import service as svc
from bot.features.checkins.tables import CheckinRequest
from bot.features.practitioners.service import by_username
from bot.storage.models import Contact
from bot.storage.models.users import Practitioner
from bot.web.dashboard.appointments import field
from bot.web.dashboard.auth import actor, checked_form, context, require
from bot.web.dashboard.care_scope import CARE_ROLES, school_filter, sees_everyone
from bot.web.dashboard.checkin_data import visible_plan
from bot.web.dashboard.checkins import checkins_view, plan_view

router = APIRouter(include_in_schema=False)
Worker = Depends(require(*CARE_ROLES))
PLAN_ACTIONS = ("pause", "resume", "end")
CLI_WORDS = (
    ("--until-first-appointment", "until the first appointment"),
    ("--until DATE", "an end date"),
    ("--count N", "a number of check-ins"),
    ("--count", "the number of check-ins"),
    ("--goal", "a goal"),
)


def plain(message: str) -> str:
    """A service error in the page's words, not the command line's options."""
    for option, words in CLI_WORDS:
        message = message.replace(option, words)
    return message


@router.post("/checkins/{plan_id:int}/{action}")
async def plan_action(request: Request, plan_id: int, action: str, person: Practitioner = Worker) -> Response:
    form = await checked_form(request)
    if action not in PLAN_ACTIONS:
        raise HTTPException(404, "There is no such action.")
    ctx = context(request)
    now, who = ctx.now(), actor(person)
    async with ctx.db.session() as session:
        found = await visible_plan(session, person, plan_id)
        if found is None:
            raise HTTPException(404, "There is no check-in plan with that number that you can see.")
        plan = found[0]
        if action == "pause":
            changed = await svc.pause_plan(session, plan, actor=who, now=now)
        elif action == "resume":
            changed, _ = await svc.resume_plan(session, plan, ctx.service, actor=who, now=now)
            changed = changed or plan.status == "ended"
        else:
            changed = await svc.end_plan(
                session, plan, reason=field(form, "reason") or "ended by team", actor=who, now=now
            )
        if changed:
            await session.commit()
        status = plan.status
    if not changed:
        return await plan_view(request, person, plan_id, error=f"Nothing changed: the plan is {status}.")
    done = {"active": "resumed", "paused": "paused"}.get(status, "ended")
    return RedirectResponse(f"/checkins/{plan_id}?done={done}", status_code=303)


async def _may_decide(request: Request, person: Practitioner, request_id: int) -> None:
    if sees_everyone(person):
        return
    ctx = context(request)
    async with ctx.db.session() as session:
        found = await session.exec(
            select(Contact.id)
            .join(CheckinRequest, col(CheckinRequest.contact_id) == col(Contact.id))
            .where(col(CheckinRequest.id) == request_id, school_filter(person))
        )
        if found.first() is None:
            raise HTTPException(404, "There is no check-in request with that number that you can see.")


def _spec(request_form: dict[str, str]) -> svc.PlanSpec:
    try:
        local_time = dt.time.fromisoformat(request_form["time"])
    except ValueError:
        raise svc.CheckinError("the time must look like 16:00") from None
    first_appt = request_form["until"] == "first_appointment"
    count = request_form["count"]
    if not first_appt and not count.isdigit():
        raise svc.CheckinError("give how many check-ins (a whole number), or until the first appointment")
    return svc.PlanSpec(
        kind=request_form["kind"],
        weekday=request_form["day"],
        local_time=local_time,
        frequency="fortnightly" if request_form["frequency"] == "fortnightly" else "weekly",
        end_after=None if first_appt else int(count),
        until_first_appointment=first_appt,
        owner=request_form["owner"],
        goal_name=request_form["goal"] or None,
    )


@router.post("/checkins/requests/{request_id:int}/{decision}")
async def decide(request: Request, request_id: int, decision: str, person: Practitioner = Worker) -> Response:
    form = await checked_form(request)
    if decision not in ("approve", "decline"):
        raise HTTPException(404, "There is no such action.")
    await _may_decide(request, person, request_id)
    ctx = context(request)
    typed = {
        k: field(form, k) for k in ("kind", "day", "time", "frequency", "until", "count", "owner", "goal")
    }
    error = None
    async with ctx.db.session() as session:
        try:
            if decision == "decline":
                await req.decline_request(session, request_id, actor=actor(person), now=ctx.now())
            else:
                owner = await by_username(session, typed["owner"])
                if owner is None or not owner.active:
                    raise svc.CheckinError("choose who looks after the plan")
                await req.approve_request(
                    session, request_id, _spec(typed), ctx.service, actor=actor(person), now=ctx.now()
                )
        except svc.CheckinError as exc:
            error = plain(str(exc))
        else:
            await session.commit()
    if error is not None:
        return await checkins_view(request, person, error=f"Not done: {error}.")
    return RedirectResponse(f"/checkins?done={decision}d", status_code=303)
