"""Referral actions, shared by SMS (the intake's queries), the CLI and the dashboard; each writes exactly
one audit event in the caller's transaction.

create -> new; triage -> accepted, signposted (elsewhere: ``where``), or declined (a reason is required).
The person is told the outcome the way they chose: ``text`` -> a lock-screen-safe text now (after quiet
hours); ``call`` -> a call-back is booked for the team to ring them (``bot/features/callbacks``); ``school``
-> nothing is sent, and the result says so, so the practitioner passes it on through school.
A referral by call carries whether the team may say who they are and leave a voicemail if someone else
answers (:func:`if_someone_else_answers` words it for every place a referral is shown); the call-back
booked at triage carries the same answer, and anything not clearly allowed is not allowed.
Audit details never hold the story, the number or the reason's words.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.app.audit import record
from bot.features.callbacks import service as callbacks
from bot.features.callbacks.refs import clean_ref, unique_ref
from bot.features.referrals.models import CONTACT_BY, SAFE_ANSWERS, STATUSES, Referral, ReferralNote
from bot.messaging.outbox import enqueue
from bot.storage.models import Contact
from flows.callback_times import add_office_hours
from flows.callback_window import ANY_TIME
from flows.engine import Priority
from signposting.gsm import to_gsm7, truncate

if TYPE_CHECKING:
    from bot.app.context import AppContext

PREFIX = "RF"
DECISIONS = tuple(s for s in STATUSES if s != "new")
WHERE_MAX = 60
"""The most characters of a ``signposted`` service name that go into the person's text."""
NOTE_MAX = 1000


class ReferralError(ValueError):
    """A referral action that cannot be done (unknown reference, already triaged, missing reason)."""


@dataclass(frozen=True)
class NewReferral:
    story: str
    for_whom: str = "self"
    age: int | None = None
    school_id: int | None = None
    school_name: str | None = None
    contact_by: str = "text"
    phone: str | None = None
    consent: bool = False
    safe_to_say: bool | None = None
    voicemail: bool | None = None
    safe_answer: str | None = None
    """``"given"`` or ``"not known"``; a referral by call without one is stored as not known (not safe)."""


@dataclass(frozen=True)
class Triaged:
    """The triaged referral and how the person is being told: ``texted``, ``callback`` ref, or ``school``."""

    referral: Referral
    told: str
    callback_ref: str | None = None


NOT_ASKED_TEXT = "They were not asked (an older referral). Do not say who we are. No voicemail."
NOT_KNOWN_TEXT = "They did not answer. Do not say who we are. No voicemail."


def if_someone_else_answers(referral: Referral) -> str | None:
    """For a referral by call, what the team may do if someone else answers the phone, in plain words
    ("Do not say who we are. No voicemail."); None for a referral made another way."""
    if referral.contact_by != "call":
        return None
    if referral.safe_to_say is None:
        return NOT_ASKED_TEXT
    if referral.safe_answer == "not known":
        return NOT_KNOWN_TEXT
    who = "You may say who we are." if referral.safe_to_say else "Do not say who we are."
    return f"{who} {'Voicemail is OK.' if referral.voicemail else 'No voicemail.'}"


def safe_ok(referral: Referral) -> bool:
    """Both allowed: the only case a page may show the answer as safe."""
    return bool(referral.safe_to_say and referral.voicemail and referral.safe_answer == "given")


def _safe_columns(new: NewReferral) -> tuple[bool | None, bool | None, str | None]:
    if new.contact_by != "call":
        return None, None, None
    if new.safe_to_say is None or new.voicemail is None or new.safe_answer not in SAFE_ANSWERS:
        return False, False, "not known"
    if new.safe_answer == "not known":
        return False, False, "not known"
    return new.safe_to_say, new.voicemail, "given"


async def get(session: AsyncSession, ref: str, *, lock: bool = False) -> Referral:
    stmt = select(Referral).where(Referral.ref == clean_ref(ref))
    if lock:
        stmt = stmt.with_for_update()
    found = (await session.exec(stmt)).first()
    if found is None:
        raise ReferralError(f"no referral {clean_ref(ref)!r}")
    return found


async def open_for_contact(session: AsyncSession, contact_id: int) -> Referral | None:
    """The contact's newest referral still waiting for triage."""
    rows = await session.exec(
        select(Referral)
        .where(Referral.contact_id == contact_id, Referral.status == "new")
        .order_by(col(Referral.id).desc())
    )
    return rows.first()


async def list_referrals(session: AsyncSession, *, status: str | None = "new") -> list[Referral]:
    """Referrals oldest first; `status` None lists every one."""
    stmt = select(Referral).order_by(col(Referral.created_at))
    if status is not None:
        stmt = stmt.where(Referral.status == status)
    return list((await session.exec(stmt)).all())


def triage_due(app: AppContext, referral: Referral) -> dt.datetime:
    """When a referral should be triaged by: ``referrals.triage_within_hours`` of the team's working time
    after it was made (UTC)."""
    due = add_office_hours(app.service, referral.created_at, app.config.referrals.triage_within_hours)
    return due.astimezone(dt.UTC)


def is_overdue(app: AppContext, referral: Referral, now: dt.datetime) -> bool:
    """Still waiting for triage after its due time."""
    return referral.status == "new" and now > triage_due(app, referral)


