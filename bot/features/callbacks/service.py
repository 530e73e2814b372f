"""Call-back actions, shared by SMS (the flow's queries), the CLI and the dashboard: one function per action,
each writing exactly one audit event in the caller's transaction.

create -> new; claim -> claimed; an attempt's outcome: called (spoke, more to do), no_answer (the person is
texted "We tried to call you. Reply CALL to ask again" and one retry is scheduled), done; cancel (by the
person or the team). Each open call-back has a ``callback_overdue`` scheduled item at its due-by: if it
is still open then, the team lead (``safeguarding.rota.manager``) is alerted (``jobs.py`` here).
Audit details hold references, statuses and times: never the number, the person's words or a note.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.app.audit import record
from bot.features.callbacks.models import OUTCOMES, Callback, CallbackAttempt, CallbackNote
from bot.features.callbacks.refs import clean_ref, unique_ref
from bot.messaging.outbox import enqueue
from bot.storage.models import Contact, ScheduledItem
from bot.storage.models.scheduled import CANCELLED, PENDING
from flows.callback_answers import is_uk_phone
from flows.callback_times import due_by
from flows.callback_window import TimeWindow
from flows.engine import Priority

if TYPE_CHECKING:
    from bot.app.context import AppContext

PREFIX = "CB"
OVERDUE_KIND = "callback_overdue"
NO_ANSWER_TEMPLATE = "callback_no_answer"
NOTE_MAX = 1000
ATTEMPT_NOTE_MAX = 500


class CallbackError(ValueError):
    """A call-back action that cannot be done (unknown reference, closed, bad outcome). Ready for people."""


@dataclass(frozen=True)
class NewCallback:
    """What a person asked for. ``phone`` None means the number they are texting from."""

    window: TimeWindow | None
    safe_to_say: bool
    voicemail: bool
    phone: str | None = None
    about: str | None = None
    requester: str = "unknown"
    for_child: str | None = None
    source: str = "sms"


def own_number(contact: Contact) -> str | None:
    """The contact's own number when it is a UK phone we can call (SMS only; a Telegram id is not one)."""
    if contact.channel != "sms" or not is_uk_phone(contact.address):
        return None
    return contact.address


async def get(session: AsyncSession, ref: str, *, lock: bool = False) -> Callback:
    """The call-back called `ref` ('cb-7k2q' works too); CallbackError when there is none."""
    stmt = select(Callback).where(Callback.ref == clean_ref(ref))
    if lock:
        stmt = stmt.with_for_update()
    found = (await session.exec(stmt)).first()
    if found is None:
        raise CallbackError(f"no call-back {clean_ref(ref)!r}")
    return found


async def open_for_contact(session: AsyncSession, contact_id: int) -> Callback | None:
    """The contact's newest open call-back, if any."""
    rows = await session.exec(
        select(Callback)
        .where(Callback.contact_id == contact_id, col(Callback.closed_at).is_(None))
        .order_by(col(Callback.id).desc())
    )
    return rows.first()


async def list_callbacks(session: AsyncSession, *, include_closed: bool = False) -> list[Callback]:
    """The queue, soonest due first (closed ones after, newest first, when asked)."""
    stmt = select(Callback).order_by(col(Callback.due_by))
    if not include_closed:
        stmt = stmt.where(col(Callback.closed_at).is_(None))
    return list((await session.exec(stmt)).all())


async def attempts(session: AsyncSession, callback_id: int) -> list[CallbackAttempt]:
    rows = await session.exec(
        select(CallbackAttempt)
        .where(CallbackAttempt.callback_id == callback_id)
        .order_by(col(CallbackAttempt.at))
    )
    return list(rows.all())


async def notes(session: AsyncSession, callback_id: int) -> list[CallbackNote]:
    rows = await session.exec(
        select(CallbackNote).where(CallbackNote.callback_id == callback_id).order_by(col(CallbackNote.at))
    )
    return list(rows.all())


def is_open(cb: Callback) -> bool:
    """New, claimed, called, or no answer with its retry still to come."""
    return cb.closed_at is None


def is_overdue(cb: Callback, now: dt.datetime) -> bool:
    return is_open(cb) and now > cb.due_by


async def _schedule_overdue(session: AsyncSession, cb: Callback, now: dt.datetime) -> None:
    key = f"{OVERDUE_KIND}:{cb.ref}:{cb.due_by.isoformat()}"
    if (await session.exec(select(ScheduledItem.id).where(ScheduledItem.dedupe_key == key))).first() is None:
        session.add(
            ScheduledItem(
                due_at=cb.due_by, kind=OVERDUE_KIND, payload={"ref": cb.ref}, dedupe_key=key,
                status=PENDING, created_at=now,
            )
        )  # fmt: skip


async def _drop_overdue(session: AsyncSession, cb: Callback, now: dt.datetime) -> None:
    rows = await session.exec(
        select(ScheduledItem).where(
            ScheduledItem.kind == OVERDUE_KIND,
            ScheduledItem.status == PENDING,
            col(ScheduledItem.dedupe_key).startswith(f"{OVERDUE_KIND}:{cb.ref}:"),
        )
    )
    for item in rows.all():
        item.status, item.done_at = CANCELLED, now
        session.add(item)


