"""`/appointments`: a day and a week view (times in the service's zone), booking an appointment (the
same `book_entered` as `waymark appointments add`), and attended / did not attend / cancel (the same
service functions as the CLI; one audit event each). Only dates and appointment ids are ever in a URL."""

from __future__ import annotations

import datetime as dt

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import RedirectResponse, Response
from starlette.datastructures import FormData

from bot.features.appointments import service
from bot.features.appointments.entry import book_entered
from bot.features.appointments.models import KINDS
from bot.features.practitioners.service import all_practitioners
from bot.storage.models.users import Practitioner
from bot.web.dashboard.appointment_data import (
    FIRST_DAY,
    LAST_DAY,
    VIEWS,
    may_see,
    rows_between,
    showable,
    span,
)
from bot.web.dashboard.auth import actor, checked_form, context, require
from bot.web.dashboard.care_scope import CARE_ROLES
from bot.web.dashboard.render import page

router = APIRouter(include_in_schema=False)
Worker = Depends(require(*CARE_ROLES))
DONE = {
    "booked": "Booked. Reminders are planned.",
    "attended": "Recorded as attended.",
    "dna": "Recorded as did not attend.",
    "imported": "The file is imported: its appointments are booked and their reminders planned.",
    "cancel": "Cancelled. Its reminders will not be sent. Nothing is texted: tell the person yourself.",
}
FIELDS = ("phone", "date", "time", "kind", "practitioner", "name", "minutes", "place", "weekly")


def field(form: FormData, name: str) -> str:
    value = form.get(name, "")
    return value.strip() if isinstance(value, str) else ""


def _day(value: str | None, today: dt.date) -> tuple[dt.date, str | None]:
    if not value:
        return today, None
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        return today, "That is not a date like 2026-12-08: showing today."
    if not showable(day):
        return today, f"Pick a date from {FIRST_DAY.year} to {LAST_DAY.year}: showing today."
    return day, None


async def appointments_view(
    request: Request,
    person: Practitioner,
    *,
    error: str | None = None,
    typed: dict[str, str] | None = None,
    day: dt.date | None = None,
) -> Response:
    ctx = context(request)
    now = ctx.now()
    tz = ctx.service.tz
    today = now.astimezone(tz).date()
    params = request.query_params
    notice = None
    if day is None:
        day, notice = _day(params.get("date"), today)
    view = params.get("view", "day")
    view = view if view in VIEWS else "day"
    shown = span(view, day, tz)
    async with ctx.db.session() as session:
        rows = await rows_between(session, person, shown.start, shown.end, tz, now)
        staff = [p for p in await all_practitioners(session) if p.active and p.role != "school_lead"]
    by_day = {d: [r for r in rows if r.local_start.date() == d] for d in shown.days}
    default = {"date": day.isoformat(), "time": "16:00", "kind": "school", "minutes": "45", "weekly": "1"}
    return page(
        request,
        "appointments.html",
        person,
        title="Appointments",
        span=shown,
        by_day=by_day,
        rows=rows,
        today=today,
        kinds=KINDS,
        staff=staff,
        typed={**default, "practitioner": person.username, **(typed or {})},
        timezone=ctx.config.service.timezone,
        done=None if error else DONE.get(params.get("done", "")),
        error=error,
        notice=notice,
        hours=(shown.end - shown.start).total_seconds() / 3600,
        max_sessions=service.MAX_COURSE,
        status_code=400 if error else 200,
    )


@router.get("/appointments")
async def appointments_page(request: Request, person: Practitioner = Worker) -> Response:
    return await appointments_view(request, person)


def _whole(value: str, default: int, what: str) -> int:
    if not value:
        return default
    if not value.isdigit():
        raise service.AppointmentError(f"{what} must be a whole number")
    return int(value)


@router.post("/appointments/new")
async def book_page(request: Request, person: Practitioner = Worker) -> Response:
    form = await checked_form(request)
    typed = {name: field(form, name) for name in FIELDS}
    ctx = context(request)
    error = None
    async with ctx.db.session() as session:
        try:
            made = await book_entered(
                ctx,
                session,
                phone=typed["phone"],
                start=f"{typed['date']} {typed['time']}",
                kind=typed["kind"],
                actor=actor(person),
                practitioner=typed["practitioner"] or None,
                name=typed["name"] or None,
                minutes=_whole(typed["minutes"], 45, "Length"),
                place=typed["place"] or None,
                weekly=_whole(typed["weekly"], 1, "Sessions"),
            )
        except service.AppointmentError as exc:
            error = str(exc)
        else:
            await session.commit()
    if error is not None:
        try:
            day = dt.date.fromisoformat(typed["date"])
        except ValueError:
            day = None
        return await appointments_view(request, person, error=f"Not booked: {error}.", typed=typed, day=day)
    first = made[0].start_at.astimezone(ctx.service.tz).date()
    return RedirectResponse(f"/appointments?view=day&date={first.isoformat()}&done=booked", status_code=303)


@router.post("/appointments/{appointment_id:int}/{action}")
async def change_page(
    request: Request, appointment_id: int, action: str, person: Practitioner = Worker
) -> Response:
    form = await checked_form(request)
    if action not in ("attended", "dna", "cancel"):
        raise HTTPException(404, "There is no such action.")
    ctx = context(request)
    error = None
    async with ctx.db.session() as session:
        appt = await may_see(session, person, appointment_id)
        if appt is None:
            raise HTTPException(404, "There is no appointment with that number that you can see.")
        day = appt.start_at.astimezone(ctx.service.tz).date()
        try:
            if action == "cancel":
                await service.cancel_by_team(
                    ctx, session, appt, actor(person), reason=field(form, "reason") or None
                )
            else:
                await service.mark_outcome(ctx, session, appt, action == "attended", actor(person))
        except service.AppointmentError as exc:
            error = str(exc)
        else:
            await session.commit()
    if error is not None:
        return await appointments_view(request, person, error=f"Not changed: {error}.", day=day)
    view = field(form, "view") if field(form, "view") in VIEWS else "day"
    return RedirectResponse(
        f"/appointments?view={view}&date={day.isoformat()}&done={action}", status_code=303
    )
