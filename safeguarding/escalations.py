"""Escalations: open one for a flagged message, acknowledge, resolve, and list the duty queue.

Every function takes the caller's session and ``now`` and returns an :class:`AuditNote` for the shell to
record (this package does not write the shell's audit table). Transitions only go forward:
open -> acknowledged -> resolved (open -> resolved is allowed and counts as acknowledging too).
"""

from __future__ import annotations

import datetime as dt
import functools
import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import bindparam, case, update
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from safeguarding.models import (
    ACKNOWLEDGED,
    ALERT,
    LABELS,
    OPEN,
    RESOLVED,
    REVIEW,
    SELF,
    Escalation,
    EscalationMessage,
    EscalationNote,
)

# No 0/O, 1/I/L, 5/S, 2/Z: easy to read aloud and to type on a keypad.
REF_ALPHABET = "346789ABCDEFGHJKMNPQRTUVWXY"
REF_LENGTH = 6
OUTCOMES = (
    "contacted_safe",
    "emergency_services",
    "safeguarding_referral",
    "referred_on",
    "advice_given",
    "could_not_contact",
    "no_action_needed",
    "false_alarm",
)
SEVERITY_RANK = {"immediate": 0, "high": 1, "concern": 2, "none": 3}
FLAGGED = ("high", "immediate")
MAX_NOTE = 2000  # characters in one practitioner note
MAX_MATCHES = 50  # matches kept on one case (its timeline rows keep each message's categories)


class EscalationError(Exception):
    """A request the duty queue cannot carry out; the message is ready for people."""


class NotFound(EscalationError):
    pass


class TransitionError(EscalationError):
    pass


@dataclass(frozen=True)
class AuditNote:
    """What happened, for the shell's audit trail: action, escalation ref and ids only (no message text)."""

    action: str
    ref: str
    details: dict[str, Any] = field(default_factory=dict)


def new_ref() -> str:
    """A short random reference such as ``E7K2QX``."""
    return "".join(secrets.choice(REF_ALPHABET) for _ in range(REF_LENGTH))


async def _unique_ref(session: AsyncSession, make: Callable[[], str]) -> str:
    for _ in range(20):
        ref = make()
        if (await session.exec(select(Escalation.id).where(Escalation.ref == ref))).first() is None:
            return ref
    raise EscalationError("could not make a unique reference")


async def open_escalation(
    session: AsyncSession,
    *,
    contact_id: int,
    message_id: int | None,
    severity: str,
    categories: Sequence[str],
    matches: Sequence[dict[str, Any]],
    now: dt.datetime,
    make_ref: Callable[[], str] = new_ref,
    about: str = SELF,
    hold_until: dt.datetime | None = None,
) -> tuple[Escalation, AuditNote]:
    """Add an escalation (``review`` for concern, ``alert`` for high/immediate) to the caller's session.

    `hold_until`: the end of the contact's crisis hold (flagged messages only); `about`: ``self`` or
    ``other`` (a disclosure about someone else, from a friend or a parent)."""
    kind = REVIEW if severity == "concern" else ALERT
    ref = await _unique_ref(session, make_ref)
    esc = Escalation(
        ref=ref,
        kind=kind,
        contact_id=contact_id,
        message_id=message_id,
        severity=severity,
        categories=list(categories),
        matches=[dict(m) for m in matches],
        status=OPEN,
        created_at=now,
        about=about,
        hold_until=hold_until if severity in FLAGGED else None,
    )
    session.add(esc)
    await session.flush()
    details = {"kind": kind, "severity": severity, "message_id": message_id, "about": about}
    return esc, AuditNote("escalation.opened", ref, details)


async def open_case(session: AsyncSession, contact_id: int) -> Escalation | None:
    """The contact's one unresolved escalation (open or acknowledged), locked on PostgreSQL; None if none.

    A contact has at most one: later texts attach to it (:func:`attach`). Should older data hold more
    than one, the newest is the case."""
    rows = await session.exec(_open_case_statement(), params={"of_contact": contact_id})
    found: Escalation | None = rows.first()
    return found


def has_open_case(contact_id: Any) -> Any:
    """``EXISTS`` an unresolved escalation of `contact_id` (a column or a value): a column expression to
    read beside the contact, so a contact with no case needs no :func:`open_case` read at all."""
    return (
        select(Escalation.id)
        .where(Escalation.contact_id == contact_id, col(Escalation.status) != RESOLVED)
        .exists()
    )


