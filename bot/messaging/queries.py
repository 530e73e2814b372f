"""Query handlers: the look-ups flows ask for (flows never touch the database themselves)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from sqlalchemy import func
from sqlmodel import col, select

from bot.storage.models import AuditEvent, School, SchoolCode
from flows.engine import SchoolView
from flows.schools import SchoolCodeAnswer, SchoolCodeQuery

if TYPE_CHECKING:
    from bot.messaging.effects import Run


async def school_code(run: Run, query: SchoolCodeQuery) -> SchoolCodeAnswer:
    """The school with this live join code, if any; blocked when this contact has tried too many wrong
    codes recently (then the code is not looked up at all)."""
    session, contact = run.session, run.contact
    limits = run.app.config.school_codes
    since = run.now - dt.timedelta(minutes=limits.window_minutes)
    failures = await session.exec(
        select(func.count())
        .select_from(AuditEvent)
        .where(
            AuditEvent.action == "school.join_failed",
            AuditEvent.subject_type == "contact",
            AuditEvent.subject_id == str(contact.id),
            col(AuditEvent.at) >= since,
        )
    )
    if failures.one() >= limits.max_failed_attempts:
        return SchoolCodeAnswer(None, blocked=True)
    code = query.code.upper()
    rows = await session.exec(
        select(School)
        .join(SchoolCode, col(SchoolCode.school_id) == col(School.id))
        .where(SchoolCode.code == code, col(SchoolCode.retired_at).is_(None))
    )
    school = rows.first()
    if school is None or school.id is None:
        return SchoolCodeAnswer(None)
    return SchoolCodeAnswer(SchoolView(school.id, school.name, school.local_authority))
