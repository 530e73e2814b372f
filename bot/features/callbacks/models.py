"""Call-back tables: the request (who, when, which number, what we may say) and each attempt to call.

The number to call is personal data: it lives here and in the contact row only, never in logs or audit
details. ``safe_to_say`` and ``voicemail`` are what the person answered; unknown is stored as False.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from sqlalchemy import JSON, Column, Index
from sqlmodel import Field, SQLModel

from bot.storage.models.types import UTCDateTime

Status = Literal["new", "claimed", "called", "no_answer", "done", "cancelled"]
STATUSES: tuple[Status, ...] = ("new", "claimed", "called", "no_answer", "done", "cancelled")
"""A call-back is open while ``closed_at`` is empty: new, claimed, called, or no_answer with its one retry
still to come. A second no_answer, done and cancelled close it."""
Outcome = Literal["called", "no_answer", "done"]
OUTCOMES: tuple[Outcome, ...] = ("called", "no_answer", "done")
Requester = Literal["pupil", "parent", "unknown"]


class Callback(SQLModel, table=True):
    __tablename__ = "callback"
    __table_args__ = (Index("ix_callback_status_due", "status", "due_by"),)

    id: int | None = Field(default=None, primary_key=True)
    ref: str = Field(max_length=12, unique=True)
    contact_id: int = Field(foreign_key="contact.id", index=True)
    requester: str = Field(default="unknown", max_length=16)
    for_child: str | None = Field(default=None, max_length=40)
    phone: str = Field(max_length=20)
    window: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    safe_to_say: bool = Field(default=False)
    voicemail: bool = Field(default=False)
    about: str | None = Field(default=None, max_length=300)
    source: str = Field(default="sms", max_length=20)
    status: str = Field(default="new", max_length=16)
    claimed_by: str | None = Field(default=None, max_length=40)
    retry_left: int = Field(default=1)
    due_by: dt.datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
    overdue_alerted_at: dt.datetime | None = Field(default=None, sa_column=Column(UTCDateTime, nullable=True))
    created_at: dt.datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
    updated_at: dt.datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
    closed_at: dt.datetime | None = Field(default=None, sa_column=Column(UTCDateTime, nullable=True))


class CallbackAttempt(SQLModel, table=True):
    """One try at calling: who, when, what happened, and a short note (never shown to the person)."""

    __tablename__ = "callback_attempt"

    id: int | None = Field(default=None, primary_key=True)
    callback_id: int = Field(foreign_key="callback.id", index=True)
    at: dt.datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
    by: str = Field(max_length=40)
    outcome: str = Field(max_length=16)
    note: str | None = Field(default=None, max_length=500)


class CallbackNote(SQLModel, table=True):
    """A note for the team on a call-back, apart from any attempt (never sent, never in the audit log)."""

    __tablename__ = "callback_note"

    id: int | None = Field(default=None, primary_key=True)
    callback_id: int = Field(foreign_key="callback.id", index=True)
    at: dt.datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
    by: str = Field(max_length=40)
    text: str = Field(max_length=1000)
