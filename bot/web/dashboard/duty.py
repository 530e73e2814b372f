"""`/duty`: the duty queue; `/duty/rows`: its table (the page's script swaps it in); `/duty/events`: a
server-sent event stream that says when the queue changed, so new cases appear without a reload."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response, StreamingResponse

from bot.app.audit import record
from bot.storage.models.users import Practitioner
from bot.web.dashboard.auth import DUTY_ROLES, actor, context, require
from bot.web.dashboard.queue import on_duty, queue_rows, signature
from bot.web.dashboard.render import page
from bot.web.dashboard.session import fingerprint, session_of

router = APIRouter(include_in_schema=False)
Duty = Depends(require(*DUTY_ROLES))
POLL_SECONDS = 2.0  # how often the stream looks at the queue (app.state.duty_poll_seconds overrides)
PING_EVERY = 15  # polls between keep-alive comments


@router.get("/duty")
async def duty_page(request: Request, person: Practitioner = Duty) -> Response:
    ctx = context(request)
    now = ctx.now()
    async with ctx.db.session() as session:
        rows = await queue_rows(session, now)
        duty = await on_duty(ctx, session, now)
        await record(
            session,
            at=now,
            actor=actor(person),
            action="duty.viewed",
            subject_type="queue",
            subject_id="duty",
            details={"count": len(rows)},
        )
        await session.commit()
    return page(request, "duty.html", person, title="Duty queue", rows=rows, duty=duty)


@router.get("/duty/rows")
async def duty_rows(request: Request, person: Practitioner = Duty) -> HTMLResponse:
    ctx = context(request)
    async with ctx.db.session() as session:
        rows = await queue_rows(session, ctx.now())
    return page(request, "duty_rows.html", person, title="Duty queue", rows=rows)


def _still_valid(person: Practitioner | None, fingerprint_now: str) -> bool:
    """The account is still active and its password unchanged since the stream began."""
    return person is not None and person.active and fingerprint(person.password_hash) == fingerprint_now


def _event(name: str, data: dict[str, object]) -> str:
    return f"event: {name}\ndata: {json.dumps(data)}\n\n"


@router.get("/duty/events")
async def duty_events(request: Request, person: Practitioner = Duty) -> StreamingResponse:
    """`queue` events (`new`: refs not in the queue when the stream began or at the last event) and a
    `signedout` event when the session's idle time runs out or the account is disabled or its password
    changes. Watching does not count as activity."""
    ctx = context(request)
    web = session_of(request)
    web.touch = False
    poll = float(getattr(request.app.state, "duty_poll_seconds", POLL_SECONDS))

    async def stream() -> AsyncIterator[str]:
        async with ctx.db.session() as session:
            last = signature(await queue_rows(session, ctx.now()))
        yield "retry: 3000\n\n"
        polls = 0
        while not await request.is_disconnected():
            await asyncio.sleep(poll)
            polls += 1
            async with ctx.db.session() as session:
                still = await session.get(Practitioner, person.id)
                if web.idle_expired(ctx.now()) or not _still_valid(still, web.fingerprint):
                    yield _event("signedout", {})
                    return
                now = signature(await queue_rows(session, ctx.now()))
            if now != last:
                known = {ref for ref, _, _ in last}
                new = [ref for ref, status, _ in now if ref not in known and status == "open"]
                last = now
                yield _event("queue", {"new": new, "count": len(now)})
            elif polls % PING_EVERY == 0:
                yield ": ping\n\n"

    headers = {"cache-control": "no-store", "x-accel-buffering": "no"}
    return StreamingResponse(stream(), media_type="text/event-stream", headers=headers)
