"""Query handlers: the look-ups flows ask for (flows never touch the database themselves)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.storage.models import AuditEvent, Contact, School, SchoolCode
from flows.engine import SchoolView

if TYPE_CHECKING:
    from bot.app.context import AppContext


async def school_code(
    app: AppContext, session: AsyncSession, contact: Contact, params: dict[str, Any]
) -> Any:
    """``{"school": SchoolView | None, "blocked": bool, "retry_at": iso | None}`` for a join code,
    rate-limited per contact: after too many wrong codes in the window, ``retry_at`` is when the oldest
    of them leaves the window (so the next try is counted again)."""
    limits = app.config.school_codes
    window = dt.timedelta(minutes=limits.window_minutes)
    failures = await session.exec(
        select(AuditEvent.at)
        .where(
            AuditEvent.action == "school.join_failed",
            AuditEvent.subject_type == "contact",
            AuditEvent.subject_id == str(contact.id),
            col(AuditEvent.at) >= app.now() - window,
        )
        .order_by(col(AuditEvent.at).desc())
        .limit(limits.max_failed_attempts)
    )
    recent = list(failures.all())
    if len(recent) >= limits.max_failed_attempts:
        return {"school": None, "blocked": True, "retry_at": (recent[-1] + window).isoformat()}
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
