"""`/cases` (the cases a person may open) and `/cases/{ref}`: one case, with acknowledge, note, a text to
the young person, and resolve. Every view and action goes through the shared case actions (one audit
event each); refusals are audited too. Errors re-show the page with what was typed; success redirects
back (POST, redirect, GET) with only an action name in the URL, never a child's details."""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import RedirectResponse, Response
from sqlmodel.ext.asyncio.session import AsyncSession
from starlette.datastructures import FormData

from bot.features.escalations.case_reply import MAX_SEGMENTS, ReplyError, send_reply
from bot.storage.models.users import Practitioner
from bot.web.dashboard import case_actions
from bot.web.dashboard.appointment_data import STATUS_LABELS
from bot.web.dashboard.auth import CASE_ROLES, checked_form, context, require
from bot.web.dashboard.case_data import case_list, load_case, may_open
from bot.web.dashboard.render import page
from safeguarding import escalations
from safeguarding.escalations import OUTCOMES, NotFound
from safeguarding.models import LABELS, Escalation

router = APIRouter(include_in_schema=False)
Worker = Depends(require(*CASE_ROLES))
DONE = {
    "acknowledged": "You acknowledged this case: the alert timer has stopped.",
    "noted": "Your note is saved on the case.",
    "replied": "Your text is queued to send now. It shows in the conversation below.",
    "resolved": "The case is resolved.",
}


@router.get("/cases")
async def cases_page(request: Request, person: Practitioner = Worker) -> Response:
    ctx = context(request)
    include_resolved = request.query_params.get("all") == "1"
    async with ctx.db.session() as session:
        cases = await case_list(session, person, include_resolved=include_resolved)
    return page(request, "cases.html", person, title="Cases", cases=cases, include_resolved=include_resolved)


async def _allowed(request: Request, person: Practitioner, ref: str) -> Escalation:
    """The case, if it exists and this person may open it; 404 / 403 otherwise."""
    ctx = context(request)
    async with ctx.db.session() as session:
        try:
            esc = await escalations.get(session, ref)
        except NotFound:
            raise HTTPException(404, "There is no case with that reference.") from None
        if not await may_open(session, person, esc):
            raise HTTPException(403, "This case is not one your role can open.")
    return esc


async def _show(
    request: Request, person: Practitioner, ref: str, *, error: str | None = None, typed: str = ""
) -> Response:
    ctx = context(request)
    now = ctx.now()
    async with ctx.db.session() as session:
        actor = case_actions.Actor(person.username, "web")
        esc = await case_actions.view(session, ref, actor=actor, now=now)
        await session.commit()
        view = await load_case(session, esc, now)
    done = DONE.get(request.query_params.get("done", ""))
    return page(
        request,
        "case.html",
        person,
        title=f"Case {esc.ref}",
        case=view,
        appointment_status=STATUS_LABELS,
        outcomes=OUTCOMES,
        labels=LABELS,
        done=None if error else done,
        error=error,
        typed=typed,
        max_segments=MAX_SEGMENTS,
        status_code=400 if error else 200,
    )


@router.get("/cases/{ref}")
async def case_page(request: Request, ref: str, person: Practitioner = Worker) -> Response:
    esc = await _allowed(request, person, ref)
    return await _show(request, person, esc.ref)


def _back(ref: str, done: str) -> RedirectResponse:
    return RedirectResponse(f"/cases/{ref}?done={done}", status_code=303)


def _text(form: FormData, name: str) -> str:
    value = form.get(name, "")
    return value if isinstance(value, str) else ""


Work = Callable[[AsyncSession, case_actions.Actor, dt.datetime], Awaitable[object]]


async def _act(
    request: Request, person: Practitioner, ref: str, done: str, work: Work, typed: str = ""
) -> Response:
    """Run one case action for `person` and commit (a refusal is committed too: it is audited)."""
    esc = await _allowed(request, person, ref)
    ctx = context(request)
    error = None
    async with ctx.db.session() as session:
        try:
            await work(session, case_actions.Actor(person.username, "web"), ctx.now())
        except case_actions.ActionRefused as exc:
            error = str(exc)
        except ReplyError as exc:
            error = f"Not sent: {exc}."
        await session.commit()
    if error is not None:
        return await _show(request, person, esc.ref, error=error, typed=typed)
    return _back(esc.ref, done)


@router.post("/cases/{ref}/acknowledge")
async def acknowledge(request: Request, ref: str, person: Practitioner = Worker) -> Response:
    await checked_form(request)

    async def work(session: AsyncSession, actor: case_actions.Actor, now: dt.datetime) -> object:
        return await case_actions.acknowledge(session, ref, actor=actor, now=now)

    return await _act(request, person, ref, "acknowledged", work)


@router.post("/cases/{ref}/note")
async def note(request: Request, ref: str, person: Practitioner = Worker) -> Response:
    form = await checked_form(request)

    async def work(session: AsyncSession, actor: case_actions.Actor, now: dt.datetime) -> object:
        return await case_actions.add_note(session, ref, actor=actor, text=_text(form, "note"), now=now)

    return await _act(request, person, ref, "noted", work)


@router.post("/cases/{ref}/reply")
async def reply(request: Request, ref: str, person: Practitioner = Worker) -> Response:
    form = await checked_form(request)
    text = _text(form, "text")

    async def work(session: AsyncSession, actor: case_actions.Actor, now: dt.datetime) -> object:
        return await send_reply(session, ref, by=actor.username, text=text, via=actor.via, now=now)

    return await _act(request, person, ref, "replied", work, typed=text)


@router.post("/cases/{ref}/resolve")
async def resolve(request: Request, ref: str, person: Practitioner = Worker) -> Response:
    form = await checked_form(request)

    async def work(session: AsyncSession, actor: case_actions.Actor, now: dt.datetime) -> object:
        return await case_actions.resolve(
            session,
            ref,
            actor=actor,
            outcome=_text(form, "outcome"),
            label=_text(form, "label"),
            note=_text(form, "note"),
            category=_text(form, "category") or None,
            now=now,
        )

    return await _act(request, person, ref, "resolved", work)
