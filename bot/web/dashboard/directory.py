"""`/directory`: search the service directory as the bot does (need, age, area, open now) with each
result's reasons, one service's page, and the services whose check is over a year old. Workers search and
view; admins and managers also edit, verify and import (``directory_edit.py``, ``directory_import.py``)."""

from __future__ import annotations

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import Response

from bot.features.signposting.directory import (
    EditOutcome,
    ServiceEdit,
    edit_form,
    service_detail,
    stale_services,
)
from bot.features.signposting.lookup import SearchInputError, find_services, parse_need, parse_search_age
from bot.storage.models.users import Practitioner
from bot.web.dashboard.auth import context, require
from bot.web.dashboard.render import WORKERS, page
from signposting import NEED_LABELS, NEEDS

router = APIRouter(include_in_schema=False)
Worker = Depends(require(*WORKERS))
EDITORS = ("admin", "manager")


def may_edit(person: Practitioner) -> bool:
    return person.role in EDITORS


@router.get("/directory")
async def directory_search(
    request: Request,
    need: str = "",
    age: str = "",
    area: str = "",
    open_now: str = "",
    person: Practitioner = Worker,
) -> Response:
    ctx = context(request)
    now = ctx.now()
    asked = bool(need or age or area or open_now)
    error, found = None, None
    if asked:
        try:
            wanted_need, wanted_age = parse_need(need), parse_search_age(age)
        except SearchInputError as exc:
            error = str(exc)
        else:
            async with ctx.db.session() as session:
                found = await find_services(
                    session,
                    need=wanted_need,
                    age=wanted_age,
                    area_text=area,
                    open_now=bool(open_now),
                    now=now,
                )
    return page(
        request,
        "directory.html",
        person,
        title="Directory",
        needs=[(n, NEED_LABELS.get(n, n)) for n in NEEDS],
        form={"need": need, "age": age, "area": area, "open_now": bool(open_now)},
        error=error,
        found=found,
        now=now,
        editor=may_edit(person),
    )


@router.get("/directory/stale")
async def directory_stale(request: Request, person: Practitioner = Worker) -> Response:
    ctx = context(request)
    today = ctx.service.local(ctx.now()).date()
    async with ctx.db.session() as session:
        rows = await stale_services(session, today)
    return page(request, "directory_stale.html", person, title="Services to check", rows=rows, today=today)


async def service_view(
    request: Request,
    person: Practitioner,
    service_id: str,
    *,
    form: ServiceEdit | None = None,
    outcome: EditOutcome | None = None,
    status_code: int = 200,
) -> Response:
    """The service page; after a refused edit, with the form as typed and the problems."""
    ctx = context(request)
    async with ctx.db.session() as session:
        detail = await service_detail(session, service_id)
    if detail is None:
        raise HTTPException(status_code=404, detail="There is no such service in the directory.")
    today = ctx.service.local(ctx.now()).date()
    return page(
        request,
        "directory_service.html",
        person,
        title=detail.record.name,
        s=detail,
        stale=detail.stale(today),
        form=form or edit_form(detail),
        outcome=outcome,
        editor=may_edit(person),
        done=request.query_params.get("done", ""),
        status_code=status_code,
    )


@router.get("/directory/{service_id}")
async def directory_service(service_id: str, request: Request, person: Practitioner = Worker) -> Response:
    return await service_view(request, person, service_id)