async def create(
    app: AppContext, session: AsyncSession, contact: Contact, request: NewCallback, *, actor: str
) -> Callback:
    """Record a request; its due-by comes from office hours, the person's window and the standard."""
    assert contact.id is not None
    now = app.now()
    phone = request.phone or own_number(contact)
    if phone is None or not is_uk_phone(phone):
        raise CallbackError("a call-back needs a UK phone number")
    due = due_by(app.service, now, request.window, app.config.callbacks.respond_within_hours)
    if due is None:
        raise CallbackError("that time never falls in the team's working hours")
    cb = Callback(
        ref=await unique_ref(session, Callback.ref, PREFIX),
        contact_id=contact.id,
        requester=request.requester,
        for_child=request.for_child,
        phone=phone,
        window=request.window.to_slot() if request.window else {"label": "any time"},
        safe_to_say=request.safe_to_say,
        voicemail=request.voicemail,
        about=(request.about or None) and request.about[:300],
        source=request.source,
        due_by=due,
        created_at=now,
        updated_at=now,
    )
    session.add(cb)
    await session.flush()
    await _schedule_overdue(session, cb, now)
    await _audit(session, cb, actor, "callback.created", now, {
        "requester": cb.requester, "window": cb.window.get("label"), "safe_to_say": cb.safe_to_say,
        "voicemail": cb.voicemail, "own_number": request.phone is None, "source": cb.source,
        "due_by": due.isoformat(),
    })  # fmt: skip
    return cb


async def claim(session: AsyncSession, ref: str, username: str, now: dt.datetime) -> Callback:
    """`username` takes the call-back (a claimed one can be taken over; the audit says from whom)."""
    cb = await get(session, ref, lock=True)
    if not is_open(cb):
        raise CallbackError(f"{cb.ref} is {cb.status}; only an open call-back can be claimed")
    before = cb.claimed_by
    cb.claimed_by, cb.updated_at = username, now
    if cb.status == "new":
        cb.status = "claimed"
    session.add(cb)
    await _audit(session, cb, f"practitioner:{username}", "callback.claimed", now, {"previous": before})
    return cb


async def record_outcome(
    app: AppContext, session: AsyncSession, ref: str, username: str, outcome: str, note: str | None = None
) -> Callback:
    """Record one attempt at calling. ``no_answer`` texts the person and schedules the one retry."""
    if outcome not in OUTCOMES:
        raise CallbackError(f"outcome must be one of {', '.join(OUTCOMES)}")
    if note and len(note) > ATTEMPT_NOTE_MAX:
        raise CallbackError(f"a note on a call can be at most {ATTEMPT_NOTE_MAX} characters")
    now = app.now()
    cb = await get(session, ref, lock=True)
    if not is_open(cb):
        raise CallbackError(f"{cb.ref} is closed ({cb.status}); the person can text CALL to ask again")
    session.add(CallbackAttempt(callback_id=cb.id or 0, at=now, by=username, outcome=outcome, note=note))
    cb.claimed_by = cb.claimed_by or username
    cb.status, cb.updated_at = outcome, now
    details: dict[str, object] = {"outcome": outcome, "note": bool(note)}
    await _drop_overdue(session, cb, now)
    if outcome == "done":
        cb.closed_at = now
    elif outcome == "called":
        await _schedule_overdue(session, cb, now)
    else:
        details["texted"] = await _tell_no_answer(app, session, cb, now)
        if cb.retry_left > 0:
            window = TimeWindow.from_slot(cb.window)
            retry = due_by(app.service, now, window, app.config.callbacks.retry_within_hours)
            if retry is not None:
                cb.retry_left -= 1
                cb.due_by = retry
                await _schedule_overdue(session, cb, now)
                details["retry_due_by"] = retry.isoformat()
        if "retry_due_by" not in details:
            cb.status, cb.closed_at = "no_answer", now
            cb.retry_left = 0
            details["closed"] = True
    session.add(cb)
    await _audit(session, cb, f"practitioner:{username}", "callback.outcome", now, details)
    return cb


async def add_note(session: AsyncSession, ref: str, username: str, text: str, now: dt.datetime) -> Callback:
    """Keep a note for the team on a call-back, open or closed (the audit says a note was added, not what)."""
    text = text.strip()
    if not text:
        raise CallbackError("write the note first")
    if len(text) > NOTE_MAX:
        raise CallbackError(f"a note can be at most {NOTE_MAX} characters")
    cb = await get(session, ref)
    session.add(CallbackNote(callback_id=cb.id or 0, at=now, by=username, text=text))
    await _audit(session, cb, f"practitioner:{username}", "callback.noted", now, {"length": len(text)})
    return cb


async def _tell_no_answer(app: AppContext, session: AsyncSession, cb: Callback, now: dt.datetime) -> bool:
    """Text "We tried to call you. Reply CALL to ask again" (after quiet hours); False if opted out."""
    contact = await session.get(Contact, cb.contact_id)
    if contact is None or contact.opted_out:
        return False
    text = app.catalogue.render(
        NO_ANSWER_TEMPLATE, contact.language, **app.service.template_params(), ref=cb.ref
    )
    msg = await enqueue(
        session,
        contact,
        text,
        now=now,
        priority=Priority.REPLY,
        kind=NO_ANSWER_TEMPLATE,
        meta={"callback": cb.ref},
    )
    msg.next_attempt_at = app.service.after_quiet_hours(now)
    return True


async def cancel(
    session: AsyncSession, cb: Callback, *, actor: str, now: dt.datetime, reason: str = "not_needed"
) -> Callback:
    """Cancel an open call-back (the person no longer needs it, or the team closes it)."""
    if not is_open(cb):
        raise CallbackError(f"{cb.ref} is already closed ({cb.status})")
    cb.status, cb.closed_at, cb.updated_at = "cancelled", now, now
    session.add(cb)
    await _drop_overdue(session, cb, now)
    await _audit(session, cb, actor, "callback.cancelled", now, {"reason": reason})
    return cb


async def _audit(
    session: AsyncSession, cb: Callback, actor: str, action: str, now: dt.datetime, details: dict[str, object]
) -> None:
    await record(
        session, at=now, actor=actor, action=action, subject_type="callback", subject_id=cb.ref,
        details={"status": cb.status, **details},
    )  # fmt: skip
