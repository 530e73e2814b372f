"""The appointment table: one booked session with a practitioner, and what became of it."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from sqlalchemy import Column, Index
from sqlmodel import Field, SQLModel

from bot.storage.models.types import UTCDateTime

Kind = Literal["school", "clinic", "phone", "video"]
KINDS: tuple[Kind, ...] = ("school", "clinic", "phone", "video")

BOOKED = "booked"
CONFIRMED = "confirmed"
CANCELLED_BY_PERSON = "cancelled_by_person"
CANCELLED_BY_TEAM = "cancelled_by_team"
REARRANGE_REQUESTED = "rearrange_requested"
ATTENDED = "attended"
DID_NOT_ATTEND = "did_not_attend"
STATUSES = (
    BOOKED,
    CONFIRMED,
    CANCELLED_BY_PERSON,
    CANCELLED_BY_TEAM,
    REARRANGE_REQUESTED,
    ATTENDED,
    DID_NOT_ATTEND,
)
OPEN = (BOOKED, CONFIRMED, REARRANGE_REQUESTED)
"""Still to happen: the person may answer about these."""
REMINDED = (BOOKED, CONFIRMED)
"""Reminders are sent for these (a rearrange request waits for the team; cancelled ones get none)."""


class Appointment(SQLModel, table=True):
    __tablename__ = "appointment"
    __table_args__ = (Index("ix_appointment_contact_start", "contact_id", "start_at"),)

    id: int | None = Field(default=None, primary_key=True)
    contact_id: int = Field(foreign_key="contact.id")
    practitioner_id: int | None = Field(default=None, foreign_key="practitioner.id")
    practitioner_name: str = Field(max_length=120)
    """How the person knows the practitioner, e.g. "Sam" or "Sam Jones" (see reminders.show_surname)."""
    start_at: dt.datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
    minutes: int = Field(default=45)
    kind: str = Field(max_length=16)
    place: str | None = Field(default=None, max_length=200)
    status: str = Field(default=BOOKED, max_length=24, index=True)
    course_id: str | None = Field(default=None, max_length=40, index=True)
    """Sessions booked together (`book_course`) share this id."""
    revision: int = Field(default=0)
    """Bumped when the time changes, so new reminders get new dedupe keys."""
    reason: str | None = Field(default=None, max_length=300)
    """What the person said when they cancelled or asked to change it (their words; never logged)."""
    last_reminder_at: dt.datetime | None = Field(default=None, sa_column=Column(UTCDateTime, nullable=True))
    reminders_sent: int = Field(default=0)
    created_by: str = Field(max_length=80)
    created_at: dt.datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
    updated_at: dt.datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
