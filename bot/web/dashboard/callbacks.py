"""`/callbacks` (the call-back queue) and `/callbacks/{ref}` (one call-back: when to call, the number,
what we may say, claim, each attempt and its outcome, notes, cancel).

Every action calls the call-back service that `waymark callbacks` and SMS use (one audit event each);
views are audited as the CLI's are. Errors re-show the page with a clear message; success redirects back
(POST, redirect, GET) with only an action name in the URL, never a person's details.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import RedirectResponse, Response
from sqlmodel.ext.asyncio.session import AsyncSession
from starlette.datastructures import FormData

from bot.app.audit import record
from bot.features.callbacks import service
from bot.features.callbacks.models import OUTCOMES, Callback
from bot.features.callbacks.service import CallbackError
from bot.storage.models.users import Practitioner
from bot.web.dashboard.auth import actor, checked_form, context, require
from bot.web.dashboard.callback_view import (
    OUTCOME_TEXT,
    SHOW,
    STATUS_TEXT,
    callback_rows,
    load_callback,
)
from bot.web.dashboard.queue_access import QUEUE_ROLES, may_see_callback
from bot.web.dashboard.render import page
from flows.callback_times import describe_due

router = APIRouter(include_in_schema=False)
Worker = Depends(require(*QUEUE_ROLES))
DONE = {
    "claimed": "You claimed this call-back: it is yours to call.",
    "no_answer": "Saved: no answer. We texted them to say we tried; the retry time is below.",
    "called": "Saved: you spoke to them. The call-back stays open until you record it as done.",
    "done": "Saved: the call-back is done and has left the open list.",
    "noted": "Your note is saved.",
    "cancelled": "The call-back is cancelled.",
}


@router.get("/callbacks")
async def callbacks_page(request: Request, person: Practitioner = Worker) -> Response:
    ctx = context(request)
    now = ctx.now()
    show = request.query_params.get("show", "open")
    if show not in SHOW:
        show = "open"
    async with ctx.db.session() as session:
        rows = await callback_rows(session, person, now, show)
        await record(
            session, at=now, actor=actor(person), action="callbacks.listed", subject_type="callback",
            subject_id="*", details={"count": len(rows), "show": show, "via": "web"},
        )  # fmt: skip
        await session.commit()
    return page(request, "callbacks.html", person, title="Call-backs", rows=rows, show=show, filters=SHOW)


async def _allowed(request: Request, person: Practitioner, ref: str) -> Callback:
    """The call-back, if it exists and this person may see it; 404 / 403 otherwise."""
    async with context(request).db.session() as session:
        try:
            cb = await service.get(session, ref)
        except CallbackError:
            raise HTTPException(404, "There is no call-back with that reference.") from None
        if not await may_see_callback(session, person, cb):
            raise HTTPException(403, "This call-back is not one your role can open.")
    return cb


async def _show(request: Request, person: Practitioner, ref: str, *, error: str | None = None) -> Response:
    ctx = context(request)
    now = ctx.now()
    async with ctx.db.session() as session:
        cb = await service.get(session, ref)
        await record(
            session, at=now, actor=actor(person), action="callback.viewed", subject_type="callback",
            subject_id=cb.ref, details={"status": cb.status, "via": "web"},
        )  # fmt: skip
        await session.commit()
        view = await load_callback(session, cb, now, describe_due(ctx.service, now, cb.due_by))
    return page(
        request,
        "callback.html",
        person,
        title=f"Call-back {cb.ref}",
        view=view,
        outcomes=[(o, text) for o, text in OUTCOME_TEXT.items() if o in OUTCOMES],
        said=STATUS_TEXT,
        done=None if error else DONE.get(request.query_params.get("done", "")),
        error=error,
        team=ctx.service.team_name,
        status_code=400 if error else 200,
    )


@router.get("/callbacks/{ref}")
async def callback_page(request: Request, ref: str, person: Practitioner = Worker) -> Response:
    cb = await _allowed(request, person, ref)
    return await _show(request, person, cb.ref)


Work = Callable[[AsyncSession, str, dt.datetime], Awaitable[Callback]]


async def _act(
    request: Request, person: Practitioner, ref: str, work: Work, done: str | None = None
) -> Response:
    """Run one call-back action as `person` and commit; re-show the page with the reason if refused."""
    cb = await _allowed(request, person, ref)
    ctx = context(request)
    refused: str | None = None
    async with ctx.db.session() as session:
        try:
            changed = await work(session, cb.ref, ctx.now())
        except CallbackError as exc:
            await session.rollback()
            refused = str(exc)
        else:
            await session.commit()
    if refused is not None:
        return await _show(request, person, cb.ref, error=f"Not saved: {refused}.")
    return RedirectResponse(f"/callbacks/{cb.ref}?done={done or changed.status}", status_code=303)


def _field(form: FormData, name: str) -> str:
    value = form.get(name, "")
    return value.strip() if isinstance(value, str) else ""


@router.post("/callbacks/{ref}/claim")
async def claim(request: Request, ref: str, person: Practitioner = Worker) -> Response:
    await checked_form(request)

    async def work(session: AsyncSession, ref: str, now: dt.datetime) -> Callback:
        return await service.claim(session, ref, person.username, now)

    return await _act(request, person, ref, work, "claimed")


@router.post("/callbacks/{ref}/attempt")
async def attempt(request: Request, ref: str, person: Practitioner = Worker) -> Response:
    form = await checked_form(request)
    outcome, note = _field(form, "outcome"), _field(form, "note")
    ctx = context(request)

    async def work(session: AsyncSession, ref: str, now: dt.datetime) -> Callback:
        if not outcome:
            raise CallbackError("choose what happened on the call")
        return await service.record_outcome(ctx, session, ref, person.username, outcome, note or None)

    return await _act(request, person, ref, work)


@router.post("/callbacks/{ref}/note")
async def note(request: Request, ref: str, person: Practitioner = Worker) -> Response:
    form = await checked_form(request)
    text = _field(form, "note")

    async def work(session: AsyncSession, ref: str, now: dt.datetime) -> Callback:
        return await service.add_note(session, ref, person.username, text, now)

    return await _act(request, person, ref, work, "noted")


@router.post("/callbacks/{ref}/cancel")
async def cancel(request: Request, ref: str, person: Practitioner = Worker) -> Response:
    await checked_form(request)

    async def work(session: AsyncSession, ref: str, now: dt.datetime) -> Callback:
        cb = await service.get(session, ref, lock=True)
        return await service.cancel(session, cb, actor=actor(person), now=now, reason="team_closed")

    return await _act(request, person, ref, work, "cancelled")
