"""What the referral pages and API show: the list (overdue, then waiting, oldest first) and one referral
with its intake answers, triage, how the person asked to be told, notes and the person's cases.

Rows carry references, statuses, times, who it is for, age, school, how to reply and (for a call) what we
may say if someone else answers: never the person's words or number. Only the single referral view
(audited) holds the story, the number and notes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.features.referrals import service
from bot.features.referrals.models import STATUSES, Referral, ReferralNote
from bot.storage.models import AuditEvent, School
from bot.storage.models.users import Practitioner
from bot.web.dashboard.callback_view import minutes_until, school_names
from bot.web.dashboard.queue_access import referrals_for
from safeguarding.models import Escalation

if TYPE_CHECKING:
    from bot.app.context import AppContext

SHOW: dict[str, str] = {
    "new": "Waiting for triage",
    **{str(s): s.title() for s in STATUSES if s != "new"},
    "all": "All",
}
FOR_WHOM = {"self": "themselves", "child": "their child (a parent asked)", "other": "someone else"}
CONTACT_BY = {"text": "by text", "call": "by a phone call", "school": "through school (nothing is sent)"}
DECISION_TEXT = {
    "accepted": "Accept: the team will see them",
    "signposted": "Signpost: another service fits better (say which)",
    "declined": "Decline (give the reason; it is not sent)",
}
TOLD_TEXT = {
    "texted": "They were sent a text.",
    "callback": "A call-back was booked to tell them: {callback}.",
    "school": "They asked to hear through school: nothing was sent, so pass it on through school.",
    "opted_out": "They have opted out of texts: tell them another way.",
    "not_told": "There was no UK number to call: tell them another way.",
}
LIMIT = 200


@dataclass(frozen=True)
class ReferralRow:
    ref: str
    status: str
    for_whom: str
    age: int | None
    school: str | None
    contact_by: str
    created_at: dt.datetime
    due_at: dt.datetime
    minutes_left: int | None  # to the triage standard; negative when overdue; None once triaged
    triaged_by: str | None
    safe_to_say: bool | None  # a call only: may we say who we are if someone else answers
    voicemail: bool | None
    safe_answer: str | None  # "given", "not known"; None: not by call, or not asked
    if_someone_else_answers: str | None  # "Do not say who we are. No voicemail."; None unless by call
    safe_ok: bool

    @property
    def overdue(self) -> bool:
        return self.minutes_left is not None and self.minutes_left < 0


def school_text(referral: Referral, schools: dict[int, str], contact_school: str | None) -> str | None:
    if referral.school_id is not None and referral.school_id in schools:
        return schools[referral.school_id]
    if referral.school_name:
        return f"{referral.school_name} (as they wrote it)"
    return contact_school


async def _school_by_id(session: AsyncSession, ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    rows = await session.exec(select(School.id, School.name).where(col(School.id).in_(ids)))
    return {int(sid): name for sid, name in rows.all() if sid is not None}


def to_row(app: AppContext, referral: Referral, now: dt.datetime, school: str | None) -> ReferralRow:
    due = service.triage_due(app, referral)
    return ReferralRow(
        ref=referral.ref,
        status=referral.status,
        for_whom=referral.for_whom,
        age=referral.age,
        school=school,
        contact_by=referral.contact_by,
        created_at=referral.created_at,
        due_at=due,
        minutes_left=minutes_until(due, now) if referral.status == "new" else None,
        triaged_by=referral.triaged_by,
        safe_to_say=referral.safe_to_say,
        voicemail=referral.voicemail,
        safe_answer=referral.safe_answer,
        if_someone_else_answers=service.if_someone_else_answers(referral),
        safe_ok=service.safe_ok(referral),
    )


async def _rows(
    app: AppContext, session: AsyncSession, found: list[Referral], now: dt.datetime
) -> list[ReferralRow]:
    by_id = await _school_by_id(session, {r.school_id for r in found if r.school_id is not None})
    by_contact = await school_names(session, {r.contact_id for r in found})
    return [to_row(app, r, now, school_text(r, by_id, by_contact.get(r.contact_id))) for r in found]


async def referral_rows(
    app: AppContext, session: AsyncSession, person: Practitioner, now: dt.datetime, show: str = "new"
) -> list[ReferralRow]:
    """The referrals `person` may see for the filter `show` (a status, or "all")."""
    stmt = referrals_for(person)
    if show != "all":
        stmt = stmt.where(Referral.status == show)
    if show == "new":
        stmt = stmt.order_by(col(Referral.created_at))
    else:
        stmt = stmt.order_by(col(Referral.created_at).desc()).limit(LIMIT)
    rows = await _rows(app, session, list((await session.exec(stmt)).all()), now)
    rows.sort(key=lambda r: (not r.overdue, r.status != "new", r.created_at if r.status == "new" else now))
    return rows


@dataclass
class ReferralView:
    referral: Referral
    row: ReferralRow
    notes: list[ReferralNote]
    cases: list[Escalation]
    told: str | None


async def _told(session: AsyncSession, referral: Referral) -> str | None:
    """How the person was told the outcome, from the triage's audit event."""
    event = (
        await session.exec(
            select(AuditEvent).where(
                AuditEvent.action == "referral.triaged",
                AuditEvent.subject_type == "referral",
                AuditEvent.subject_id == referral.ref,
            )
        )
    ).first()
    if event is None:
        return None
    details: dict[str, Any] = event.details
    how = TOLD_TEXT.get(str(details.get("told")))
    return how.format(callback=details.get("callback") or "-") if how else None


async def load_referral(
    app: AppContext, session: AsyncSession, referral: Referral, now: dt.datetime
) -> ReferralView:
    assert referral.id is not None
    cases = await session.exec(
        select(Escalation).where(Escalation.contact_id == referral.contact_id).order_by(col(Escalation.id))
    )
    return ReferralView(
        referral=referral,
        row=(await _rows(app, session, [referral], now))[0],
        notes=await service.notes(session, referral.id),
        cases=list(cases.all()),
        told=await _told(session, referral),
    )
