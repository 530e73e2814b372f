"""Scheduled items: the one mechanism for reminders, check-ins, follow-ups and timers."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Column, Index
from sqlmodel import Field, SQLModel

from bot.storage.models.types import UTCDateTime

PENDING = "pending"
CLAIMED = "claimed"
DONE = "done"
CANCELLED = "cancelled"
FAILED = "failed"


class ScheduledItem(SQLModel, table=True):
    __tablename__ = "scheduled_item"
    __table_args__ = (Index("ix_scheduled_due", "status", "due_at"),)

    id: int | None = Field(default=None, primary_key=True)
    due_at: dt.datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
    kind: str = Field(max_length=40)
    contact_id: int | None = Field(default=None, foreign_key="contact.id", index=True)
    payload: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    status: str = Field(default=PENDING, max_length=16)
    dedupe_key: str | None = Field(default=None, max_length=120, unique=True)
    attempts: int = Field(default=0)
    claimed_until: dt.datetime | None = Field(default=None, sa_column=Column(UTCDateTime, nullable=True))
    error: str | None = Field(default=None, max_length=500)
    created_at: dt.datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
    done_at: dt.datetime | None = Field(default=None, sa_column=Column(UTCDateTime, nullable=True))
