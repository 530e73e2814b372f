"""Audit events: who did what to which record, and when. Never message bodies or phone numbers."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Column, Index
from sqlmodel import Field, SQLModel

from bot.storage.models.types import UTCDateTime


class AuditEvent(SQLModel, table=True):
    __tablename__ = "audit_event"
    __table_args__ = (
        Index("ix_audit_subject", "subject_type", "subject_id"),
        Index("ix_audit_action_at", "action", "at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    at: dt.datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
    actor: str = Field(max_length=80)
    action: str = Field(max_length=80)
    subject_type: str = Field(max_length=40)
    subject_id: str = Field(max_length=64)
    details: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
