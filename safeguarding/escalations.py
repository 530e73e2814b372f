"""Escalations: open one for a flagged message, acknowledge, resolve, and list the duty queue.

Every function takes the caller's session and ``now`` and returns an :class:`AuditNote` for the shell to
record (this package does not write the shell's audit table). Transitions only go forward:
open -> acknowledged -> resolved (open -> resolved is allowed and counts as acknowledging too).
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import case, update
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from safeguarding.models import ACKNOWLEDGED, ALERT, OPEN, RESOLVED, REVIEW, Escalation

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
) -> tuple[Escalation, AuditNote]:
    """Add an escalation (``review`` for concern, ``alert`` for high/immediate) to the caller's session."""
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
    )
    session.add(esc)
    await session.flush()
    note = AuditNote("escalation.opened", ref, {"kind": kind, "severity": severity, "message_id": message_id})
    return esc, note


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
        .values(status=ACKNOWLEDGED, acknowledged_at=now, acknowledged_by=by, next_alert_at=None)
        .execution_options(synchronize_session=False)
    )
    await session.refresh(esc)
    if taken.rowcount != 1:
        who = esc.acknowledged_by or esc.resolved_by
        raise TransitionError(f"{esc.ref} is already {esc.status} (by {who})")
    late = esc.ack_deadline is not None and now > esc.ack_deadline
    return esc, AuditNote("escalation.acknowledged", esc.ref, {"by": by, "after_deadline": late})


async def resolve(
    session: AsyncSession, ref: str, *, by: str, outcome: str, note: str, now: dt.datetime
) -> tuple[Escalation, AuditNote]:
    """Close an escalation with an outcome from :data:`OUTCOMES` and a note (both required)."""
    if outcome not in OUTCOMES:
        raise EscalationError(f"unknown outcome {outcome!r}; choose one of: {', '.join(OUTCOMES)}")
    if not note.strip():
        raise EscalationError("a note is required to resolve an escalation")
    esc = await get(session, ref, lock=True)
    if esc.status == RESOLVED:
        raise TransitionError(f"{esc.ref} is already resolved (by {esc.resolved_by})")
    if esc.status == OPEN:
        esc.acknowledged_at, esc.acknowledged_by = now, by
    esc.status, esc.resolved_at, esc.resolved_by = RESOLVED, now, by
    esc.outcome, esc.note, esc.next_alert_at = outcome, note.strip(), None
    session.add(esc)
    return esc, AuditNote("escalation.resolved", esc.ref, {"by": by, "outcome": outcome})


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
