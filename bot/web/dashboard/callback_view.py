"""What the call-back pages and API show: the queue's rows (overdue, then new, then the rest, soonest due
first) and one call-back with its attempts, notes and the person's other cases.

Rows carry references, statuses, times, the time window and what we may say: never the number or the
person's words. Only the single call-back view (audited) holds the number, what it is about and notes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.features.callbacks import service
from bot.features.callbacks.models import Callback, CallbackAttempt, CallbackNote
from bot.storage.models import Contact, School
from bot.storage.models.users import Practitioner
from bot.web.dashboard.queue_access import callbacks_for
from safeguarding.models import Escalation

SHOW = {"open": "Open", "claimed": "Claimed", "done": "Closed"}
"""The list's filters: every open one; open ones someone has claimed; closed ones (done, cancelled, or
no answer twice), newest first."""
STATUS_TEXT = {
    "new": "New",
    "claimed": "Claimed",
    "called": "Spoke, more to do",
    "no_answer": "No answer",
    "done": "Done",
    "cancelled": "Cancelled",
}
OUTCOME_TEXT = {  # in the order the form offers them
    "no_answer": "No answer (we text them; one retry is planned)",
    "called": "Spoke to them, more to do",
    "done": "Spoke to them, all done (closes it)",
}
CLOSED_LIMIT = 200


def minutes_until(when: dt.datetime, now: dt.datetime) -> int:
    """Whole minutes from `now` to `when`; negative once it has passed."""
    return int((when - now).total_seconds() // 60)


@dataclass(frozen=True)
class CallbackRow:
    ref: str
    status: str
    status_text: str
    is_open: bool
    when: str
    due_by: dt.datetime
    minutes_left: int | None  # to the due-by; negative when overdue; None once closed
    claimed_by: str | None
    safe_to_say: bool
    voicemail: bool
    requester: str
    for_child: str | None
    school: str | None
    created_at: dt.datetime
    closed_at: dt.datetime | None

    @property
    def overdue(self) -> bool:
        return self.minutes_left is not None and self.minutes_left < 0


def status_text(cb: Callback) -> str:
    if cb.status == "no_answer" and cb.closed_at is None:
        return "No answer, retry due"
    if cb.status == "no_answer":
        return "No answer twice (closed)"
    return STATUS_TEXT.get(cb.status, cb.status)


def to_row(cb: Callback, now: dt.datetime, school: str | None) -> CallbackRow:
    still_open = service.is_open(cb)
    return CallbackRow(
        ref=cb.ref,
        status=cb.status,
        status_text=status_text(cb),
        is_open=still_open,
        when=str(cb.window.get("label", "any time")),
        due_by=cb.due_by,
        minutes_left=minutes_until(cb.due_by, now) if still_open else None,
        claimed_by=cb.claimed_by,
        safe_to_say=cb.safe_to_say,
        voicemail=cb.voicemail,
        requester=cb.requester,
        for_child=cb.for_child,
        school=school,
        created_at=cb.created_at,
        closed_at=cb.closed_at,
    )


async def school_names(session: AsyncSession, contact_ids: set[int]) -> dict[int, str]:
    """The school name of each contact that joined one."""
    if not contact_ids:
        return {}
    rows = await session.exec(
        select(Contact.id, School.name)
        .join(School, col(School.id) == col(Contact.school_id))
        .where(col(Contact.id).in_(contact_ids))
    )
    return {int(cid): name for cid, name in rows.all() if cid is not None}


async def callback_rows(
    session: AsyncSession, person: Practitioner, now: dt.datetime, show: str = "open"
) -> list[CallbackRow]:
    """The call-backs `person` may see for the filter `show` (one of :data:`SHOW`)."""
    stmt = callbacks_for(person)
    if show == "done":
        stmt = stmt.where(col(Callback.closed_at).is_not(None))
        stmt = stmt.order_by(col(Callback.closed_at).desc()).limit(CLOSED_LIMIT)
    else:
        stmt = stmt.where(col(Callback.closed_at).is_(None)).order_by(col(Callback.due_by))
        if show == "claimed":
            stmt = stmt.where(col(Callback.claimed_by).is_not(None))
    found: list[Callback] = list((await session.exec(stmt)).all())
    schools = await school_names(session, {cb.contact_id for cb in found})
    rows = [to_row(cb, now, schools.get(cb.contact_id)) for cb in found]
    if show != "done":
        rows.sort(key=lambda r: (not r.overdue, r.status != "new", r.due_by))
    return rows


@dataclass
class CallbackView:
    cb: Callback
    row: CallbackRow
    due_text: str
    attempts: list[CallbackAttempt]
    notes: list[CallbackNote]
    cases: list[Escalation]
    channel: str | None


async def load_callback(session: AsyncSession, cb: Callback, now: dt.datetime, due_text: str) -> CallbackView:
    assert cb.id is not None
    schools = await school_names(session, {cb.contact_id})
    contact = await session.get(Contact, cb.contact_id)
    cases = await session.exec(
        select(Escalation).where(Escalation.contact_id == cb.contact_id).order_by(col(Escalation.id))
    )
    return CallbackView(
        cb=cb,
        row=to_row(cb, now, schools.get(cb.contact_id)),
        due_text=due_text,
        attempts=await service.attempts(session, cb.id),
        notes=await service.notes(session, cb.id),
        cases=list(cases.all()),
        channel=contact.channel if contact else None,
    )
