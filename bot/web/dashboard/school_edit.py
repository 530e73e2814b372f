"""Admins edit schools and join codes on `/schools`: add a school (with its first code), add a code, retire
a code. The same service functions as `waymark schools`; each change is audited."""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response
from sqlmodel.ext.asyncio.session import AsyncSession
from starlette.datastructures import FormData

from bot.app.audit import record
from bot.features.schools.service import SchoolError, add_code, add_school, retire_code
from bot.storage.models.users import Practitioner
from bot.web.dashboard.auth import ADMIN, actor, checked_form, context, require
from bot.web.dashboard.schools import schools_view

router = APIRouter(include_in_schema=False)
Admin = Depends(require(*ADMIN))
Change = Callable[[AsyncSession, dt.datetime], Awaitable[tuple[str, str]]]


def _field(form: FormData, name: str) -> str:
    value = form.get(name, "")
    return value.strip() if isinstance(value, str) else ""


async def _apply(request: Request, person: Practitioner, change: Change) -> Response:
    ctx = context(request)
    error = None
    async with ctx.db.session() as session:
        try:
            action, subject = await change(session, ctx.now())
        except (SchoolError, ValueError) as exc:
            error = str(exc)
        else:
            await record(
                session,
                at=ctx.now(),
                actor=actor(person),
                action=action,
                subject_type="school",
                subject_id=subject,
                details={"via": "web"},
            )
            await session.commit()
    if error is not None:
        return await schools_view(request, person, error=error[:1].upper() + error[1:] + ".")
    return RedirectResponse("/schools?done=1", status_code=303)


@router.post("/schools/add")
async def school_add(request: Request, person: Practitioner = Admin) -> Response:
    form = await checked_form(request)

    async def change(session: AsyncSession, now: dt.datetime) -> tuple[str, str]:
        school = await add_school(
            session,
            name=_field(form, "name"),
            local_authority=_field(form, "authority"),
            team_contact=_field(form, "team") or None,
            now=now,
        )
        assert school.id is not None
        await add_code(session, school.id, _field(form, "code"), now)
        return "school.added", str(school.id)

    return await _apply(request, person, change)


@router.post("/schools/codes/add")
async def code_add(request: Request, person: Practitioner = Admin) -> Response:
    form = await checked_form(request)

    async def change(session: AsyncSession, now: dt.datetime) -> tuple[str, str]:
        school_id = int(_field(form, "school_id") or "0")
        code = await add_code(session, school_id, _field(form, "code"), now)
        return "school.code_added", f"{school_id}:{code.code}"

    return await _apply(request, person, change)


@router.post("/schools/codes/retire")
async def code_retire(request: Request, person: Practitioner = Admin) -> Response:
    form = await checked_form(request)

    async def change(session: AsyncSession, now: dt.datetime) -> tuple[str, str]:
        code = await retire_code(session, _field(form, "code"), now)
        return "school.code_retired", f"{code.school_id}:{code.code}"

    return await _apply(request, person, change)