async def notes(session: AsyncSession, referral_id: int) -> list[ReferralNote]:
    rows = await session.exec(
        select(ReferralNote).where(ReferralNote.referral_id == referral_id).order_by(col(ReferralNote.at))
    )
    return list(rows.all())


async def add_note(session: AsyncSession, ref: str, username: str, text: str, now: dt.datetime) -> Referral:
    """Keep a note for the team on a referral (the audit says a note was added, never what it says)."""
    text = text.strip()
    if not text:
        raise ReferralError("write the note first")
    if len(text) > NOTE_MAX:
        raise ReferralError(f"a note can be at most {NOTE_MAX} characters")
    referral = await get(session, ref)
    session.add(ReferralNote(referral_id=referral.id or 0, at=now, by=username, text=text))
    await _audit(session, referral, f"practitioner:{username}", "referral.noted", now, {"length": len(text)})
    return referral


async def create(
    session: AsyncSession, contact: Contact, new: NewReferral, *, actor: str, now: dt.datetime
) -> Referral:
    """Record a referral the person consented to."""
    assert contact.id is not None
    if not new.consent:
        raise ReferralError("a referral needs the person's consent")
    if not new.story.strip():
        raise ReferralError("a referral needs what is going on, in the person's words")
    if new.contact_by not in CONTACT_BY:
        raise ReferralError(f"contact_by must be one of {', '.join(CONTACT_BY)}")
    safe_to_say, voicemail, safe_answer = _safe_columns(new)
    ref = Referral(
        ref=await unique_ref(session, Referral.ref, PREFIX),
        contact_id=contact.id,
        for_whom=new.for_whom,
        age=new.age,
        school_id=new.school_id,
        school_name=new.school_name,
        story=new.story.strip()[:1600],
        contact_by=new.contact_by,
        phone=new.phone,
        safe_to_say=safe_to_say,
        voicemail=voicemail,
        safe_answer=safe_answer,
        consent=True,
        created_at=now,
    )
    session.add(ref)
    await session.flush()
    await _audit(session, ref, actor, "referral.created", now, {
        "for_whom": ref.for_whom, "age": ref.age, "school_id": ref.school_id,
        "school_named": ref.school_name is not None, "contact_by": ref.contact_by,
        "safe_to_say": ref.safe_to_say, "voicemail": ref.voicemail, "safe_answer": ref.safe_answer,
    })  # fmt: skip
    return ref


async def triage(
    app: AppContext,
    session: AsyncSession,
    ref: str,
    username: str,
    decision: str,
    *,
    reason: str | None = None,
    where: str | None = None,
) -> Triaged:
    """Decide a new referral and tell the person the way they chose."""
    if decision not in DECISIONS:
        raise ReferralError(f"decision must be one of {', '.join(DECISIONS)}")
    if decision == "declined" and not (reason and reason.strip()):
        raise ReferralError("a declined referral needs a reason (--reason)")
    if decision == "signposted" and not (where and where.strip()):
        raise ReferralError("say where it was signposted (--to)")
    now = app.now()
    referral = await get(session, ref, lock=True)
    if referral.status != "new":
        raise ReferralError(f"{referral.ref} was already triaged ({referral.status})")
    referral.status, referral.triaged_by, referral.triaged_at = decision, username, now
    referral.reason = (reason or where or "").strip()[:500] or None
    session.add(referral)
    contact = await session.get(Contact, referral.contact_id)
    assert contact is not None
    told, cb_ref = await _tell(app, session, referral, contact, decision, where)
    await _audit(session, referral, f"practitioner:{username}", "referral.triaged", now, {
        "decision": decision, "told": told, "callback": cb_ref, "reason_given": bool(reason),
    })  # fmt: skip
    return Triaged(referral, told, cb_ref)


async def _tell(
    app: AppContext,
    session: AsyncSession,
    referral: Referral,
    contact: Contact,
    decision: str,
    where: str | None,
) -> tuple[str, str | None]:
    now = app.now()
    if referral.contact_by == "school":
        return "school", None
    if referral.contact_by == "call":
        request = callbacks.NewCallback(
            window=ANY_TIME, safe_to_say=bool(referral.safe_to_say), voicemail=bool(referral.voicemail),
            phone=referral.phone,
            about=f"referral {referral.ref}: {decision}",
            requester="parent" if referral.for_whom == "child" else "pupil",
            source="referral",
        )  # fmt: skip
        try:
            cb = await callbacks.create(
                app, session, contact, request, actor=f"practitioner:{referral.triaged_by}"
            )
        except callbacks.CallbackError:
            return "not_told", None
        return "callback", cb.ref
    if contact.opted_out:
        return "opted_out", None
    key = f"referral_outcome_{decision}"
    place = truncate(to_gsm7(where or "").strip(), WHERE_MAX)
    params = {**app.service.template_params(), "rf_ref": referral.ref, "where": place}
    text = app.catalogue.render(key, contact.language, **params)
    msg = await enqueue(
        session, contact, text, now=now, priority=Priority.REPLY, kind=key, meta={"referral": referral.ref}
    )
    msg.next_attempt_at = app.service.after_quiet_hours(now)
    return "texted", None


async def _audit(
    session: AsyncSession,
    ref: Referral,
    actor: str,
    action: str,
    now: dt.datetime,
    details: dict[str, object],
) -> None:
    await record(
        session, at=now, actor=actor, action=action, subject_type="referral", subject_id=ref.ref,
        details={"status": ref.status, **details},
    )  # fmt: skip
