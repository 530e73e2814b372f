"""The duty queue's rows and who is on duty, for the page, the event stream and the JSON API.

Rows carry references, severities, categories, times and school names: never message text or numbers.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.app.context import AppContext
from bot.features.escalations.history import warnings
from bot.features.escalations.rota_store import load_rota
from bot.features.practitioners.service import all_practitioners
from bot.storage.models import Contact, School
from safeguarding import escalations
from safeguarding.models import OPEN, Escalation


@dataclass(frozen=True)
class QueueRow:
    """One case in the duty queue."""

    ref: str
    severity: str
    kind: str
    status: str
    categories: list[str]
    created_at: dt.datetime
    ack_deadline: dt.datetime | None
    minutes_left: int | None  # to acknowledge; negative when overdue; None when nothing is due
    acknowledged_by: str | None
    school: str | None
    warnings: list[str]

    @property
    def overdue(self) -> bool:
        return self.minutes_left is not None and self.minutes_left < 0

    def as_json(self) -> dict[str, object]:
        data = asdict(self)
        data["created_at"] = self.created_at.isoformat()
        data["ack_deadline"] = self.ack_deadline.isoformat() if self.ack_deadline else None
        data["overdue"] = self.overdue
        return data


@dataclass(frozen=True)
class OnDuty:
    """Who is on duty at a time, with display names."""

    primary: str | None
    backup: str | None
    manager: str | None
    until: dt.datetime | None
    next_start: dt.datetime | None


def _minutes_left(esc: Escalation, now: dt.datetime) -> int | None:
    if esc.status != OPEN or esc.ack_deadline is None:
        return None
    return int((esc.ack_deadline - now).total_seconds() // 60)


async def _schools(session: AsyncSession, contact_ids: set[int]) -> dict[int, str]:
    if not contact_ids:
        return {}
    rows = await session.exec(
        select(Contact.id, School.name)
        .join(School, col(School.id) == col(Contact.school_id))
        .where(col(Contact.id).in_(contact_ids))
    )
    return {int(cid): name for cid, name in rows.all() if cid is not None}


async def queue_rows(
    session: AsyncSession, now: dt.datetime, *, school_ids: list[int] | None = None
) -> list[QueueRow]:
    """Unresolved cases: open first (immediate, high, concern; oldest first), then acknowledged.
    `school_ids`: only cases whose contact joined one of these schools."""
    cases = await escalations.list_queue(session)
    schools = await _schools(session, {e.contact_id for e in cases})
    if school_ids is not None:
        allowed = await _contacts_in(session, school_ids, {e.contact_id for e in cases})
        cases = [e for e in cases if e.contact_id in allowed]
    return [
        QueueRow(
            ref=esc.ref,
            severity=esc.severity,
            kind=esc.kind,
            status=esc.status,
            categories=list(esc.categories),
            created_at=esc.created_at,
            ack_deadline=esc.ack_deadline,
            minutes_left=_minutes_left(esc, now),
            acknowledged_by=esc.acknowledged_by,
            school=schools.get(esc.contact_id),
            warnings=await warnings(session, esc),
        )
        for esc in cases
    ]


async def _contacts_in(session: AsyncSession, school_ids: list[int], contact_ids: set[int]) -> set[int]:
    if not school_ids or not contact_ids:
        return set()
    rows = await session.exec(
        select(Contact.id).where(col(Contact.id).in_(contact_ids), col(Contact.school_id).in_(school_ids))
    )
    return {int(cid) for cid in rows.all() if cid is not None}


def signature(rows: list[QueueRow]) -> tuple[tuple[str, str, str], ...]:
    """What the event stream compares to notice a change: each unresolved case's ref, status, severity."""
    return tuple((r.ref, r.status, r.severity) for r in rows)


async def on_duty(ctx: AppContext, session: AsyncSession, now: dt.datetime) -> OnDuty:
    rota = await load_rota(session, ctx.config, now)
    names = {p.username: p.display_name for p in await all_practitioners(session)}

    def name(username: str | None) -> str | None:
        return names.get(username, username) if username else None

    duty = rota.who_is_on(now)
    if duty is None:
        return OnDuty(None, None, name(rota.manager), None, rota.next_shift_start(now))
    return OnDuty(name(duty.primary), name(duty.backup), name(duty.manager), duty.end, None)
