"""Record what we signposted to whom, and the answer to the follow-up.

The flow calls ``record_signposting`` when it sends results and
``record_followup_answer`` when the contact replies YES, NO or HELP. These functions
flush but do not commit: the caller commits with its outbox rows, in one transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select
from sqlmodel.ext.asyncio.session import AsyncSession

from signposting.db import execute
from signposting.models import SignpostingRecord, SignpostingRecordService, record_service_table, record_table

FOLLOWUP_ANSWERS = ("yes", "no", "help")


@dataclass(frozen=True)
class SignpostingView:
    """A stored signposting with its services in the order they were sent."""

    id: int
    contact_id: int
    need: str | None
    created_at: datetime
    service_ids: tuple[str, ...]
    followup_answer: str | None
    followup_answered_at: datetime | None


def _utc(moment: datetime) -> datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("times must be timezone-aware")
    return moment.astimezone(UTC)


def _aware(moment: datetime | None) -> datetime | None:
    if moment is None:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


async def record_signposting(
    session: AsyncSession, contact_id: int, need: str | None, service_ids: list[str], now: datetime
) -> int:
    """Store that ``service_ids`` were sent to ``contact_id`` for ``need`` at ``now``; return its id."""
    record = SignpostingRecord(contact_id=contact_id, need=need, created_at=_utc(now))
    session.add(record)
    await session.flush()
    assert record.id is not None
    session.add_all(
        SignpostingRecordService(record_id=record.id, position=i, service_id=sid)
        for i, sid in enumerate(service_ids)
    )
    await session.flush()
    return record.id


async def record_followup_answer(session: AsyncSession, record_id: int, answer: str, now: datetime) -> None:
    """Store the follow-up answer (``yes``, ``no`` or ``help``). Raises ``LookupError`` if no record."""
    value = answer.strip().casefold()
    if value not in FOLLOWUP_ANSWERS:
        raise ValueError(f"answer must be one of {', '.join(FOLLOWUP_ANSWERS)}")
    record = await session.get(SignpostingRecord, record_id)
    if record is None:
        raise LookupError(f"no signposting record {record_id}")
    record.followup_answer = value
    record.followup_answered_at = _utc(now)
    await session.flush()


async def services_sent_since(session: AsyncSession, contact_id: int, record_id: int) -> frozenset[str]:
    """Ids of every service sent to ``contact_id`` in signposting ``record_id`` and any after it
    (the first page, the pages ``MORE`` gave, and what earlier follow-ups offered)."""
    R, RS = record_table.c, record_service_table.c
    result = await execute(
        session,
        select(RS.service_id)
        .join(record_table, R.id == RS.record_id)
        .where(R.contact_id == contact_id, R.id >= record_id),
    )
    return frozenset(result.scalars().all())


async def get_signposting(session: AsyncSession, record_id: int) -> SignpostingView | None:
    """Read one signposting back, with its services in order."""
    row = (await execute(session, select(record_table).where(record_table.c.id == record_id))).first()
    if row is None:
        return None
    services = await execute(
        session,
        select(record_service_table.c.service_id)
        .where(record_service_table.c.record_id == record_id)
        .order_by(record_service_table.c.position),
    )
    created = _aware(row.created_at)
    assert created is not None
    return SignpostingView(
        row.id,
        row.contact_id,
        row.need,
        created,
        tuple(services.scalars().all()),
        row.followup_answer,
        _aware(row.followup_answered_at),
    )
