"""`/rota`: who is on duty when (the rota kept in the database, seeded from config.yml's
`safeguarding.rota`), who is on now, and the `waymark escalations rota check` warnings. Admins add and
remove rows and set the manager (``rota_edit.py``)."""

from __future__ import annotations

import datetime as dt

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from sqlmodel import col, select

from bot.app.config import WEEKDAYS
from bot.features.escalations.rota_check import rota_problems
from bot.features.escalations.rota_store import is_seeded, load_rota
from bot.features.escalations.rota_tables import ON_CALL, OVERRIDE, SHIFT, RotaSlot
from bot.features.practitioners.service import all_practitioners
from bot.storage.models.users import Practitioner
from bot.web.dashboard.auth import ADMIN, context, require
from bot.web.dashboard.queue import on_duty
from bot.web.dashboard.render import WORKERS, page
from safeguarding.rota import Rota

router = APIRouter(include_in_schema=False)

Worker = Depends(require(*WORKERS))


async def rota_view(
    request: Request,
    person: Practitioner,
    *,
    error: str | None = None,
    values: dict[str, object] | None = None,
    status_code: int = 200,
) -> Response:
    """The rota page; after a refused change, with the error and the form as typed."""
    ctx = context(request)
    now = ctx.now()
    async with ctx.db.session() as session:
        problems = await rota_problems(session, ctx.config)
        duty = await on_duty(ctx, session, now)
        people = [p for p in await all_practitioners(session) if p.active]
        rota = await load_rota(session, ctx.config, now)
        stored = await is_seeded(session)
        rows = list((await session.exec(select(RotaSlot).order_by(col(RotaSlot.id)))).all()) if stored else []
    names = {p.username: p.display_name for p in people}
    return page(
        request,
        "rota.html",
        person,
        title="Rota",
        rota=rota,
        slots=rows if stored else _unstored(rota),
        duty=duty,
        problems=problems,
        names=names,
        people=people,
        weekdays=WEEKDAYS,
        stored=stored,
        admin=person.role in ADMIN,
        error=error,
        values=values or {},
        done=request.query_params.get("done", ""),
        timezone=ctx.config.service.timezone,
        status_code=status_code,
    )


def _unstored(rota: Rota) -> list[RotaSlot]:
    """config.yml's rota as rows without ids (shown until the first change stores it)."""
    at = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
    rows = [
        RotaSlot(
            kind=kind,
            days=",".join(s.days),
            start=s.start,
            end=s.end,
            primary=s.primary,
            backup=s.backup,
            created_at=at,
            created_by="config",
        )
        for kind, shifts in ((SHIFT, rota.shifts), (ON_CALL, rota.on_call))
        for s in shifts
    ]
    rows += [
        RotaSlot(
            kind=OVERRIDE,
            on_date=o.date,
            start=o.start,
            end=o.end,
            primary=o.primary,
            backup=o.backup,
            created_at=at,
            created_by="config",
        )
        for o in rota.overrides
    ]
    return rows


@router.get("/rota")
async def rota_page(request: Request, person: Practitioner = Worker) -> Response:
    return await rota_view(request, person)