async def holds_of(
    session: AsyncSession, contact_ids: Sequence[int], now: dt.datetime
) -> dict[int, dt.datetime]:
    """The end of each contact's crisis hold, for those of `contact_ids` in one now (an unresolved case
    whose ``hold_until`` is ahead; acknowledging clears it). A plain read, no lock: the scheduled texts
    ask it, under each contact's own lock, before they send."""
    if not contact_ids:
        return {}
    rows = await session.exec(
        select(Escalation.contact_id, Escalation.hold_until).where(
            col(Escalation.contact_id).in_(sorted(set(contact_ids))),
            col(Escalation.status) != RESOLVED,
            col(Escalation.hold_until) > now,
        )
    )
    held: dict[int, dt.datetime] = {}
    for contact_id, until in rows.all():
        if until is not None:
            held[contact_id] = max(until, held.get(contact_id, until))
    return held


@functools.cache
def _open_case_statement() -> Any:
    """Built once: building the statement cost more than running it, on every inbound text."""
    return (
        select(Escalation)
        .where(Escalation.contact_id == bindparam("of_contact"), col(Escalation.status) != RESOLVED)
        .order_by(col(Escalation.created_at).desc(), col(Escalation.id).desc())
        .limit(1)
        .with_for_update()
    )


@dataclass(frozen=True)
class Attached:
    """What attaching a message changed: the severity before, and whether the case became an alert."""

    previous: str
    raised: bool
    became_alert: bool


async def attach(
    session: AsyncSession,
    esc: Escalation,
    *,
    message_id: int,
    severity: str,
    categories: Sequence[str],
    matches: Sequence[dict[str, Any]],
    now: dt.datetime,
    hold_until: dt.datetime | None = None,
    about: str | None = None,
) -> tuple[Attached, AuditNote]:
    """Add a later message to the case's timeline; raise its severity if this one is more serious.

    A flagged (high/immediate) message renews the crisis hold to `hold_until`; a concern case that gets a
    flagged message becomes an ``alert`` case (the shell then starts the alert ladder)."""
    previous = esc.severity
    raised = SEVERITY_RANK.get(severity, 3) < SEVERITY_RANK.get(previous, 3)
    session.add(
        EscalationMessage(
            escalation_id=esc.id or 0,
            message_id=message_id,
            severity=severity,
            categories=list(categories),
            created_at=now,
        )
    )
    became_alert = esc.kind == REVIEW and severity in FLAGGED
    if raised:
        esc.severity = severity
    if became_alert:
        esc.kind = ALERT
    if severity != "none":
        esc.categories = list(dict.fromkeys([*esc.categories, *categories]))
        esc.matches = [*esc.matches, *(dict(m) for m in matches)][:MAX_MATCHES]
    if severity in FLAGGED and hold_until is not None:
        esc.hold_until = hold_until
    if about is not None and severity in FLAGGED and esc.about != SELF:
        esc.about = about  # once the person says it is about them, it stays about them
    session.add(esc)
    await session.flush()
    details = {"message_id": message_id, "severity": severity, "previous": previous, "raised": raised}
    return Attached(previous, raised, became_alert), AuditNote("escalation.attached", esc.ref, details)


async def timeline(session: AsyncSession, esc: Escalation) -> list[EscalationMessage]:
    """The messages attached to `esc` after the one that opened it, oldest first."""
    rows = await session.exec(
        select(EscalationMessage)
        .where(EscalationMessage.escalation_id == esc.id)
        .order_by(col(EscalationMessage.created_at), col(EscalationMessage.id))
    )
    return list(rows.all())


async def get(session: AsyncSession, ref: str, *, lock: bool = False) -> Escalation:
    """The escalation called `ref` (case-insensitive); NotFound otherwise. `lock`: SELECT ... FOR UPDATE
    (PostgreSQL holds the row until the caller's transaction ends; SQLite ignores it)."""
    stmt = select(Escalation).where(Escalation.ref == ref.strip().upper())
    rows = await session.exec(stmt.with_for_update() if lock else stmt)
    esc = rows.first()
    if esc is None:
        raise NotFound(f"no escalation {ref.strip().upper()!r}")
    return esc


async def acknowledge(
    session: AsyncSession, ref: str, *, by: str, now: dt.datetime
) -> tuple[Escalation, AuditNote]:
    """Take an open escalation: stops the alert timer. Two people acknowledging at once: exactly one wins
    (a conditional UPDATE on ``status = 'open'``), the other gets TransitionError."""
    esc = await get(session, ref, lock=True)
    taken = await session.exec(
        update(Escalation)
        .where(col(Escalation.id) == esc.id, col(Escalation.status) == OPEN)
        .values(
            status=ACKNOWLEDGED, acknowledged_at=now, acknowledged_by=by, next_alert_at=None, hold_until=None
        )
        .execution_options(synchronize_session=False)
    )
    await session.refresh(esc)
    if taken.rowcount != 1:
        who = esc.acknowledged_by or esc.resolved_by
        raise TransitionError(f"{esc.ref} is already {esc.status} (by {who})")
    late = esc.ack_deadline is not None and now > esc.ack_deadline
    return esc, AuditNote("escalation.acknowledged", esc.ref, {"by": by, "after_deadline": late})


