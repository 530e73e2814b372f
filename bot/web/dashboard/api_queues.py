"""`/api/v1/callbacks` and `/api/v1/referrals`: the call-back and referral queues as JSON (list and one), for
a signed-in session or an API token, with the same role rules as the pages (school leads get 403).

Lists carry references, statuses, times and what we may say; only a single call-back or referral (audited,
like the page) holds the number, the person's words and the team's notes.
"""

from __future__ import annotations

import datetime as dt

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from pydantic import BaseModel, Field

from bot.app.audit import record
from bot.features.callbacks import service as callbacks
from bot.features.callbacks.service import CallbackError
from bot.features.referrals import service as referrals
from bot.features.referrals.service import ReferralError
from bot.storage.models.users import Practitioner
from bot.web.dashboard.auth import actor, context, require
from bot.web.dashboard.callback_view import SHOW as CALLBACK_SHOW
from bot.web.dashboard.callback_view import callback_rows, load_callback
from bot.web.dashboard.queue_access import QUEUE_ROLES, may_see_callback, may_see_referral
from bot.web.dashboard.referral_view import SHOW as REFERRAL_SHOW
from bot.web.dashboard.referral_view import load_referral, referral_rows
from flows.callback_times import describe_due

router = APIRouter(prefix="/api/v1", tags=["dashboard API: call-backs and referrals"])
Worker = Depends(require(*QUEUE_ROLES))


class CallbackItem(BaseModel):
    ref: str
    status: str
    open: bool
    when: str
    due_by: dt.datetime
    minutes_left: int | None
    overdue: bool
    claimed_by: str | None
    safe_to_say: bool
    voicemail: bool
    requester: str
    for_child: str | None
    school: str | None
    created_at: dt.datetime
    closed_at: dt.datetime | None


class Attempt(BaseModel):
    at: dt.datetime
    by: str
    outcome: str
    note: str | None


class Note(BaseModel):
    at: dt.datetime
    by: str
    text: str


class CallbackDetail(CallbackItem):
    phone: str
    about: str | None
    source: str
    retry_left: int
    attempts: list[Attempt]
    notes: list[Note]
    cases: list[str]


class ReferralItem(BaseModel):
    ref: str
    status: str
    for_whom: str
    age: int | None
    school: str | None
    contact_by: str
    created_at: dt.datetime
    triage_due: dt.datetime
    minutes_left: int | None
    overdue: bool
    triaged_by: str | None
    safe_to_say: bool | None = Field(
        description="A referral by call: may we say who we are if someone else answers. Null: not by call, "
        "or made before it was asked (then do not)."
    )
    voicemail: bool | None = Field(description="A referral by call: may we leave a voicemail.")
    safe_answer: str | None = Field(
        description='"given", or "not known" (they did not answer: do not say who we are, no voicemail).'
    )
    if_someone_else_answers: str | None = Field(
        description='For a referral by call, in words: e.g. "Do not say who we are. No voicemail."'
    )
    safe_ok: bool = Field(description="True only when they said we may say who we are and leave a voicemail.")


class ReferralDetail(ReferralItem):
    story: str
    consent: bool
    phone: str | None
    outcome_reason: str | None
    triaged_at: dt.datetime | None
    told: str | None
    notes: list[Note]
    cases: list[str]


async def _audit(
    request: Request, person: Practitioner, action: str, kind: str, subject: str, **details: object
) -> None:
    ctx = context(request)
    async with ctx.db.session() as session:
        await record(
            session, at=ctx.now(), actor=actor(person), action=action, subject_type=kind, subject_id=subject,
            details={**details, "via": "api"},
        )  # fmt: skip
        await session.commit()


