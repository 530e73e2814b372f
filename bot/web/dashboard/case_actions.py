"""The case actions the dashboard calls, in the shape of the shared service
``bot.features.escalations.actions`` (acknowledge, add_note, resolve, view: one audit event each).

TEMPORARY: until that module is on main this adapter does the same through ``safeguarding.escalations``;
when it lands, this file becomes a re-export of it and nothing else here changes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Never

from sqlmodel.ext.asyncio.session import AsyncSession

from bot.features.escalations.alerts import audit_note
from safeguarding import escalations
from safeguarding.escalations import AuditNote, EscalationError, NotFound, TransitionError
from safeguarding.models import Escalation

REFUSED = "escalation.refused"


@dataclass(frozen=True)
class Actor:
    username: str
    via: str

    @property
    def audit_name(self) -> str:
        return f"practitioner:{self.username}"


class ActionRefused(Exception):
    def __init__(self, action: str, ref: str, message: str, code: str) -> None:
        super().__init__(message)
        self.action, self.ref, self.code = action, ref, code


async def _done(session: AsyncSession, note: AuditNote, actor: Actor, now: dt.datetime) -> None:
    await audit_note(
        session,
        AuditNote(note.action, note.ref, {**note.details, "via": actor.via}),
        actor=actor.audit_name,
        now=now,
    )


async def _refuse(
    session: AsyncSession, action: str, ref: str, actor: Actor, now: dt.datetime, exc: Exception
) -> Never:
    code = (
        "unknown" if isinstance(exc, NotFound) else "taken" if isinstance(exc, TransitionError) else "invalid"
    )
    details = {"action": action, "reason": str(exc)[:200], "via": actor.via}
    await audit_note(
        session, AuditNote(REFUSED, ref.strip().upper(), details), actor=actor.audit_name, now=now
    )
    raise ActionRefused(action, ref.strip().upper(), str(exc), code)


async def acknowledge(session: AsyncSession, ref: str, *, actor: Actor, now: dt.datetime) -> Escalation:
    try:
        esc, note = await escalations.acknowledge(session, ref, by=actor.username, now=now)
    except EscalationError as exc:
        await _refuse(session, "acknowledge", ref, actor, now, exc)
    await _done(session, note, actor, now)
    return esc


async def resolve(
    session: AsyncSession,
    ref: str,
    *,
    actor: Actor,
    outcome: str,
    label: str,
    note: str,
    now: dt.datetime,
    category: str | None = None,
) -> Escalation:
    try:
        esc, audit = await escalations.resolve(
            session,
            ref,
            by=actor.username,
            outcome=outcome,
            note=note,
            now=now,
            label=label,
            category=category,
        )
    except EscalationError as exc:
        await _refuse(session, "resolve", ref, actor, now, exc)
    await _done(session, audit, actor, now)
    return esc


async def add_note(session: AsyncSession, ref: str, *, actor: Actor, text: str, now: dt.datetime) -> object:
    exc = EscalationError("notes are kept once the shared case actions are merged")
    await _refuse(session, "note", ref, actor, now, exc)


async def view(session: AsyncSession, ref: str, *, actor: Actor, now: dt.datetime) -> Escalation:
    try:
        esc = await escalations.get(session, ref)
    except EscalationError as exc:
        await _refuse(session, "view", ref, actor, now, exc)
    await _done(session, AuditNote("escalation.viewed", esc.ref), actor, now)
    return esc
