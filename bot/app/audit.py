"""Writing audit events. Details must never hold message bodies or phone numbers."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlmodel.ext.asyncio.session import AsyncSession

from bot.storage.models import AuditEvent


async def record(
    session: AsyncSession,
    *,
    at: dt.datetime,
    actor: str,
    action: str,
    subject_type: str,
    subject_id: str,
    details: dict[str, Any] | None = None,
) -> AuditEvent:
    """Add one audit event to the caller's transaction."""
    event = AuditEvent(
        at=at,
        actor=actor,
        action=action,
        subject_type=subject_type,
        subject_id=subject_id,
        details=details or {},
    )
    session.add(event)
    return event
