"""`/api/v1/`: the duty queue as JSON, for a signed-in browser session or an API token
(`Authorization: Bearer wmk_...`, from `waymark users token`). Listed in /openapi.json."""

from __future__ import annotations

import datetime as dt

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel

from bot.app.audit import record
from bot.storage.models.users import Practitioner
from bot.web.dashboard.auth import DUTY_ROLES, actor, context, require, signed_in
from bot.web.dashboard.queue import on_duty, queue_rows

router = APIRouter(prefix="/api/v1", tags=["dashboard API"])


class Me(BaseModel):
    username: str
    display_name: str
    role: str
    schools: list[int]


class Case(BaseModel):
    ref: str
    severity: str
    kind: str
    status: str
    categories: list[str]
    created_at: dt.datetime
    ack_deadline: dt.datetime | None
    minutes_left: int | None
    overdue: bool
    acknowledged_by: str | None
    school: str | None
    warnings: list[str]


class OnDutyNow(BaseModel):
    primary: str | None
    backup: str | None
    manager: str | None
    until: dt.datetime | None
    next_start: dt.datetime | None


class DutyQueue(BaseModel):
    on_duty: OnDutyNow
    cases: list[Case]


Duty = Depends(require(*DUTY_ROLES))


@router.get("/me", response_model=Me, summary="Who the session or token belongs to")
async def me(request: Request) -> Me:
    person = await signed_in(request)
    return Me(
        username=person.username, display_name=person.display_name, role=person.role, schools=person.schools
    )


@router.get("/duty", response_model=DutyQueue, summary="The duty queue (duty clinicians, managers, admins)")
async def duty_queue(request: Request, person: Practitioner = Duty) -> DutyQueue:
    """Unresolved cases, open first, most severe and oldest first: references, severities, times and
    schools, never message text or numbers."""
    ctx = context(request)
    now = ctx.now()
    async with ctx.db.session() as session:
        rows = await queue_rows(session, now)
        duty = await on_duty(ctx, session, now)
        await record(
            session,
            at=now,
            actor=actor(person),
            action="duty.viewed",
            subject_type="queue",
            subject_id="duty",
            details={"count": len(rows), "via": "api"},
        )
        await session.commit()
    return DutyQueue(
        on_duty=OnDutyNow(**duty.__dict__),
        cases=[Case(**{**r.__dict__, "overdue": r.overdue}) for r in rows],
    )
