"""A contact's data rights: a subject access export, and erasure where the law lets us erase.

- ``export_contact`` gathers everything held about one contact (their row, school, every message both
  ways, conversation state, scheduled items, signposting records, safeguarding cases) as plain data.
- ``erase_contact`` deletes what is not part of a safeguarding case's record
(``bot/features/data_protection/records_hold.py``).
  It is refused while a case is open. When a closed case holds some records, those are kept, and the
  result says why, so the practitioner can explain it to the person.
Both are audited with counts only (no text, no numbers).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy import delete
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.app.audit import record
from bot.features.data_protection.records_hold import case_windows, held
from bot.features.practitioners.service import PractitionerError, normalise_address
from bot.storage.models import Contact, ConversationState, Message, ScheduledItem, School
from safeguarding.models import RESOLVED, Escalation
from signposting.models import SignpostingRecord, SignpostingRecordService

if TYPE_CHECKING:
    from bot.app.context import AppContext


class SubjectRightsError(Exception):
    """The request cannot be carried out; the message says why, in words for the practitioner."""


@dataclass
class ErasureResult:
    messages_deleted: int = 0
    messages_kept: int = 0
    records_deleted: dict[str, int] = field(default_factory=dict)
    contact_deleted: bool = False
    kept_for_cases: list[str] = field(default_factory=list)


def _when(value: dt.datetime | None) -> str | None:
    return value.isoformat() if value else None


async def find_contact(session: AsyncSession, channel: str, address: str) -> Contact:
    """The contact for a phone number (any UK format) or a Telegram chat id."""
    try:
        normalised = normalise_address(channel, address)
    except PractitionerError as exc:
        raise SubjectRightsError(str(exc)) from exc
    rows = await session.exec(
        select(Contact).where(Contact.channel == channel, Contact.address == normalised)
    )
    contact = rows.first()
    if contact is None or contact.id is None:
        raise SubjectRightsError(f"no {channel} contact with that address")
    return contact


async def _cases(session: AsyncSession, contact_id: int) -> list[Escalation]:
    rows = await session.exec(
        select(Escalation).where(Escalation.contact_id == contact_id).order_by(col(Escalation.created_at))
    )
    return list(rows.all())


async def export_contact(
    app: AppContext, session: AsyncSession, contact: Contact, actor: str
) -> dict[str, Any]:
    """Everything held about `contact`, as JSON-ready data. Audited as ``contact.exported``."""
    assert contact.id is not None
    school = await session.get(School, contact.school_id) if contact.school_id else None
    messages = (
        await session.exec(select(Message).where(Message.contact_id == contact.id).order_by(col(Message.id)))
    ).all()
    state = await session.get(ConversationState, contact.id)
    items = (await session.exec(select(ScheduledItem).where(ScheduledItem.contact_id == contact.id))).all()
    records = (
        await session.exec(select(SignpostingRecord).where(SignpostingRecord.contact_id == contact.id))
    ).all()
    services: dict[int, list[str]] = {}
    for rec in records:
        rows = await session.exec(
            select(SignpostingRecordService.service_id)
            .where(SignpostingRecordService.record_id == rec.id)
            .order_by(col(SignpostingRecordService.position))
        )
        services[rec.id or 0] = list(rows.all())
    cases = await _cases(session, contact.id)
    out: dict[str, Any] = {
        "exported_at": _when(app.now()),
        "contact": {
            "channel": contact.channel,
            "address": contact.address,
            "language": contact.language,
            "opted_out": contact.opted_out,
            "first_seen": _when(contact.first_seen),
            "last_seen": _when(contact.last_seen),
            "school": school.name if school else None,
        },
        "messages": [
            {
                "at": _when(m.created_at),
                "direction": "from you" if m.direction == "in" else "to you",
                "text": m.body
                if m.body or "purged_at" not in m.meta
                else "[deleted under our retention rules]",
                "status": m.status,
            }
            for m in messages
        ],
        "conversation": _conversation(state) if state else None,
        "scheduled": [{"kind": i.kind, "due": _when(i.due_at), "status": i.status} for i in items],
        "signposting": [
            {
                "at": _when(r.created_at),
                "need": r.need,
                "services": services.get(r.id or 0, []),
                "followup_answer": r.followup_answer,
            }
            for r in records
        ],
        "safeguarding_cases": [
            {
                "ref": c.ref,
                "opened": _when(c.created_at),
                "severity": c.severity,
                "categories": c.categories,
                "status": c.status,
                "resolved": _when(c.resolved_at),
                "outcome": c.outcome,
            }
            for c in cases
        ],
        "note": (
            "Safeguarding cases are listed without practitioners' notes. A clinician must review this "
            "export before it is released, in case anything in it could cause serious harm "
            "(Data Protection Act 2018, Schedule 3)."
        ),
    }
    await record(
        session, at=app.now(), actor=actor, action="contact.exported", subject_type="contact",
        subject_id=str(contact.id), details={"messages": len(messages), "cases": len(cases)},
    )  # fmt: skip
    return out


async def erase_contact(
    app: AppContext, session: AsyncSession, contact: Contact, actor: str
) -> ErasureResult:
    """Erase what is not part of a safeguarding case's record. The caller commits."""
    assert contact.id is not None
    now = app.now()
    cases = await _cases(session, contact.id)
    open_refs = [c.ref for c in cases if c.status != RESOLVED]
    if open_refs:
        raise SubjectRightsError(
            f"refused: safeguarding case {', '.join(open_refs)} is still open. Resolve it first; its records "
            "are then kept under the retention schedule and everything else can be erased."
        )
    windows = (await case_windows(session, [contact.id], case_years=app.config.retention.case_years)).get(
        contact.id
    )
    result = ErasureResult(kept_for_cases=[c.ref for c in cases])
    messages = (await session.exec(select(Message).where(Message.contact_id == contact.id))).all()
    for msg in messages:
        if held(windows, msg.created_at, now):
            result.messages_kept += 1
        else:
            result.messages_deleted += 1
            await session.delete(msg)
    record_ids = list(
        (
            await session.exec(select(SignpostingRecord.id).where(SignpostingRecord.contact_id == contact.id))
        ).all()
    )
    if record_ids:
        await session.exec(
            delete(SignpostingRecordService).where(col(SignpostingRecordService.record_id).in_(record_ids))
        )
        await session.exec(delete(SignpostingRecord).where(col(SignpostingRecord.id).in_(record_ids)))
    result.records_deleted["signposting"] = len(record_ids)
    items = (await session.exec(select(ScheduledItem).where(ScheduledItem.contact_id == contact.id))).all()
    for item in items:
        await session.delete(item)
    result.records_deleted["scheduled"] = len(items)
    state = await session.get(ConversationState, contact.id)
    if state is not None:
        await session.delete(state)
    result.records_deleted["conversation_state"] = int(state is not None)
    await session.flush()
    if result.messages_kept == 0 and not cases:
        await session.delete(contact)
        result.contact_deleted = True
    else:  # kept for a case: nothing more is sent to them unless they text again
        contact.opted_out, contact.opted_out_at, contact.school_id = True, now, None
        session.add(contact)
    await record(
        session, at=now, actor=actor, action="contact.erased", subject_type="contact",
        subject_id=str(contact.id),
        details={"messages_deleted": result.messages_deleted, "messages_kept": result.messages_kept,
                 "contact_deleted": result.contact_deleted, "cases": result.kept_for_cases},
    )  # fmt: skip
    return result


def _conversation(state: ConversationState) -> dict[str, Any]:
    """The active conversation and any set aside beneath it (a search a school code interrupted)."""
    aside = [
        {"flow": r.get("flow"), "step": r.get("step"), "answers": r.get("slots")} for r in state.stack or []
    ]
    return {"flow": state.flow, "step": state.step, "answers": state.slots, "set_aside": aside}
