"""`/api/v1/appointments` and `/api/v1/checkins/review`: the appointments of a day or week and the
check-in review list as JSON, for a browser session or an API token (`waymark users token`). Workers
only (duty clinicians, practitioners for their schools, managers, admins); school leads get 403. Contacts
are ids, never numbers or message text."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from pydantic import BaseModel

from bot.storage.models.users import Practitioner
from bot.web.dashboard.appointment_data import (
    FIRST_DAY,
    LAST_DAY,
    STATUS_LABELS,
    rows_between,
    showable,
    span,
)
from bot.web.dashboard.auth import context, require
from bot.web.dashboard.care_scope import CARE_ROLES
from bot.web.dashboard.checkin_data import review_rows

router = APIRouter(prefix="/api/v1", tags=["appointments and check-ins"])
Worker = Depends(require(*CARE_ROLES))


class AppointmentOut(BaseModel):
    id: int
    contact_id: int
    start: dt.datetime
    local_start: str
    minutes: int
    kind: str
    practitioner: str
    place: str | None
    status: str
    status_label: str
    reminders_sent: int
    reminders: str
    course_id: str | None


class AppointmentDay(BaseModel):
    view: str
    first_day: dt.date
    start: dt.datetime
    end: dt.datetime
    timezone: str
    appointments: list[AppointmentOut]


class ReviewItem(BaseModel):
    answer_id: int
    plan_id: int
    contact_id: int
    asked_at: dt.datetime
    reason: str
    why: str
    score: int | None
    case_ref: str | None
    case_status: str | None


@router.get("/appointments", response_model=AppointmentDay, summary="Appointments of a local day or week")
async def appointments_api(
    request: Request,
    person: Practitioner = Worker,
    date: Annotated[dt.date | None, Query(description="A local date; default today.")] = None,
    view: Annotated[
        str, Query(pattern="^(day|week)$", description="day, or the Monday-to-Sunday week")
    ] = "day",
) -> AppointmentDay:
    """Each appointment's time (UTC and local), status (and the words the dashboard uses for it) and
    reminders. A practitioner gets their schools' contacts and their own appointments."""
    ctx = context(request)
    tz = ctx.service.tz
    now = ctx.now()
    if date is not None and not showable(date):
        raise HTTPException(422, f"date must be from {FIRST_DAY} to {LAST_DAY}")
    shown = span(view, date or now.astimezone(tz).date(), tz)
    async with ctx.db.session() as session:
        rows = await rows_between(session, person, shown.start, shown.end, tz, now)
    return AppointmentDay(
        view=view,
        first_day=shown.first,
        start=shown.start,
        end=shown.end,
        timezone=ctx.config.service.timezone,
        appointments=[
            AppointmentOut(
                id=r.id,
                contact_id=r.appt.contact_id,
                start=r.appt.start_at,
                local_start=r.local_start.isoformat(),
                minutes=r.appt.minutes,
                kind=r.appt.kind,
                practitioner=r.appt.practitioner_name,
                place=r.appt.place,
                status=r.appt.status,
                status_label=STATUS_LABELS.get(r.appt.status, r.appt.status),
                reminders_sent=r.appt.reminders_sent,
                reminders=r.reminders,
                course_id=r.appt.course_id,
            )
            for r in rows
        ],
    )


@router.get("/checkins/review", response_model=list[ReviewItem], summary="The check-in review list")
async def review_api(
    request: Request,
    person: Practitioner = Worker,
    include_resolved: Annotated[bool, Query(description="Also reviews whose case is resolved.")] = False,
) -> list[ReviewItem]:
    """Low scores, drops and missed check-ins, newest first, with the reason in words and the review
    case's reference and status."""
    ctx = context(request)
    async with ctx.db.session() as session:
        rows = await review_rows(session, person, include_closed=include_resolved)
    items = []
    for r in rows:
        assert r.answer.id is not None, "a stored answer has an id"
        items.append(
            ReviewItem(
                answer_id=r.answer.id,
                plan_id=r.plan_id,
                contact_id=r.answer.contact_id,
                asked_at=r.answer.asked_at,
                reason=str(r.answer.review_reason),
                why=r.why,
                score=r.answer.score,
                case_ref=r.case_ref,
                case_status=r.case_status,
            )
        )
    return items
