"""`/schools`: schools, their join codes and counts. A school lead sees only their own schools, counts
only (no names, numbers or message text), with counts from 1 to 4 shown as "fewer than 5"."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from sqlalchemy import func
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.features.schools.service import list_schools
from bot.storage.models import Contact, School, SchoolCode
from bot.storage.models.users import Practitioner
from bot.web.dashboard.auth import SCHOOL_ROLES, context, require
from bot.web.dashboard.render import page
from safeguarding.models import RESOLVED, Escalation

router = APIRouter(include_in_schema=False)
SUPPRESS_BELOW = 5
SINCE = dt.timedelta(days=30)


@dataclass(frozen=True)
class SchoolRow:
    school: School
    codes: list[SchoolCode]
    contacts: int
    joined_30d: int
    cases_30d: int
    open_cases: int


def shown(count: int, suppress: bool) -> str:
    """A count as a person sees it: 1-4 becomes "fewer than 5" when `suppress`."""
    if suppress and 0 < count < SUPPRESS_BELOW:
        return f"fewer than {SUPPRESS_BELOW}"
    return str(count)


async def _counts(session: AsyncSession, now: dt.datetime) -> dict[str, dict[int, int]]:
    since = now - SINCE

    async def grouped(stmt) -> dict[int, int]:  # type: ignore[no-untyped-def]
        return {int(k): int(v) for k, v in (await session.exec(stmt)).all() if k is not None}

    school = col(Contact.school_id)
    case_join = select(school, func.count(col(Escalation.id))).join(
        Contact, col(Contact.id) == col(Escalation.contact_id)
    )
    return {
        "contacts": await grouped(select(school, func.count()).group_by(school)),
        "joined": await grouped(
            select(school, func.count()).where(col(Contact.joined_school_at) >= since).group_by(school)
        ),
        "cases": await grouped(case_join.where(col(Escalation.created_at) >= since).group_by(school)),
        "open": await grouped(case_join.where(col(Escalation.status) != RESOLVED).group_by(school)),
    }


async def school_rows(session: AsyncSession, now: dt.datetime, only: list[int] | None) -> list[SchoolRow]:
    counts = await _counts(session, now)
    rows = []
    for school, codes in await list_schools(session):
        assert school.id is not None
        if only is not None and school.id not in only:
            continue
        rows.append(
            SchoolRow(
                school,
                codes,
                counts["contacts"].get(school.id, 0),
                counts["joined"].get(school.id, 0),
                counts["cases"].get(school.id, 0),
                counts["open"].get(school.id, 0),
            )
        )
    return rows


Viewer = Depends(require(*SCHOOL_ROLES))


@router.get("/schools")
async def schools_page(request: Request, person: Practitioner = Viewer) -> Response:
    return await schools_view(request, person)


async def schools_view(request: Request, person: Practitioner, *, error: str | None = None) -> Response:
    """The page; `error` (from an admin's edit) is shown with a 400."""
    ctx = context(request)
    lead = person.role == "school_lead"
    async with ctx.db.session() as session:
        rows = await school_rows(session, ctx.now(), person.schools if lead else None)
    done = request.query_params.get("done") == "1" and error is None
    return page(
        request,
        "schools.html",
        person,
        title="Schools and codes",
        rows=rows,
        lead=lead,
        shown=shown,
        error=error,
        done=done,
        status_code=400 if error else 200,
    )
