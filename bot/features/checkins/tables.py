"""Check-in tables: a plan per contact, one answer row per check-in sent, and requests made by text.

A plan says when (local weekday and time, weekly or fortnightly), what kind (``waiting_well``,
``between_sessions``, ``after_discharge``, ``custom``), when it ends (a date, a number of check-ins, or the
first appointment for waiting well) and who looks after it. An answer row is written when a check-in is
sent; the score, the goal score and a reference to the free text arrive as the young person replies.
A missed check-in keeps its row with ``status = "missed"``. ``review_reason`` says why it went on the
practitioners' review list (``low_score``, ``drop``, ``two_missed``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Column, Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from bot.storage.models.types import UTCDateTime

KINDS = ("waiting_well", "between_sessions", "after_discharge", "custom")
FREQUENCIES = ("weekly", "fortnightly")
ACTIVE, PAUSED, ENDED = "active", "paused", "ended"
ASKED, ANSWERED, MISSED = "asked", "answered", "missed"
PENDING, APPROVED, DECLINED = "pending", "approved", "declined"


class CheckinPlan(SQLModel, table=True):
    __tablename__ = "checkin_plan"
    __table_args__ = (Index("ix_checkin_plan_contact_status", "contact_id", "status"),)

    id: int | None = Field(default=None, primary_key=True)
    contact_id: int = Field(foreign_key="contact.id")
    kind: str = Field(max_length=20)
    weekday: str = Field(max_length=3)
    local_time: dt.time
    frequency: str = Field(default="weekly", max_length=12)
    starts_on: dt.date
    end_on: dt.date | None = None
    end_after: int | None = None
    until_first_appointment: bool = False
    skip_holidays: bool = False
    owner: str = Field(max_length=40)
    goal_name: str | None = Field(default=None, max_length=40)
    status: str = Field(default=ACTIVE, max_length=10)
    paused_by: str | None = Field(default=None, max_length=60)
    sent_count: int = 0
    tips_used: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    created_by: str = Field(max_length=60)
    created_at: dt.datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
    ended_at: dt.datetime | None = Field(default=None, sa_column=Column(UTCDateTime, nullable=True))
    end_reason: str | None = Field(default=None, max_length=40)


class CheckinAnswer(SQLModel, table=True):
    __tablename__ = "checkin_answer"
    __table_args__ = (UniqueConstraint("plan_id", "sequence", name="uq_checkin_answer_plan_sequence"),)

    id: int | None = Field(default=None, primary_key=True)
    plan_id: int = Field(foreign_key="checkin_plan.id", index=True)
    contact_id: int = Field(foreign_key="contact.id", index=True)
    sequence: int
    status: str = Field(default=ASKED, max_length=10)
    due_at: dt.datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
    asked_at: dt.datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
    score: int | None = None
    score_at: dt.datetime | None = Field(default=None, sa_column=Column(UTCDateTime, nullable=True))
    goal_score: int | None = None
    goal_at: dt.datetime | None = Field(default=None, sa_column=Column(UTCDateTime, nullable=True))
    note_message_id: int | None = Field(default=None, foreign_key="message.id")
    note_at: dt.datetime | None = Field(default=None, sa_column=Column(UTCDateTime, nullable=True))
    tip: str | None = Field(default=None, max_length=40)
    review_reason: str | None = Field(default=None, max_length=20)
    escalation_ref: str | None = Field(default=None, max_length=12)


class CheckinRequest(SQLModel, table=True):
    """'can u check in on me every week': a request for the team to approve, not a plan."""

    __tablename__ = "checkin_request"

    id: int | None = Field(default=None, primary_key=True)
    contact_id: int = Field(foreign_key="contact.id", index=True)
    status: str = Field(default=PENDING, max_length=10)
    details: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    requested_at: dt.datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
    decided_by: str | None = Field(default=None, max_length=60)
    decided_at: dt.datetime | None = Field(default=None, sa_column=Column(UTCDateTime, nullable=True))
    plan_id: int | None = Field(default=None, foreign_key="checkin_plan.id")
