"""Admins change the duty rota on `/rota`: add a shift, on-call entry or dated change, remove one, set the
manager. The same service functions as `waymark escalations rota` (``rota_store.py``), each audited once;
the page shows the `rota check` warnings again after every change."""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response
from sqlmodel.ext.asyncio.session import AsyncSession
from starlette.datastructures import FormData

from bot.features.escalations.rota_store import RotaError, add_slot, remove_slot, set_manager
from bot.storage.models.users import Practitioner
from bot.web.dashboard.auth import ADMIN, actor, checked_form, context, require
from bot.web.dashboard.rota import rota_view

router = APIRouter(include_in_schema=False)
Admin = Depends(require(*ADMIN))
Change = Callable[[AsyncSession, dt.datetime], Awaitable[object]]


def _field(form: FormData, name: str) -> str:
    value = form.get(name, "")
    return value.strip() if isinstance(value, str) else ""


async def _apply(
    request: Request, person: Practitioner, change: Change, values: dict[str, object]
) -> Response:
    ctx = context(request)
    error = None
    async with ctx.db.session() as session:
        try:
            await change(session, ctx.now())
        except RotaError as exc:
            await session.rollback()
            error = str(exc)
        else:
            await session.commit()
    if error is not None:
        message = error[:1].upper() + error[1:] + "."
        return await rota_view(request, person, error=message, values=values, status_code=400)
    return RedirectResponse("/rota?done=1", status_code=303)


@router.post("/rota/slots/add")
async def slot_add(request: Request, person: Practitioner = Admin) -> Response:
    form = await checked_form(request)
    days = [d for d in form.getlist("days") if isinstance(d, str)]
    fields = {name: _field(form, name) for name in ("kind", "on_date", "start", "end", "primary", "backup")}
    ctx = context(request)

    async def change(session: AsyncSession, now: dt.datetime) -> object:
        return await add_slot(session, ctx.config, days=days, actor=actor(person), now=now, **fields)

    return await _apply(request, person, change, {**fields, "days": days})


@router.post("/rota/slots/remove")
async def slot_remove(request: Request, person: Practitioner = Admin) -> Response:
    form = await checked_form(request)
    raw = _field(form, "slot")
    ctx = context(request)

    async def change(session: AsyncSession, now: dt.datetime) -> object:
        if not raw.isdigit():
            raise RotaError("that rota row is not there any more: reload the page")
        await remove_slot(session, ctx.config, int(raw), actor=actor(person), now=now)
        return None

    return await _apply(request, person, change, {})


@router.post("/rota/manager")
async def manager_set(request: Request, person: Practitioner = Admin) -> Response:
    form = await checked_form(request)
    name = _field(form, "manager")
    ctx = context(request)

    async def change(session: AsyncSession, now: dt.datetime) -> object:
        await set_manager(session, ctx.config, name, actor=actor(person), now=now)
        return None

    return await _apply(request, person, change, {})
