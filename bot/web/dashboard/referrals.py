"""`/referrals` (self-referrals, overdue and waiting first) and `/referrals/{ref}` (one referral: the intake
answers, consent, how they asked to hear back, triage with its outcome, notes).

Triage and notes call the referral service that `waymark referrals` uses (one audit event each); views are
audited as the CLI's are. Errors re-show the page with what was typed; success redirects back with only
an action name in the URL.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Awaitable, Callable

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import RedirectResponse, Response
from sqlmodel.ext.asyncio.session import AsyncSession
from starlette.datastructures import FormData

from bot.app.audit import record
from bot.features.referrals import service
from bot.features.referrals.models import Referral
from bot.features.referrals.service import DECISIONS, ReferralError
from bot.storage.models.users import Practitioner
from bot.web.dashboard.auth import actor, checked_form, context, require
from bot.web.dashboard.queue_access import QUEUE_ROLES, may_see_referral
from bot.web.dashboard.referral_view import (
    CONTACT_BY,
    DECISION_TEXT,
    FOR_WHOM,
    SHOW,
    load_referral,
    referral_rows,
)
from bot.web.dashboard.render import page

router = APIRouter(include_in_schema=False)
Worker = Depends(require(*QUEUE_ROLES))
DONE = {"triaged": "The referral is triaged.", "noted": "Your note is saved."}


@router.get("/referrals")
async def referrals_page(request: Request, person: Practitioner = Worker) -> Response:
    ctx = context(request)
    now = ctx.now()
    show = request.query_params.get("show", "new")
    if show not in SHOW:
        show = "new"
    async with ctx.db.session() as session:
        rows = await referral_rows(ctx, session, person, now, show)
        await record(
            session, at=now, actor=actor(person), action="referrals.listed", subject_type="referral",
            subject_id="*", details={"count": len(rows), "status": show, "via": "web"},
        )  # fmt: skip
        await session.commit()
    return page(
        request, "referrals.html", person, title="Referrals", rows=rows, show=show, filters=SHOW,
        for_whom=FOR_WHOM, contact_by=CONTACT_BY,
    )  # fmt: skip


async def _allowed(request: Request, person: Practitioner, ref: str) -> Referral:
    async with context(request).db.session() as session:
        try:
            referral = await service.get(session, ref)
        except ReferralError:
            raise HTTPException(404, "There is no referral with that reference.") from None
        if not await may_see_referral(session, person, referral):
            raise HTTPException(403, "This referral is not one your role can open.")
    return referral


async def _show(
    request: Request,
    person: Practitioner,
    ref: str,
    *,
    error: str | None = None,
    typed: dict[str, str] | None = None,
) -> Response:
    ctx = context(request)
    now = ctx.now()
    async with ctx.db.session() as session:
        referral = await service.get(session, ref)
        await record(
            session, at=now, actor=actor(person), action="referral.viewed", subject_type="referral",
            subject_id=referral.ref, details={"status": referral.status, "via": "web"},
        )  # fmt: skip
        await session.commit()
        view = await load_referral(ctx, session, referral, now)
    return page(
        request,
        "referral.html",
        person,
        title=f"Referral {referral.ref}",
        view=view,
        for_whom=FOR_WHOM,
        contact_by=CONTACT_BY,
        decisions=[(d, DECISION_TEXT[d]) for d in DECISIONS],
        done=None if error else DONE.get(request.query_params.get("done", "")),
        error=error,
        typed=typed or {},
        status_code=400 if error else 200,
    )


@router.get("/referrals/{ref}")
async def referral_page(request: Request, ref: str, person: Practitioner = Worker) -> Response:
    referral = await _allowed(request, person, ref)
    return await _show(request, person, referral.ref)


def _field(form: FormData, name: str) -> str:
    value = form.get(name, "")
    return value.strip() if isinstance(value, str) else ""


Work = Callable[[AsyncSession, str, dt.datetime], Awaitable[object]]


async def _act(
    request: Request, person: Practitioner, ref: str, work: Work, done: str, typed: dict[str, str]
) -> Response:
    """Run one referral action as `person` and commit; re-show the page with the reason if refused."""
    referral = await _allowed(request, person, ref)
    ctx = context(request)
    refused: str | None = None
    async with ctx.db.session() as session:
        try:
            await work(session, referral.ref, ctx.now())
        except ReferralError as exc:
            await session.rollback()
            refused = re.sub(r" \(--\w+\)", "", str(exc))  # the CLI's option names mean nothing here
        else:
            await session.commit()
    if refused is not None:
        return await _show(request, person, referral.ref, error=f"Not saved: {refused}.", typed=typed)
    return RedirectResponse(f"/referrals/{referral.ref}?done={done}", status_code=303)


@router.post("/referrals/{ref}/triage")
async def triage(request: Request, ref: str, person: Practitioner = Worker) -> Response:
    form = await checked_form(request)
    typed = {k: _field(form, k) for k in ("decision", "reason", "where")}
    ctx = context(request)

    async def work(session: AsyncSession, ref: str, now: dt.datetime) -> object:
        if not typed["decision"]:
            raise ReferralError("choose a decision")
        return await service.triage(
            ctx, session, ref, person.username, typed["decision"],
            reason=typed["reason"] or None, where=typed["where"] or None,
        )  # fmt: skip

    return await _act(request, person, ref, work, "triaged", typed)


@router.post("/referrals/{ref}/note")
async def note(request: Request, ref: str, person: Practitioner = Worker) -> Response:
    form = await checked_form(request)
    text = _field(form, "note")

    async def work(session: AsyncSession, ref: str, now: dt.datetime) -> object:
        return await service.add_note(session, ref, person.username, text, now)

    return await _act(request, person, ref, work, "noted", {"note": text})
