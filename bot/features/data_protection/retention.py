"""The daily purge: delete what ``retention`` in config.yml says we no longer keep.

- Message text (both directions) older than ``messages_days`` is blanked (the row stays, so counts and
  delivery history add up; ``meta.purged_at`` says when), unless it belongs to a safeguarding case
  (``bot/features/data_protection/records_hold.py``).
- Conversation state not touched for ``messages_days`` is deleted (its slots hold what people typed).
- Signposting records older than ``messages_days`` (which need someone was sent help for) are deleted,
  unless a case holds them.
- Finished scheduled items older than ``messages_days`` are deleted.
- Audit events older than ``audit_days`` are deleted: they keep their own time.

``dry_run`` counts without changing anything. The purge itself is audited (counts only).
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING

from sqlalchemy import delete
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import SQLModel, col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.app.audit import record
from bot.features.data_protection.records_hold import case_windows, held
from bot.storage.models import AuditEvent, ConversationState, Message, ScheduledItem
from bot.storage.models.scheduled import CANCELLED, DONE, FAILED
from signposting.models import SignpostingRecord, SignpostingRecordService

if TYPE_CHECKING:
    from bot.app.context import AppContext

log = logging.getLogger(__name__)
BATCH = 500
ACTOR = "system:retention"


@dataclass
class PurgeReport:
    """What a purge deleted (or, in a dry run, would delete)."""

    messages_blanked: int = 0
    messages_held: int = 0
    states_deleted: int = 0
    signposting_deleted: int = 0
    scheduled_deleted: int = 0
    audit_deleted: int = 0
    dry_run: bool = False

    def as_dict(self) -> dict[str, int | bool]:
        return asdict(self)


async def _messages(app: AppContext, session: AsyncSession, now: dt.datetime, report: PurgeReport) -> None:
    cutoff = now - dt.timedelta(days=app.config.retention.messages_days)
    years = app.config.retention.case_years
    after = 0
    while True:
        rows = (
            await session.exec(
                select(Message)
                .where(col(Message.id) > after, col(Message.created_at) < cutoff, Message.body != "")
                .order_by(col(Message.id))
                .limit(BATCH)
            )
        ).all()
        if not rows:
            return
        after = rows[-1].id or after
        windows = await case_windows(session, {m.contact_id for m in rows}, case_years=years)
        for msg in rows:
            if held(windows.get(msg.contact_id), msg.created_at, now):
                report.messages_held += 1
                continue
            report.messages_blanked += 1
            if not report.dry_run:
                msg.body, msg.choices = "", []
                msg.meta = {**msg.meta, "purged_at": now.isoformat()}
                session.add(msg)
        if not report.dry_run:
            await session.flush()


async def _signposting(app: AppContext, session: AsyncSession, now: dt.datetime, report: PurgeReport) -> None:
    cutoff = now - dt.timedelta(days=app.config.retention.messages_days)
    rows = (
        await session.exec(select(SignpostingRecord).where(col(SignpostingRecord.created_at) < cutoff))
    ).all()
    windows = await case_windows(
        session, {r.contact_id for r in rows}, case_years=app.config.retention.case_years
    )
    doomed = [
        r.id for r in rows if r.id is not None and not held(windows.get(r.contact_id), r.created_at, now)
    ]
    report.signposting_deleted = len(doomed)
    if doomed and not report.dry_run:
        for start in range(0, len(doomed), BATCH):
            chunk = doomed[start : start + BATCH]
            await session.exec(
                delete(SignpostingRecordService).where(col(SignpostingRecordService.record_id).in_(chunk))
            )
            await session.exec(delete(SignpostingRecord).where(col(SignpostingRecord.id).in_(chunk)))


async def _count_or_delete(
    session: AsyncSession, model: type[SQLModel], where: ColumnElement[bool], dry_run: bool
) -> int:
    rows = (await session.exec(select(model).where(where))).all()
    if not dry_run:
        for row in rows:
            await session.delete(row)
    return len(rows)


async def purge(app: AppContext, *, now: dt.datetime | None = None, dry_run: bool = False) -> PurgeReport:
    """Run the purge in one transaction; returns the counts. Idempotent: a second run finds nothing."""
    now = now or app.now()
    retention = app.config.retention
    report = PurgeReport(dry_run=dry_run)
    cutoff = now - dt.timedelta(days=retention.messages_days)
    async with app.db.session() as session:
        await _messages(app, session, now, report)
        report.states_deleted = await _count_or_delete(
            session, ConversationState, col(ConversationState.updated_at) < cutoff, dry_run
        )
        await _signposting(app, session, now, report)
        report.scheduled_deleted = await _count_or_delete(
            session,
            ScheduledItem,
            col(ScheduledItem.status).in_((DONE, CANCELLED, FAILED))
            & (col(ScheduledItem.created_at) < cutoff),
            dry_run,
        )
        audit_cutoff = now - dt.timedelta(days=retention.audit_days)
        report.audit_deleted = await _count_or_delete(
            session, AuditEvent, col(AuditEvent.at) < audit_cutoff, dry_run
        )
        if not dry_run:
            await record(
                session,
                at=now,
                actor=ACTOR,
                action="retention.purged",
                subject_type="service",
                subject_id="retention",
                details=report.as_dict(),
            )
            await session.commit()
    log.info("retention purge %s: %s", "dry run" if dry_run else "done", report.as_dict())
    return report
