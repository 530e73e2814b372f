"""Practitioner actions on the duty queue: the one service that SMS (``ACK <ref>``), the CLI and the web
dashboard all call.

Every function here:

- checks the actor is an active practitioner whose role may work cases (:data:`CASE_ROLES`),
- carries out the change through ``safeguarding.escalations`` (which owns the rules and the row locks),
- records **exactly one** audit event in the caller's session: the action itself (``escalation.acknowledged``,
  ``escalation.resolved``, ``escalation.noted``, ``escalation.reassigned``, ``escalation.viewed``) with
  ``via`` = the surface, or ``escalation.refused`` with the action and the reason, after which it raises
  :class:`ActionRefused`.

The caller owns the transaction: commit after a success, and also after :class:`ActionRefused` (so the
refusal stays on the record). Audit details hold usernames, codes and ids, never message or note text.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal, Never

from sqlmodel.ext.asyncio.session import AsyncSession

from bot.features.escalations.alerts import audit_note
from bot.features.practitioners.service import by_username
from safeguarding import escalations
from safeguarding.escalations import AuditNote, EscalationError, NotFound, TransitionError
from safeguarding.models import Escalation, EscalationNote

REFUSED = "escalation.refused"  # an action the queue could not carry out (audited too)
VIEWED = "escalation.viewed"
CASE_ROLES = ("practitioner", "duty_clinician", "manager", "admin")  # roles that may work a case
Via = Literal["sms", "telegram", "cli", "web"]
Refusal = Literal["unknown", "taken", "invalid", "not_allowed"]


@dataclass(frozen=True)
class Actor:
    """Who acts and through which surface. `username` is a practitioner's username."""

    username: str
    via: Via

    @property
    def audit_name(self) -> str:
        """The audit trail's actor: ``practitioner:<username>``."""
        return f"practitioner:{self.username}"


class ActionRefused(Exception):
    """The action was not carried out (and the refusal was audited). ``str(exc)`` is for people.

    `code`: ``unknown`` (no such reference), ``taken`` (the case is not in a state that allows it, e.g.
    already acknowledged by someone else), ``invalid`` (a bad outcome, label, note or target),
    ``not_allowed`` (the actor is not an active practitioner who may work cases)."""

    def __init__(self, action: str, ref: str, message: str, code: Refusal) -> None:
        super().__init__(message)
        self.action, self.ref, self.code = action, ref, code


async def acknowledge(session: AsyncSession, ref: str, *, actor: Actor, now: dt.datetime) -> Escalation:
    """Take an open case: stops the alert timer and ends the crisis hold. Exactly one of two people
    acknowledging at once wins; the other gets ``ActionRefused(code="taken")``."""
    await _check_actor(session, "acknowledge", ref, actor, now)
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
    """Close a case with an outcome (``safeguarding.escalations.OUTCOMES``), a label (``real``,
    ``false_alarm`` or ``other`` with `category`, the kind of risk it was) and a note (required; stored on
    the case, not in the audit). An open case counts as acknowledged by the same person."""
    await _check_actor(session, "resolve", ref, actor, now)
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


async def add_note(
    session: AsyncSession, ref: str, *, actor: Actor, text: str, now: dt.datetime
) -> EscalationNote:
    """Add a note to a case (open, acknowledged or resolved). The text is kept in ``escalation_note``;
    the audit event says who, and how long it is. Read notes back with ``safeguarding.escalations.notes``."""
    await _check_actor(session, "note", ref, actor, now)
    try:
        added, audit = await escalations.add_note(session, ref, by=actor.username, text=text, now=now)
    except EscalationError as exc:
        await _refuse(session, "note", ref, actor, now, exc)
    await _done(session, audit, actor, now)
    return added


async def reassign(session: AsyncSession, ref: str, *, actor: Actor, to: str, now: dt.datetime) -> Escalation:
    """Hand an acknowledged case to the practitioner `to` (an active practitioner who may work cases).
    An open case must be acknowledged first; a resolved one cannot move."""
    await _check_actor(session, "reassign", ref, actor, now)
    target = await by_username(session, to.strip())
    if target is None or not target.active or target.role not in CASE_ROLES:
        problem = f"{to!r} is not an active practitioner who can take cases"
        await _refuse(session, "reassign", ref, actor, now, problem, "invalid")
    try:
        esc, audit = await escalations.reassign(session, ref, by=actor.username, to=target.username, now=now)
    except EscalationError as exc:
        await _refuse(session, "reassign", ref, actor, now, exc)
    await _done(session, audit, actor, now)
    return esc


async def view(session: AsyncSession, ref: str, *, actor: Actor, now: dt.datetime) -> Escalation:
    """Open a case to read it (the message text, the conversation): audited as ``escalation.viewed``."""
    await _check_actor(session, "view", ref, actor, now)
    try:
        esc = await escalations.get(session, ref)
    except EscalationError as exc:
        await _refuse(session, "view", ref, actor, now, exc)
    await _done(session, AuditNote(VIEWED, esc.ref), actor, now)
    return esc


async def _check_actor(session: AsyncSession, action: str, ref: str, actor: Actor, now: dt.datetime) -> None:
    person = await by_username(session, actor.username)
    if person is None or not person.active:
        await _refuse(session, action, ref, actor, now, f"{actor.username!r} is not an active practitioner")
    if person.role not in CASE_ROLES:
        await _refuse(session, action, ref, actor, now, f"the {person.role} role cannot work cases")


async def _done(session: AsyncSession, note: AuditNote, actor: Actor, now: dt.datetime) -> None:
    via = AuditNote(note.action, note.ref, {**note.details, "via": actor.via})
    await audit_note(session, via, actor=actor.audit_name, now=now)


async def _refuse(
    session: AsyncSession,
    action: str,
    ref: str,
    actor: Actor,
    now: dt.datetime,
    problem: EscalationError | str,
    code: Refusal = "not_allowed",
) -> Never:
    """Audit the refusal (one ``escalation.refused`` event) and raise :class:`ActionRefused`.

    `problem`: the queue's error (its kind gives the code), or a message with `code`."""
    message = reason = str(problem)
    if isinstance(problem, NotFound):
        code, reason = "unknown", "unknown reference"
    elif isinstance(problem, TransitionError):
        code = "taken"
    elif isinstance(problem, EscalationError):
        code = "invalid"
    key = ref.strip().upper()
    details = {"action": action, "reason": reason[:200], "via": actor.via}
    await audit_note(session, AuditNote(REFUSED, key, details), actor=actor.audit_name, now=now)
    raise ActionRefused(action, key, message, code)
