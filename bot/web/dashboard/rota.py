"""`/rota`: who is on duty when (from config.yml's `safeguarding.rota`), who is on now, and the
`waymark escalations rota check` warnings."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from bot.features.escalations.duty import rota_problems
from bot.features.practitioners.service import all_practitioners
from bot.storage.models.users import Practitioner
from bot.web.dashboard.auth import context, require
from bot.web.dashboard.queue import on_duty
from bot.web.dashboard.render import WORKERS, page

router = APIRouter(include_in_schema=False)

Worker = Depends(require(*WORKERS))


@router.get("/rota")
async def rota_page(request: Request, person: Practitioner = Worker) -> Response:
    ctx = context(request)
    now = ctx.now()
    async with ctx.db.session() as session:
        problems = await rota_problems(session, ctx.config)
        duty = await on_duty(ctx, session, now)
        names = {p.username: p.display_name for p in await all_practitioners(session)}
    rota = ctx.config.safeguarding.rota
    return page(
        request,
        "rota.html",
        person,
        title="Rota",
        rota=rota,
        duty=duty,
        problems=problems,
        names=names,
        timezone=ctx.config.service.timezone,
    )
