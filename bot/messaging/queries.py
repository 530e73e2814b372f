"""Query handlers: the look-ups flows ask for (flows never touch the database themselves)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from sqlalchemy import func
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.storage.models import AuditEvent, Contact, School, SchoolCode
from flows.engine import SchoolView

if TYPE_CHECKING:
    from bot.app.context import AppContext


async def school_code(
    app: AppContext, session: AsyncSession, contact: Contact, params: dict[str, Any]
) -> Any:
    """``{"school": SchoolView | None, "blocked": bool}`` for a join code, rate-limited per contact."""
    limits = app.config.school_codes
    since = app.now() - dt.timedelta(minutes=limits.window_minutes)
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
        return {"school": None, "blocked": True}
    code = str(params.get("code", "")).upper()
    rows = await session.exec(
        select(School)
        .join(SchoolCode, col(SchoolCode.school_id) == col(School.id))
        .where(SchoolCode.code == code, col(SchoolCode.retired_at).is_(None))
    )
    school = rows.first()
    if school is None or school.id is None:
        return {"school": None, "blocked": False}
    return {"school": SchoolView(school.id, school.name, school.local_authority), "blocked": False}