@router.get("/callbacks", response_model=list[CallbackItem], summary="The call-back queue")
async def list_callbacks(
    request: Request,
    show: str = Query("open", description=f"One of: {', '.join(CALLBACK_SHOW)}."),
    person: Practitioner = Worker,
) -> list[CallbackItem]:
    """Call-backs the caller may see: open ones overdue first, then new, then soonest due; `claimed` the
    open ones someone has claimed; `done` the closed ones, newest first. No numbers or words."""
    if show not in CALLBACK_SHOW:
        raise HTTPException(422, f"show must be one of {', '.join(CALLBACK_SHOW)}")
    ctx = context(request)
    async with ctx.db.session() as session:
        rows = await callback_rows(session, person, ctx.now(), show)
    await _audit(request, person, "callbacks.listed", "callback", "*", count=len(rows), show=show)
    return [
        CallbackItem(**{k: v for k, v in r.__dict__.items() if k not in ("status_text", "is_open")},
                     open=r.is_open, overdue=r.overdue)
        for r in rows
    ]  # fmt: skip


@router.get("/callbacks/{ref}", response_model=CallbackDetail, summary="One call-back, with the number")
async def one_callback(request: Request, ref: str, person: Practitioner = Worker) -> CallbackDetail:
    ctx = context(request)
    now = ctx.now()
    async with ctx.db.session() as session:
        try:
            cb = await callbacks.get(session, ref)
        except CallbackError:
            raise HTTPException(404, "no such call-back") from None
        if not await may_see_callback(session, person, cb):
            raise HTTPException(403, "not a call-back your role can open")
        view = await load_callback(session, cb, now, describe_due(ctx.service, now, cb.due_by))
    await _audit(request, person, "callback.viewed", "callback", cb.ref, status=cb.status)
    r = view.row
    return CallbackDetail(
        **{k: v for k, v in r.__dict__.items() if k not in ("status_text", "is_open")},
        open=r.is_open, overdue=r.overdue, phone=cb.phone, about=cb.about, source=cb.source,
        retry_left=cb.retry_left,
        attempts=[Attempt(at=t.at, by=t.by, outcome=t.outcome, note=t.note) for t in view.attempts],
        notes=[Note(at=n.at, by=n.by, text=n.text) for n in view.notes],
        cases=[e.ref for e in view.cases],
    )  # fmt: skip


def _referral_item(r: object) -> dict[str, object]:
    data = dict(r.__dict__)
    data["triage_due"] = data.pop("due_at")
    return data


@router.get("/referrals", response_model=list[ReferralItem], summary="Self-referrals")
async def list_referrals(
    request: Request,
    show: str = Query("new", description=f"One of: {', '.join(REFERRAL_SHOW)}."),
    person: Practitioner = Worker,
) -> list[ReferralItem]:
    """Referrals the caller may see: waiting ones overdue first, then oldest first; or by status, newest
    first. No words or numbers."""
    if show not in REFERRAL_SHOW:
        raise HTTPException(422, f"show must be one of {', '.join(REFERRAL_SHOW)}")
    ctx = context(request)
    async with ctx.db.session() as session:
        rows = await referral_rows(ctx, session, person, ctx.now(), show)
    await _audit(request, person, "referrals.listed", "referral", "*", count=len(rows), status=show)
    return [ReferralItem(**_referral_item(r), overdue=r.overdue) for r in rows]


@router.get("/referrals/{ref}", response_model=ReferralDetail, summary="One referral, with their words")
async def one_referral(request: Request, ref: str, person: Practitioner = Worker) -> ReferralDetail:
    ctx = context(request)
    async with ctx.db.session() as session:
        try:
            referral = await referrals.get(session, ref)
        except ReferralError:
            raise HTTPException(404, "no such referral") from None
        if not await may_see_referral(session, person, referral):
            raise HTTPException(403, "not a referral your role can open")
        view = await load_referral(ctx, session, referral, ctx.now())
    await _audit(request, person, "referral.viewed", "referral", referral.ref, status=referral.status)
    return ReferralDetail(
        **_referral_item(view.row), overdue=view.row.overdue, story=referral.story, consent=referral.consent,
        phone=referral.phone, outcome_reason=referral.reason, triaged_at=referral.triaged_at, told=view.told,
        notes=[Note(at=n.at, by=n.by, text=n.text) for n in view.notes], cases=[e.ref for e in view.cases],
    )  # fmt: skip
