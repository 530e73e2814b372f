"""Admins and managers edit a service and mark it verified on its page (`/directory/{id}`): the same
checks as the importer (``bot/features/signposting/directory.py``), one audit event per change."""

from __future__ import annotations

from urllib.parse import quote

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import RedirectResponse, Response
from starlette.datastructures import FormData

from bot.features.signposting.directory import DirectoryError, ServiceEdit, edit_service, mark_verified
from bot.storage.models.users import Practitioner
from bot.web.dashboard.auth import actor, checked_form, context, require
from bot.web.dashboard.directory import EDITORS, service_view

router = APIRouter(include_in_schema=False)
Editor = Depends(require(*EDITORS))


def _field(form: FormData, name: str) -> str:
    value = form.get(name, "")
    return value if isinstance(value, str) else ""


def _back(service_id: str, done: str) -> RedirectResponse:
    return RedirectResponse(f"/directory/{quote(service_id, safe='')}?done={done}", status_code=303)


@router.post("/directory/{service_id}/edit")
async def service_edit(service_id: str, request: Request, person: Practitioner = Editor) -> Response:
    form = await checked_form(request)
    edit = ServiceEdit(**{name: _field(form, name) for name in ServiceEdit.__dataclass_fields__})
    ctx = context(request)
    async with ctx.db.session() as session:
        try:
            outcome = await edit_service(session, service_id, edit, actor=actor(person), now=ctx.now())
        except DirectoryError as exc:
            raise HTTPException(status_code=404, detail=str(exc)[:1].upper() + str(exc)[1:] + ".") from None
        if outcome.problems:
            await session.rollback()
        else:
            await session.commit()
    if outcome.problems:
        return await service_view(request, person, service_id, form=edit, outcome=outcome, status_code=400)
    return _back(service_id, "saved" if outcome.changed else "unchanged")


@router.post("/directory/{service_id}/verify")
async def service_verify(service_id: str, request: Request, person: Practitioner = Editor) -> Response:
    await checked_form(request)
    ctx = context(request)
    now = ctx.now()
    async with ctx.db.session() as session:
        try:
            await mark_verified(
                session, service_id, actor=actor(person), today=ctx.service.local(now).date(), now=now
            )
        except DirectoryError as exc:
            raise HTTPException(status_code=404, detail=str(exc)[:1].upper() + str(exc)[1:] + ".") from None
        await session.commit()
    return _back(service_id, "verified")