async def resolve(
    session: AsyncSession,
    ref: str,
    *,
    by: str,
    outcome: str,
    note: str,
    now: dt.datetime,
    label: str | None = None,
    category: str | None = None,
) -> tuple[Escalation, AuditNote]:
    """Close an escalation with an outcome from :data:`OUTCOMES` and a note (both required).

    `label` (the feedback loop): ``real`` risk, ``false_alarm``, or ``other`` (risk of another kind,
    `category` required). Exported by ``waymark safeguarding feedback export``."""
    if outcome not in OUTCOMES:
        raise EscalationError(f"unknown outcome {outcome!r}; choose one of: {', '.join(OUTCOMES)}")
    if not note.strip():
        raise EscalationError("a note is required to resolve an escalation")
    if label is not None and label not in LABELS:
        raise EscalationError(f"unknown label {label!r}; choose one of: {', '.join(LABELS)}")
    if label == "other" and not (category or "").strip():
        raise EscalationError("label 'other' needs --category (the kind of risk it was)")
    esc = await get(session, ref, lock=True)
    if esc.status == RESOLVED:
        raise TransitionError(f"{esc.ref} is already resolved (by {esc.resolved_by})")
    if esc.status == OPEN:
        esc.acknowledged_at, esc.acknowledged_by = now, by
    esc.status, esc.resolved_at, esc.resolved_by = RESOLVED, now, by
    esc.outcome, esc.note, esc.next_alert_at, esc.hold_until = outcome, note.strip(), None, None
    esc.label = label
    esc.label_category = (category or "").strip().lower() or None
    session.add(esc)
    details = {"by": by, "outcome": outcome, "label": label, "category": esc.label_category}
    return esc, AuditNote("escalation.resolved", esc.ref, details)


async def add_note(
    session: AsyncSession, ref: str, *, by: str, text: str, now: dt.datetime
) -> tuple[EscalationNote, AuditNote]:
    """Add a practitioner's note to a case (any status: a note may follow the resolution).

    The note text goes in the ``escalation_note`` table only; the audit note says who and how long."""
    body = text.strip()
    if not body:
        raise EscalationError("a note cannot be empty")
    if len(body) > MAX_NOTE:
        raise EscalationError(f"a note can be at most {MAX_NOTE} characters (this one is {len(body)})")
    esc = await get(session, ref)
    note = EscalationNote(escalation_id=esc.id or 0, author=by, text=body, created_at=now)
    session.add(note)
    await session.flush()
    return note, AuditNote("escalation.noted", esc.ref, {"by": by, "note_id": note.id, "length": len(body)})


async def notes(session: AsyncSession, esc: Escalation) -> list[EscalationNote]:
    """The case's notes, oldest first."""
    rows = await session.exec(
        select(EscalationNote)
        .where(EscalationNote.escalation_id == esc.id)
        .order_by(col(EscalationNote.created_at), col(EscalationNote.id))
    )
    return list(rows.all())


async def reassign(
    session: AsyncSession, ref: str, *, by: str, to: str, now: dt.datetime
) -> tuple[Escalation, AuditNote]:
    """Hand an acknowledged case to another practitioner `to` (they become ``acknowledged_by``).

    An open case must be acknowledged first (that stops the alert timer, so it needs a person who has
    seen it); a resolved case cannot be reassigned. The caller checks that `to` is a practitioner."""
    esc = await get(session, ref, lock=True)
    if esc.status == OPEN:
        raise TransitionError(f"{esc.ref} is open: acknowledge it before handing it on")
    if esc.status == RESOLVED:
        raise TransitionError(f"{esc.ref} is already resolved (by {esc.resolved_by})")
    if esc.acknowledged_by == to:
        raise TransitionError(f"{esc.ref} is already with {to}")
    previous = esc.acknowledged_by
    esc.acknowledged_by = to
    session.add(esc)
    await session.flush()
    details = {"by": by, "to": to, "from": previous}
    return esc, AuditNote("escalation.reassigned", esc.ref, details)


async def list_queue(
    session: AsyncSession, *, include_closed: bool = False, limit: int = 200
) -> list[Escalation]:
    """The duty queue: open first, then acknowledged (then resolved with `include_closed`); within each,
    by severity (immediate first), then oldest first."""
    status_rank = case({OPEN: 0, ACKNOWLEDGED: 1}, value=col(Escalation.status), else_=2)
    severity_rank = case(SEVERITY_RANK, value=col(Escalation.severity), else_=4)
    stmt = select(Escalation).order_by(
        status_rank, severity_rank, col(Escalation.created_at), col(Escalation.id)
    )
    if not include_closed:
        stmt = stmt.where(col(Escalation.status) != RESOLVED)
    return list((await session.exec(stmt.limit(limit))).all())
